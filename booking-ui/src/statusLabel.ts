import type { Translate } from '@videoloket/call-client';
import type { BookingKey } from './i18n';

/** A case status in words; statuses a product adds itself (configurable per product) show as given. */
export function statusLabel(t: Translate<BookingKey>, status: string): string {
  const key = `status_${status}` as BookingKey;
  const text = t(key);
  return text === key ? status.replace(/_/g, ' ') : text;
}

import type { Translate } from '@videoloket/call-client';
import type { AppointmentsKey } from './i18n';

/** A translated label, or the raw value in words when a product or kit is configured beyond the catalogue. */
function label(t: Translate<AppointmentsKey>, prefix: string, value: string): string {
  const key = `${prefix}${value}` as AppointmentsKey;
  const text = t(key);
  return text === key ? value.replace(/_/g, ' ') : text;
}

export const statusText = (t: Translate<AppointmentsKey>, s: string) => label(t, 'status_', s);
export const kitText = (t: Translate<AppointmentsKey>, kit: string[]) => kit.map((k) => label(t, 'kit_', k)).join(', ');

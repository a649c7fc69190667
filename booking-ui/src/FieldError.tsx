import type { Translate } from '@videoloket/call-client';
import type { BookingKey } from './i18n';

/** The message under a field; the input points at it with aria-describedby. */
export function FieldError({ t, id, error }: { t: Translate<BookingKey>; id: string; error?: BookingKey }) {
  if (!error) return null;
  return (
    <span id={id} className="error field-error" data-testid="field-error">
      {t(error)}
    </span>
  );
}

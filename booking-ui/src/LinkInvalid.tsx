import type { Translate } from '@videoloket/call-client';
import type { BookingKey } from './i18n';

export function LinkInvalid({ t }: { t: Translate<BookingKey> }) {
  return (
    <section className="booking-page" data-testid="link-invalid">
      <h1>{t('linkInvalid')}</h1>
      <p>{t('linkInvalidBody')}</p>
    </section>
  );
}

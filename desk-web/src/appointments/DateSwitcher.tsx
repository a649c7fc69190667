import type { Translate } from '@videoloket/call-client';
import type { AppointmentsKey } from './i18n';
import { addDays, localDateOf } from '@videoloket/booking-ui';

/** Day navigation: previous / date field / next / today, all real buttons and a labelled input. */
export function DateSwitcher({ t, date, onChange, id }: { t: Translate<AppointmentsKey>; date: string; onChange(d: string): void; id: string }) {
  return (
    <div className="date-switcher" role="group" aria-label={t('date')}>
      <button type="button" className="secondary" onClick={() => onChange(addDays(date, -1))} aria-label={t('previousDay')}>
        ‹
      </button>
      <label htmlFor={id} className="visually-hidden">
        {t('date')}
      </label>
      <input id={id} type="date" value={date} onChange={(e) => e.target.value && onChange(e.target.value)} data-testid="day-input" />
      <button type="button" className="secondary" onClick={() => onChange(addDays(date, 1))} aria-label={t('nextDay')}>
        ›
      </button>
      <button type="button" className="secondary" onClick={() => onChange(localDateOf(new Date()))}>
        {t('today')}
      </button>
    </div>
  );
}

import type { Language } from '@videoloket/call-client';

// Times are shown in the municipality's time zone (the back office's TIME_ZONE default), not
// the browser's: an appointment at the town hall is at 10:00 Brussels time wherever the phone is.
export const MUNICIPALITY_TIME_ZONE = 'Europe/Brussels';

const locale = (lang: Language) => `${lang}-BE`;

export function formatDateTime(iso: string, lang: Language): string {
  return new Intl.DateTimeFormat(locale(lang), { timeZone: MUNICIPALITY_TIME_ZONE, dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));
}

export function formatTime(iso: string, lang: Language): string {
  return new Intl.DateTimeFormat(locale(lang), { timeZone: MUNICIPALITY_TIME_ZONE, timeStyle: 'short' }).format(new Date(iso));
}

export function formatDay(localDate: string, lang: Language): string {
  // Noon UTC of a calendar date is the same calendar date in Brussels.
  return new Intl.DateTimeFormat(locale(lang), { timeZone: MUNICIPALITY_TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(`${localDate}T12:00:00Z`));
}

export function formatMoney(cents: number, lang: Language): string {
  return new Intl.NumberFormat(locale(lang), { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** The calendar date (YYYY-MM-DD) of an instant in the municipality's time zone. */
export function localDateOf(instant: Date | string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: MUNICIPALITY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}

export function addDays(localDate: string, days: number): string {
  const d = new Date(`${localDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

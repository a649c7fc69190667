import { useEffect, useState, type FormEvent } from 'react';
import type { Language, Translate } from '@videoloket/call-client';
import type { DeskAuth } from '../api';
import { DateSwitcher } from './DateSwitcher';
import type { AppointmentsKey } from './i18n';

/** What a one-clerk-one-day view (the mobile counter's plan, a driver's deliveries) takes from the desk. */
export interface ClerkDayProps {
  lang: Language;
  auth: DeskAuth;
  clerkId?: string;
  date: string;
  onChange(clerkId: string | undefined, date: string): void;
  onUnauthenticated(): void;
}

interface Props {
  t: Translate<AppointmentsKey>;
  /** Prefix of the element ids and the field's test id (`<prefix>-clerk`). */
  idPrefix: string;
  label: AppointmentsKey;
  hint: AppointmentsKey;
  button: AppointmentsKey;
  buttonTestId: string;
  clerkId?: string;
  date: string;
  /** Clerk ids offered in the field's list. */
  suggested?: string[];
  onChange(clerkId: string | undefined, date: string): void;
}

/** Which clerk's day to show: a clerk id field (with suggestions), its button, and the day switcher. */
export function ClerkDayPicker({ t, idPrefix, label, hint, button, buttonTestId, clerkId, date, suggested = [], onChange }: Props) {
  const [typed, setTyped] = useState(clerkId ?? '');
  useEffect(() => setTyped(clerkId ?? ''), [clerkId]);

  function show(e: FormEvent) {
    e.preventDefault();
    const id = typed.trim();
    if (/^[A-Za-z0-9_-]{1,64}$/.test(id)) onChange(id, date);
  }

  const field = `${idPrefix}-clerk`;
  return (
    <>
      <form className="mobile-pick" onSubmit={show}>
        <div className="field">
          <label htmlFor={field}>{t(label)}</label>
          <input id={field} list={suggested.length ? `${field}s` : undefined} value={typed} onChange={(e) => setTyped(e.target.value)} aria-describedby={`${field}-hint`} maxLength={64} data-testid={field} />
          {suggested.length > 0 && (
            <datalist id={`${field}s`}>
              {suggested.map((id) => (
                <option key={id} value={id} />
              ))}
            </datalist>
          )}
          <span id={`${field}-hint`} className="hint">
            {t(hint)}
          </span>
        </div>
        <button type="submit" data-testid={buttonTestId}>
          {t(button)}
        </button>
      </form>
      <DateSwitcher t={t} date={date} onChange={(d) => onChange(clerkId, d)} id={`${idPrefix}-date`} />
    </>
  );
}

/**
 * The day's data of one clerk, loaded again when the clerk or the day changes (cleared first, so
 * the view says "loading" rather than showing the previous day); undefined without a clerk.
 */
export function useClerkDay<T>(clerkId: string | undefined, date: string, load: (clerkId: string, date: string) => Promise<T>, fail: (err: unknown) => void, clearError: () => void) {
  const [data, setData] = useState<T>();
  useEffect(() => {
    setData(undefined);
    clearError();
    if (!clerkId) return;
    load(clerkId, date).then(setData, fail);
  }, [clerkId, date, load, fail, clearError]);
  return [data, setData] as const;
}

/** Below the picker: the loading / nothing-that-day line, what was just done (spoken), and the error. */
export function ClerkDayStatus({ status, announce, error }: { status: string; announce: string; error?: string }) {
  return (
    <>
      <div role="status" className="status">
        {status}
      </div>
      <div aria-live="polite" className="visually-hidden">
        {announce}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </>
  );
}

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AppointmentView, ProductView } from '@videoloket/contracts';
import { createTranslator, type Language } from '@videoloket/call-client';
import { deskHttp, type DeskAuth } from '../api';
import { appointmentsCatalogues } from './i18n';
import { CasePanel } from './CasePanel';
import { DateSwitcher } from './DateSwitcher';
import { BookingForm, bookingApi, bookingCatalogues, formatDay, formatTime } from '@videoloket/booking-ui';
import { channelTraits } from '@videoloket/contracts/channels';
import { useDeskError } from '../useDeskError';

interface Props {
  lang: Language;
  auth: DeskAuth;
  date: string;
  onDate(date: string): void;
  onOpenCall(callId: string): void;
  onUnauthenticated(): void;
}

/** "Afspraken": the day's appointments, a case panel beside them, and booking for a citizen. */
export function AppointmentsView({ lang, auth, date, onDate, onOpenCall, onUnauthenticated }: Props) {
  const t = useMemo(() => createTranslator(appointmentsCatalogues, lang), [lang]);
  const bt = useMemo(() => createTranslator(bookingCatalogues, lang), [lang]);
  const [list, setList] = useState<AppointmentView[]>();
  const [products, setProducts] = useState<Map<string, ProductView>>(new Map());
  const [caseId, setCaseId] = useState<string>();
  const [booking, setBooking] = useState(false);
  const [starting, setStarting] = useState<string>();

  const { error, setError, fail } = useDeskError(t, onUnauthenticated);

  const refresh = useCallback(() => {
    setError(undefined);
    deskHttp(auth).appointments({ query: { date } }).then(setList, fail);
  }, [auth, date, fail, setError]);

  useEffect(() => {
    setList(undefined);
    refresh();
    const timer = setInterval(refresh, 30_000);
    return () => clearInterval(timer);
  }, [refresh]);

  useEffect(() => {
    deskHttp(auth).products().then((ps) => setProducts(new Map(ps.map((p) => [p.id, p]))), fail);
  }, [auth, fail]);

  const productName = (id: string) => products.get(id)?.name[lang] ?? id;

  async function startCall(a: AppointmentView) {
    setStarting(a.id);
    setError(undefined);
    try {
      const title = `${productName(a.productId)} — ${a.citizenName}`.slice(0, 120);
      const call = await deskHttp(auth).startAppointmentCall({ params: { appointmentId: a.id }, body: { title } });
      onOpenCall(call.callId);
    } catch (err) {
      fail(err);
    } finally {
      setStarting(undefined);
    }
  }

  return (
    <div className="appointments-home">
      <section aria-labelledby="appointments-heading" className="panel" data-testid="appointments-view" data-date={date}>
        <div className="panel-head">
          <h1 id="appointments-heading">{t('appointmentsTitle')}</h1>
          <button type="button" className="secondary" onClick={refresh}>
            {t('refresh')}
          </button>
        </div>
        <DateSwitcher t={t} date={date} onChange={onDate} id="appointments-date" />
        <p role="status" className="status">
          {list === undefined ? t('loading') : list.length === 0 ? t('noAppointments') : t('appointmentsCount', { count: list.length, date: formatDay(date, lang) })}
        </p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {list && list.length > 0 && (
          <table className="calls appointments" data-testid="appointment-list">
            <thead>
              <tr>
                <th scope="col">{t('colTime')}</th>
                <th scope="col">{t('colProduct')}</th>
                <th scope="col">{t('colChannel')}</th>
                <th scope="col">{t('colCitizen')}</th>
                <th scope="col">{t('colCase')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('colActions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((a) => (
                <tr key={a.id} data-testid="appointment-row" data-appointment-id={a.id} data-channel={a.channel}>
                  <td>
                    {formatTime(a.startsAt, lang)}–{formatTime(a.endsAt, lang)}
                  </td>
                  <td>{productName(a.productId)}</td>
                  <td>{t(`channel_${a.channel}`)}</td>
                  <td>
                    {a.citizenName}
                    {a.address && <span className="hint block">{a.address}</span>}
                    {a.identityVerified && (
                      <span className="hint block" data-testid="identity-verified">
                        {t('identityVerified', { name: a.identityVerified.name })}
                      </span>
                    )}
                  </td>
                  <td>
                    <button type="button" className="link-button" onClick={() => setCaseId(a.caseId)} aria-label={t('openCase', { reference: a.caseReference })} aria-expanded={caseId === a.caseId} data-testid="open-case">
                      {a.caseReference}
                    </button>
                  </td>
                  <td>
                    {channelTraits(a.channel).joinLink && (
                      <button type="button" disabled={starting === a.id} onClick={() => void startCall(a)} aria-label={t('startCallFor', { name: a.citizenName })} data-testid="start-call">
                        {t('startCall')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="book-for-citizen">
          <button type="button" className="secondary" aria-expanded={booking} aria-controls="desk-booking" onClick={() => setBooking((b) => !b)} data-testid="toggle-booking">
            {booking ? t('hideBooking') : t('bookForCitizen')}
          </button>
          {booking && (
            <div id="desk-booking" className="desk-booking">
              <BookingForm t={bt} lang={lang} api={bookingApi} headingLevel={2} onBooked={refresh} />
            </div>
          )}
        </div>
      </section>
      {caseId && <CasePanel key={caseId} lang={lang} auth={auth} caseId={caseId} onClose={() => setCaseId(undefined)} onUnauthenticated={onUnauthenticated} />}
    </div>
  );
}

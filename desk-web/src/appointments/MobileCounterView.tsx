import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ChecklistItem, DayPlanVisit } from '@videoloket/contracts';
import { createTranslator, type Language, type Translate } from '@videoloket/call-client';
import { deskHttp } from '../api';
import { appointmentsCatalogues, type AppointmentsKey } from './i18n';
import { CasePanel } from './CasePanel';
import { ClerkDayPicker, ClerkDayStatus, useClerkDay, type ClerkDayProps } from './ClerkDayPicker';
import { kitText } from './labels';
import { formatTime } from '@videoloket/booking-ui';
import { channelTraits } from '@videoloket/contracts/channels';
import { useDeskError } from '../useDeskError';

const ITEMS: ChecklistItem[] = ['identity_verified', 'photo', 'fingerprints', 'signature', 'receipt_printed'];

/**
 * "Mobiele balie": one mobile clerk's day in planned route order (the back office plans it:
 * nearest neighbour + 2-opt), with arrival times, kit and a checklist per visit that updates
 * the case. Built for a phone in the clerk's hand: one column, big checkboxes.
 */
export function MobileCounterView({ lang, auth, clerkId, date, onChange, onUnauthenticated }: ClerkDayProps) {
  const t = useMemo(() => createTranslator(appointmentsCatalogues, lang), [lang]);
  const [suggested, setSuggested] = useState<string[]>([]);
  const [announce, setAnnounce] = useState('');
  const [caseId, setCaseId] = useState<string>();

  const { error, setError, fail } = useDeskError(t, onUnauthenticated);

  // No clerk directory endpoint yet: suggest the clerks who have mobile-counter visits that day.
  useEffect(() => {
    deskHttp(auth).appointments({ query: { date } }).then((list) => {
      const ids = [...new Set(list.filter((a) => channelTraits(a.channel).mobileCounter).map((a) => a.clerkId))].sort();
      setSuggested(ids);
      if (!clerkId && ids[0]) onChange(ids[0], date);
    }, fail);
  }, [auth, date, clerkId, fail, onChange]);

  const load = useCallback((id: string, day: string) => deskHttp(auth).dayPlan({ query: { clerkId: id, date: day } }), [auth]);
  const clearError = useCallback(() => setError(undefined), [setError]);
  const [plan, setPlan] = useClerkDay(clerkId, date, load, fail, clearError);

  async function toggle(v: DayPlanVisit, item: ChecklistItem, done: boolean) {
    const patch = (checklist: Record<ChecklistItem, boolean>) =>
      setPlan((p) => p && { ...p, windows: p.windows.map((w) => ({ ...w, visits: w.visits.map((x) => (x.appointmentId === v.appointmentId ? { ...x, checklist } : x)) })) });
    patch({ ...v.checklist, [item]: done });
    try {
      patch(await deskHttp(auth).setChecklistItem({ params: { appointmentId: v.appointmentId }, body: { item, done } }));
      setAnnounce(t('checkSaved', { item: t(`check_${item}`), state: done ? t('done') : t('notDone') }));
    } catch (err) {
      patch(v.checklist);
      fail(err);
    }
  }

  const visits = plan?.windows.reduce((n, w) => n + w.visits.length, 0) ?? 0;
  return (
    <div className="mobile-home">
      <section className="panel mobile-plan" aria-labelledby="mobile-heading" data-testid="mobile-view">
        <h1 id="mobile-heading">{t('mobileTitle')}</h1>
        <ClerkDayPicker t={t} idPrefix="mobile" label="mobileClerk" hint="mobileClerkHint" button="showPlan" buttonTestId="show-plan" clerkId={clerkId} date={date} suggested={suggested} onChange={onChange} />
        <ClerkDayStatus status={clerkId && !plan && !error ? t('loading') : plan && visits === 0 ? t('noVisits') : ''} announce={announce} error={error} />
        {plan && plan.kit.length > 0 && <p className="banner" data-testid="day-kit">{t('kitForDay', { kit: kitText(t, plan.kit) })}</p>}
        {plan?.windows.map((w) => (
          <section key={w.startsAt} className="route-window" aria-labelledby={`win-${w.startsAt}`}>
            <h2 id={`win-${w.startsAt}`}>{t('windowHeading', { from: formatTime(w.startsAt, lang), to: formatTime(w.endsAt, lang) })}</h2>
            <p className="hint">{t('routeKm', { planned: w.plannedKm, booking: w.bookingOrderKm })}</p>
            {!w.fits && <p className="error">{t('windowTooFull')}</p>}
            <ol className="visits" data-testid="visit-list">
              {w.visits.map((v) => (
                <Visit key={v.appointmentId} t={t} lang={lang} v={v} onToggle={toggle} onCase={() => setCaseId(v.caseId)} />
              ))}
            </ol>
          </section>
        ))}
      </section>
      {caseId && <CasePanel key={caseId} lang={lang} auth={auth} caseId={caseId} onClose={() => setCaseId(undefined)} onUnauthenticated={onUnauthenticated} />}
    </div>
  );
}

function Visit({ t, lang, v, onToggle, onCase }: { t: Translate<AppointmentsKey>; lang: Language; v: DayPlanVisit; onToggle(v: DayPlanVisit, item: ChecklistItem, done: boolean): void; onCase(): void }) {
  const id = `visit-${v.appointmentId}`;
  return (
    <li className="visit" data-testid="visit" data-order={v.order} data-appointment-id={v.appointmentId} data-arrive-at={v.arriveAt} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('visitHeading', { order: v.order, time: formatTime(v.arriveAt, lang), name: v.citizenName })}</h3>
      <p>
        {/* geo: opens the phone's own map app; no external map service is called from here. */}
        <a href={`geo:${v.location.lat},${v.location.lon}`}>{v.address}</a>
        {v.instructions && <span className="block hint">{v.instructions}</span>}
      </p>
      <p className="hint">
        {t('arrive', { arrive: formatTime(v.arriveAt, lang), leave: formatTime(v.leaveAt, lang) })} · {t('travel', { minutes: v.travelMinutesBefore, km: v.distanceKmBefore })}
      </p>
      <p>{v.kit.length ? t('kit', { kit: kitText(t, v.kit) }) : t('noKit')}</p>
      <fieldset className="checklist">
        <legend>{t('checklist')}</legend>
        {ITEMS.map((item) => (
          <label key={item} className="check big">
            <input type="checkbox" checked={v.checklist[item]} onChange={(e) => onToggle(v, item, e.target.checked)} data-testid={`check-${item}`} />
            {t(`check_${item}`)}
          </label>
        ))}
      </fieldset>
      <button type="button" className="secondary" onClick={onCase} data-testid="visit-case">
        {t('colCase')}
      </button>
    </li>
  );
}

import { useCallback, useMemo, useState } from 'react';
import type { DeliveryStop } from '@videoloket/contracts';
import { createTranslator, isAppError, type Language, type Translate } from '@videoloket/call-client';
import { SignatureBox } from '@videoloket/call-client/forms';
import { formatTime } from '@videoloket/booking-ui';
import { deskHttp } from '../api';
import { signatureLabels } from '../forms/labels';
import { useDeskError } from '../useDeskError';
import { ClerkDayPicker, ClerkDayStatus, useClerkDay, type ClerkDayProps } from './ClerkDayPicker';
import { appointmentsCatalogues, type AppointmentsKey } from './i18n';

/**
 * "Leveringen": a driver's deliveries of one day in planned route order (the back office plans
 * it like the mobile counter's visits), for the phone in the driver's hand. Each stop is marked
 * delivered with the recipient's drawn signature; only the assigned driver's account may.
 */
export function DeliveryRouteView({ lang, auth, clerkId, date, onChange, onUnauthenticated }: ClerkDayProps) {
  const t = useMemo(() => createTranslator(appointmentsCatalogues, lang), [lang]);
  const [announce, setAnnounce] = useState('');
  const { error, setError, fail } = useDeskError(t, onUnauthenticated);
  const load = useCallback((id: string, day: string) => deskHttp(auth).deliveryRoute({ query: { clerkId: id, date: day } }), [auth]);
  const clearError = useCallback(() => setError(undefined), [setError]);
  const [route, setRoute] = useClerkDay(clerkId, date, load, fail, clearError);

  async function delivered(stop: DeliveryStop, signature: string) {
    try {
      setRoute(await deskHttp(auth).markDelivered({ params: { deliveryId: stop.deliveryId }, body: { signature } }));
      setAnnounce(t('stopSaved', { order: String(stop.order) }));
    } catch (err) {
      if (isAppError(err, 'FORBIDDEN')) setError(t('notYourDelivery'));
      else fail(err);
      throw err; // the signature box says it was not taken
    }
  }

  return (
    <div className="mobile-home">
      <section className="panel mobile-plan" aria-labelledby="deliveries-heading" data-testid="deliveries-view">
        <h1 id="deliveries-heading">{t('deliveriesTitle')}</h1>
        <ClerkDayPicker t={t} idPrefix="deliveries" label="deliveryDriver" hint="deliveryDriverHint" button="showRoute" buttonTestId="show-route" clerkId={clerkId} date={date} onChange={onChange} />
        <ClerkDayStatus status={clerkId && !route && !error ? t('loading') : route && route.stops.length === 0 ? t('noDeliveries') : ''} announce={announce} error={error} />
        {route && route.stops.length > 0 && (
          <>
            <p className="hint">{t('deliveryRoute', { km: String(route.plannedKm), minutes: String(route.plannedMinutes) })}</p>
            <ol className="visits" data-testid="delivery-stops">
              {route.stops.map((s) => (
                <Stop key={s.deliveryId} t={t} lang={lang} stop={s} onDelivered={delivered} />
              ))}
            </ol>
          </>
        )}
      </section>
    </div>
  );
}

function Stop({ t, lang, stop, onDelivered }: { t: Translate<AppointmentsKey>; lang: Language; stop: DeliveryStop; onDelivered(stop: DeliveryStop, signature: string): Promise<void> }) {
  const id = `stop-${stop.deliveryId}`;
  return (
    <li className="visit" data-testid="delivery-stop" data-order={stop.order} data-delivery-id={stop.deliveryId} data-status={stop.status} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('stopHeading', { order: String(stop.order), name: stop.citizenName, reference: stop.caseReference })}</h2>
      <p>
        {/* geo: opens the phone's own map app; no external map service is called from here. */}
        <a href={`geo:${stop.location.lat},${stop.location.lon}`}>{stop.address}</a>
        {stop.instructions && <span className="block hint">{stop.instructions}</span>}
      </p>
      <p className="hint">{t('stopTravel', { minutes: String(stop.travelMinutesBefore), km: String(stop.distanceKmBefore) })}</p>
      {stop.status === 'delivered' ? (
        <p className="ok" data-testid="stop-delivered">
          {t('stopDelivered', { time: stop.deliveredAt ? formatTime(stop.deliveredAt, lang) : '' })}
        </p>
      ) : (
        <fieldset className="checklist">
          <legend id={`${id}-sign`}>{t('stopSign')}</legend>
          <p id={`${id}-sign-hint`} className="hint">
            {t('stopSignHint')}
          </p>
          <SignatureBox labels={signatureLabels(lang)} describedBy={`${id}-sign-hint`} onConfirm={(png) => onDelivered(stop, png)} />
        </fieldset>
      )}
    </li>
  );
}

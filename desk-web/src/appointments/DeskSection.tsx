import { lazy, Suspense, useCallback } from 'react';
import type { Language } from '@videoloket/call-client';
import type { DeskAuth } from '../api';
import { PastCallsView } from '../history/PastCallsView';
import { SupervisorView } from '../supervisor/SupervisorView';
import { AppointmentsView } from './AppointmentsView';
import { DeliveryRouteView } from './DeliveryRouteView';
import { MobileCounterView } from './MobileCounterView';
import { deskSectionHash, type DeskSectionRoute } from './route';
import { localDateOf } from '@videoloket/booking-ui';
import './appointments.css';

// Loaded when opened: keeps the desk's first download within its budget (vite.config.ts).
const ImpactView = lazy(() => import('../impact/ImpactView').then((m) => ({ default: m.ImpactView })));
const WaitingAlertsSettings = lazy(() => import('../waiting/WaitingAlertsSettings').then((m) => ({ default: m.WaitingAlertsSettings })));

interface Props {
  route: DeskSectionRoute;
  lang: Language;
  auth: DeskAuth;
  onOpenCall(callId: string): void;
  onUnauthenticated(): void;
}

/** The back-office views of the desk and its settings, chosen by the fragment (route.ts). */
export function DeskSection({ route, lang, auth, onOpenCall, onUnauthenticated }: Props) {
  const date = ('date' in route ? route.date : undefined) ?? localDateOf(new Date());
  const go = useCallback((r: DeskSectionRoute) => {
    location.hash = deskSectionHash(r);
  }, []);
  const onMobile = useCallback((clerkId: string | undefined, d: string) => go({ view: 'mobile', clerkId, date: d }), [go]);
  if (route.view === 'settings') {
    return (
      <Suspense fallback={null}>
        <WaitingAlertsSettings clerkId={auth.clerk.id} lang={lang} />
      </Suspense>
    );
  }
  if (route.view === 'impact') {
    return (
      <Suspense fallback={null}>
        <ImpactView
          lang={lang}
          auth={auth}
          from={route.from ?? `${date.slice(0, 8)}01`}
          to={route.to ?? date}
          onPeriod={(from, to) => go({ view: 'impact', from, to })}
          onUnauthenticated={onUnauthenticated}
        />
      </Suspense>
    );
  }
  if (route.view === 'supervisor') return <SupervisorView lang={lang} auth={auth} onUnauthenticated={onUnauthenticated} />;
  if (route.view === 'history') return <PastCallsView lang={lang} auth={auth} onUnauthenticated={onUnauthenticated} />;
  if (route.view === 'appointments') {
    return <AppointmentsView lang={lang} auth={auth} date={date} onDate={(d) => go({ view: 'appointments', date: d })} onOpenCall={onOpenCall} onUnauthenticated={onUnauthenticated} />;
  }
  if (route.view === 'deliveries') {
    const clerkId = route.clerkId ?? auth.clerk.backofficeClerkId;
    return <DeliveryRouteView lang={lang} auth={auth} clerkId={clerkId} date={date} onChange={(c, d) => go({ view: 'deliveries', clerkId: c, date: d })} onUnauthenticated={onUnauthenticated} />;
  }
  return <MobileCounterView lang={lang} auth={auth} clerkId={route.clerkId} date={date} onChange={onMobile} onUnauthenticated={onUnauthenticated} />;
}

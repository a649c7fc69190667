import { useCallback } from 'react';
import type { Language } from '@videoloket/call-client';
import type { DeskAuth } from '../api';
import { PastCallsView } from '../history/PastCallsView';
import { WaitingAlertsSettings } from '../waiting';
import { AppointmentsView } from './AppointmentsView';
import { MobileCounterView } from './MobileCounterView';
import { deskSectionHash, type DeskSectionRoute } from './route';
import { localDateOf } from '@videoloket/booking-ui';
import './appointments.css';

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
  if (route.view === 'settings') return <WaitingAlertsSettings clerkId={auth.clerk.id} lang={lang} />;
  if (route.view === 'history') return <PastCallsView lang={lang} auth={auth} onUnauthenticated={onUnauthenticated} />;
  if (route.view === 'appointments') {
    return <AppointmentsView lang={lang} auth={auth} date={date} onDate={(d) => go({ view: 'appointments', date: d })} onOpenCall={onOpenCall} onUnauthenticated={onUnauthenticated} />;
  }
  return <MobileCounterView lang={lang} auth={auth} clerkId={route.clerkId} date={date} onChange={onMobile} onUnauthenticated={onUnauthenticated} />;
}

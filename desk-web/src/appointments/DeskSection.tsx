import { useCallback } from 'react';
import type { Language } from '@videoloket/call-client';
import type { DeskAuth } from '../api';
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

/** The back-office views of the desk, chosen by the fragment (route.ts). */
export function DeskSection({ route, lang, auth, onOpenCall, onUnauthenticated }: Props) {
  const date = route.date ?? localDateOf(new Date());
  const go = useCallback((r: DeskSectionRoute) => {
    location.hash = deskSectionHash(r);
  }, []);
  const onMobile = useCallback((clerkId: string | undefined, d: string) => go({ view: 'mobile', clerkId, date: d }), [go]);
  if (route.view === 'appointments') {
    return <AppointmentsView lang={lang} auth={auth} date={date} onDate={(d) => go({ view: 'appointments', date: d })} onOpenCall={onOpenCall} onUnauthenticated={onUnauthenticated} />;
  }
  return <MobileCounterView lang={lang} auth={auth} clerkId={route.clerkId} date={date} onChange={onMobile} onUnauthenticated={onUnauthenticated} />;
}

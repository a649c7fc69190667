import { useState } from 'react';
import { LanguagePicker, useI18n } from '@videoloket/call-client/react';
import type { VerifiedCitizen } from '@videoloket/contracts';
import type { CitizenPage } from '@videoloket/contracts/links';
import { bookingCatalogues } from './i18n';
import { bookingApi } from './api';
import { BookingForm } from './BookingForm';
import { ManagePage } from './ManagePage';
import { StatusPage } from './StatusPage';
import { LinkInvalid } from './LinkInvalid';
import { CitizenLoginPanel } from './CitizenLoginPanel';

/** The booking page a mail link opens (contracts' citizenPageOf reads it from the address). */
export type BookingRoute = CitizenPage;

export function BookingApp({ route }: { route: BookingRoute }) {
  const { lang, t, setLang } = useI18n(bookingCatalogues);
  const [verifiedCitizen, setVerifiedCitizen] = useState<VerifiedCitizen>();
  let content;
  if (route.page === 'book') {
    content = (
      <div className="booking-page">
        <h1>{t('bookTitle')}</h1>
        <p>{t('bookIntro')}</p>
        <CitizenLoginPanel t={t} lang={lang} api={bookingApi} invitationCode={route.code} loginReturn={route.login} onCitizen={setVerifiedCitizen} />
        <BookingForm t={t} lang={lang} api={bookingApi} invitationCode={route.code} verifiedCitizen={verifiedCitizen} />
      </div>
    );
  } else if (route.page === 'manage') {
    content = <ManagePage t={t} lang={lang} api={bookingApi} token={route.token} />;
  } else if (route.page === 'invalid') {
    content = <LinkInvalid t={t} />;
  } else {
    content = <StatusPage t={t} lang={lang} api={bookingApi} token={route.token} />;
  }
  return (
    <>
      <header className="topbar">
        <span className="brand">{t('appName')}</span>
        <LanguagePicker lang={lang} onChange={setLang} label={t('language')} />
      </header>
      <main>{content}</main>
    </>
  );
}

import { LanguagePicker, useI18n } from '@videoloket/call-client/react';
import { bookingCatalogues } from './i18n';
import { bookingApi } from './api';
import { BookingForm } from './BookingForm';
import { ManagePage } from './ManagePage';
import { StatusPage } from './StatusPage';
import { LinkInvalid } from './LinkInvalid';

export type BookingRoute = { page: 'book'; code?: string } | { page: 'manage'; token: string } | { page: 'status'; token: string } | { page: 'invalid' };

const TOKEN = '([A-Za-z0-9_-]{20,128})';

/** The citizen-web paths these pages serve (mail links: docs/backoffice.md), or undefined for the call app. */
export function bookingRouteOf(pathname: string, search: string): BookingRoute | undefined {
  const path = pathname.replace(/\/+$/, '');
  if (path === '/afspraak-maken') {
    const code = new URLSearchParams(search).get('code')?.trim();
    return { page: 'book', ...(code && code.length <= 20 ? { code } : {}) };
  }
  const manage = new RegExp(`^/afspraak/${TOKEN}$`).exec(path);
  if (manage) return { page: 'manage', token: manage[1]! };
  const status = new RegExp(`^/dossier/${TOKEN}$`).exec(path);
  if (status) return { page: 'status', token: status[1]! };
  // A mangled private link still lands here (and says so) rather than on the call page.
  if (/^\/(afspraak|dossier)\//.test(path)) return { page: 'invalid' };
  return undefined;
}

export function BookingApp({ route }: { route: BookingRoute }) {
  const { lang, t, setLang } = useI18n(bookingCatalogues);
  let content;
  if (route.page === 'book') {
    content = (
      <div className="booking-page">
        <h1>{t('bookTitle')}</h1>
        <p>{t('bookIntro')}</p>
        <BookingForm t={t} lang={lang} api={bookingApi} invitationCode={route.code} />
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

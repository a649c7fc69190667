import { useCallback, useEffect, useState } from 'react';
import { LanguagePicker, useI18n } from '@videoloket/call-client/react';
import { catalogues } from './i18n';
import { loadAuth, saveAuth, type DeskAuth } from './api';
import { SignIn } from './SignIn';
import { CallList } from './CallList';
import { CallRoom } from './CallRoom';
import { CaseWindow } from './cockpit/CaseWindow';
import { DeskNav, DeskSection, deskSectionOf } from './appointments';

// Routes live in the fragment (`#/call/<id>`, the cockpit's case window `#/case/<id>`) so a
// reload reopens the same call.
function readRoute(): string | undefined {
  const m = /^#\/call\/([A-Za-z0-9_-]{1,64})$/.exec(location.hash);
  return m?.[1];
}
function readCaseRoute(): string | undefined {
  const m = /^#\/case\/([A-Za-z0-9_-]{1,64})$/.exec(location.hash);
  return m?.[1];
}

export function App() {
  const { lang, t, setLang } = useI18n(catalogues);
  const [auth, setAuth] = useState<DeskAuth | undefined>(loadAuth);
  const [callId, setCallId] = useState(readRoute);
  const [caseCallId, setCaseCallId] = useState(readCaseRoute);
  const [section, setSection] = useState(() => deskSectionOf(location.hash));

  useEffect(() => {
    const onHash = () => (setCallId(readRoute()), setCaseCallId(readCaseRoute()), setSection(deskSectionOf(location.hash)));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const signIn = useCallback((a: DeskAuth) => {
    saveAuth(a);
    setAuth(a);
  }, []);

  function signOut() {
    saveAuth(undefined);
    setAuth(undefined);
  }

  let content;
  if (!auth) {
    content = (
      <SignIn t={t} lang={lang} onSignedIn={signIn} />
    );
  } else if (caseCallId) {
    content = <CaseWindow key={caseCallId} lang={lang} auth={auth} callId={caseCallId} onUnauthenticated={signOut} />;
  } else if (callId) {
    content = <CallRoom key={callId} t={t} lang={lang} auth={auth} callId={callId} onClose={() => (location.hash = '')} onUnauthenticated={signOut} />;
  } else if (section) {
    content = <DeskSection route={section} lang={lang} auth={auth} onOpenCall={(id) => (location.hash = `#/call/${id}`)} onUnauthenticated={signOut} />;
  } else {
    content = <CallList t={t} auth={auth} onOpen={(id) => (location.hash = `#/call/${id}`)} onUnauthenticated={signOut} />;
  }

  return (
    <>
      <header className="topbar">
        <span className="brand">{t('appName')}</span>
        <div className="topbar-right">
          {auth && <span className="status">{t('signedInAs', { name: auth.clerk.displayName })}</span>}
          {auth && (
            <button type="button" className="secondary" onClick={signOut} data-testid="sign-out">
              {t('signOut')}
            </button>
          )}
          <LanguagePicker lang={lang} onChange={setLang} label={t('language')} />
        </div>
      </header>
      <main className={callId ? 'cockpit-main' : caseCallId ? 'case-main' : undefined}>
        {auth && !callId && !caseCallId && <DeskNav lang={lang} current={section?.view ?? 'calls'} supervisor={auth.clerk.supervisor === true} />}
        {content}
      </main>
    </>
  );
}

import { useEffect, useState } from 'react';
import type { Language, Translate } from '@videoloket/call-client';
import { citizenLoginPaths, formatNationalNumber, type CitizenLoginSessionView, type VerifiedCitizen } from '@videoloket/contracts';
import type { LoginReturn } from '@videoloket/contracts/links';
import type { BookingApi } from './api';
import type { BookingKey } from './i18n';

interface Props {
  t: Translate<BookingKey>;
  lang: Language;
  api: BookingApi;
  /** The invitation code on the page: it comes back with the citizen. */
  invitationCode?: string;
  /** `?login=` of the page the government login returned to. */
  loginReturn?: LoginReturn;
  onCitizen(citizen: VerifiedCitizen | undefined): void;
}

/**
 * The government login on the public booking page (issue 15 item 1), optional: offered when the
 * municipality configured one, and booking works the same without it. The sign-in itself is a
 * full-page redirect to the IdP and back; the page only asks the server who is signed in (the
 * session cookie is HttpOnly) and hands that to the form to prefill.
 */
export function CitizenLoginPanel({ t, lang, api, invitationCode, loginReturn, onCitizen }: Props) {
  const [session, setSession] = useState<CitizenLoginSessionView>();

  useEffect(() => {
    // Without a login (or when the server cannot say) the page is the plain booking page.
    api.citizenLoginSession().then(
      (s) => {
        setSession(s);
        onCitizen(s.citizen);
      },
      () => setSession({ available: false }),
    );
  }, [api, onCitizen]);

  useEffect(() => {
    // A reload after the return should not repeat "you cancelled": the message is for now.
    if (!loginReturn) return;
    const url = new URL(location.href);
    url.searchParams.delete('login');
    history.replaceState(history.state, '', url);
  }, [loginReturn]);

  async function logout() {
    await api.citizenLogout({ body: {} });
    setSession({ available: true });
    onCitizen(undefined);
  }

  const message =
    loginReturn === 'cancelled' ? t('loginCancelled') : loginReturn === 'failed' ? t('loginFailed') : undefined;
  const startUrl = `${citizenLoginPaths.start}?lang=${lang}${invitationCode ? `&code=${encodeURIComponent(invitationCode)}` : ''}`;
  const citizen = session?.citizen;

  return (
    <>
      {message && (
        <p className="banner" role="status" data-testid="login-message">
          {message}
        </p>
      )}
      {citizen ? (
        <section className="banner" aria-labelledby="login-verified" data-testid="login-verified">
          <h2 id="login-verified" className="login-heading">
            {t('loginVerified', { name: citizen.name })}
          </h2>
          <p>{t('loginVerifiedHint')}</p>
          {citizen.nationalNumber && <p>{t('loginNationalNumber', { number: formatNationalNumber(citizen.nationalNumber) })}</p>}
          <button type="button" className="secondary" onClick={() => void logout()} data-testid="login-logout">
            {t('loginLogout')}
          </button>
        </section>
      ) : (
        session?.available && (
          <section className="login-offer" aria-labelledby="login-offer">
            <h2 id="login-offer" className="login-heading">
              {t('loginOfferTitle')}
            </h2>
            <p>{t('loginOfferHint')}</p>
            <a className="button" href={startUrl} data-testid="login-start">
              {t('loginStart')}
            </a>
          </section>
        )
      )}
    </>
  );
}

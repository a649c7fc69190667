import { useEffect, useState, type FormEvent } from 'react';
import type { Language, Translate } from '@videoloket/call-client';
import { clerkLoginPaths, ClerkLoginOutcome, type ClerkLoginOptions } from '@videoloket/contracts';
import type { DeskKey } from './i18n';
import { deskHttp, HttpError, type DeskAuth } from './api';

type Failure = { key: 'signInFailed' | 'signInRateLimited' | 'clerkLoginCancelled' | 'clerkLoginNoRole' | 'clerkLoginFailed'; minutes?: number };

const OUTCOME_TEXT: Record<Exclude<ClerkLoginOutcome, 'ok'>, Failure['key']> = { cancelled: 'clerkLoginCancelled', 'no-role': 'clerkLoginNoRole', failed: 'clerkLoginFailed' };

/**
 * How the municipality's sign-in came back (`?clerkLogin=` on the desk's address), read once
 * and taken off the address so a reload does not repeat it.
 */
function takeOutcome(): ClerkLoginOutcome | undefined {
  const params = new URLSearchParams(location.search);
  const outcome = ClerkLoginOutcome.safeParse(params.get('clerkLogin'));
  if (!params.has('clerkLogin')) return undefined;
  params.delete('clerkLogin');
  history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}${location.hash}`);
  return outcome.success ? outcome.data : 'failed';
}
const returned = takeOutcome();
/** The one-time hand-off is traded once per page, also when React runs the effect twice. */
let handoff: Promise<DeskAuth> | undefined;

export function SignIn({ t, lang, onSignedIn }: { t: Translate<DeskKey>; lang: Language; onSignedIn(auth: DeskAuth): void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  /** The text key and values of the last failure, if any. */
  const [failed, setFailed] = useState<Failure | undefined>(returned && returned !== 'ok' ? { key: OUTCOME_TEXT[returned] } : undefined);
  const [busy, setBusy] = useState(returned === 'ok');
  const [municipality, setMunicipality] = useState<ClerkLoginOptions>({ available: false });

  useEffect(() => {
    let live = true;
    deskHttp()
      .clerkLoginOptions()
      .then((options) => live && setMunicipality(options))
      .catch(() => undefined);
    if (returned === 'ok') {
      handoff ??= deskHttp().clerkLoginSession({ body: {} });
      handoff.then(
        (auth) => live && onSignedIn(auth),
        () => live && (setFailed({ key: 'clerkLoginFailed' }), setBusy(false)),
      );
    }
    return () => {
      live = false;
    };
  }, [onSignedIn]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFailed(undefined);
    try {
      onSignedIn(await deskHttp().login({ body: { username: username.trim(), password } }));
    } catch (err) {
      // A lockout is not a wrong password: say so, and for how long (the server's Retry-After).
      if (err instanceof HttpError && err.code === 'RATE_LIMITED') setFailed({ key: 'signInRateLimited', minutes: Math.max(1, Math.ceil((err.retryAfterSeconds ?? 60) / 60)) });
      else setFailed({ key: 'signInFailed' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow" aria-labelledby="signin-heading">
      <h1 id="signin-heading">{t('signInTitle')}</h1>
      {municipality.available && (
        <p className="sign-in-municipality">
          <a className="button" href={`${clerkLoginPaths.start}?lang=${lang}`} data-testid="sign-in-municipality">
            {municipality.name ? t('clerkLoginWith', { name: municipality.name }) : t('clerkLoginWithMunicipality')}
          </a>
        </p>
      )}
      <form onSubmit={submit} data-testid="sign-in-form">
        <div className="field">
          <label htmlFor="username">{t('username')}</label>
          <input id="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} data-testid="username" />
        </div>
        <div className="field">
          <label htmlFor="password">{t('password')}</label>
          <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} data-testid="password" />
        </div>
        {failed && (
          <p role="alert" className="error" data-testid="sign-in-error">
            {failed.key === 'signInRateLimited' ? t('signInRateLimited', { minutes: failed.minutes ?? 1 }) : t(failed.key)}
          </p>
        )}
        <button type="submit" disabled={busy} data-testid="sign-in">
          {t('signIn')}
        </button>
      </form>
    </section>
  );
}

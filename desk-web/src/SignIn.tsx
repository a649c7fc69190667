import { useState, type FormEvent } from 'react';
import type { Translate } from '@videoloket/call-client';
import type { DeskKey } from './i18n';
import { deskHttp, HttpError, type DeskAuth } from './api';

export function SignIn({ t, onSignedIn }: { t: Translate<DeskKey>; onSignedIn(auth: DeskAuth): void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  /** The text key and values of the last failure, if any. */
  const [failed, setFailed] = useState<{ key: 'signInFailed' | 'signInRateLimited'; minutes?: number } | undefined>();
  const [busy, setBusy] = useState(false);

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
            {failed.key === 'signInRateLimited' ? t('signInRateLimited', { minutes: failed.minutes ?? 1 }) : t('signInFailed')}
          </p>
        )}
        <button type="submit" disabled={busy} data-testid="sign-in">
          {t('signIn')}
        </button>
      </form>
    </section>
  );
}

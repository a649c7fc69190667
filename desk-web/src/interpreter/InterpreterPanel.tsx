import { useState } from 'react';
import type { CallSession } from '@videoloket/call-client';
import type { InterpreterInvitation, ParticipantView, PhoneDialIn } from '@videoloket/contracts';
import { interpreterText as tx } from './labels';

interface Props {
  session: CallSession;
  /** Admitted participants other than the clerk (for the screen-share permission). */
  others: ParticipantView[];
  onError(err: unknown): void;
}

/**
 * Issue 5: "the clerk clicks 'invite interpreter', picks the language, and gets a link …
 * directly or via the waiting room (clerk's choice in the invite)". The link can be revoked,
 * which also removes whoever came in through it.
 */
export function InterpreterPanel({ session, others, onError }: Props) {
  const [language, setLanguage] = useState('');
  const [direct, setDirect] = useState(true);
  const [invites, setInvites] = useState<InterpreterInvitation[]>([]);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [phoneNumber, setPhoneNumber] = useState('');
  const [dialIn, setDialIn] = useState<PhoneDialIn>();
  const phoneSeats = others.filter((p) => p.id.startsWith('sip:'));

  async function dialPhone(e: React.FormEvent) {
    e.preventDefault();
    const digits = phoneNumber.replace(/[\s./-]/g, '');
    // A bare number goes to the trunk (sip:<number>@trunk is added by the server's proxy setting).
    const uri = digits.startsWith('sip:') ? digits : `sip:${digits}@trunk`;
    try {
      await session.socket.request('phone:dialOut', { uri, displayName: tx('phoneName', { language: language.trim() || '—' }) });
      setPhoneNumber('');
    } catch (err) {
      onError(err);
    }
  }

  async function invite(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const inv = await session.socket.request('interpreter:invite', { language: language.trim(), admitDirectly: direct });
      setInvites((list) => [...list, inv]);
      setLanguage('');
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(linkId: string) {
    try {
      await session.socket.request('call:withdrawLink', { linkId });
      setInvites((list) => list.filter((i) => i.linkId !== linkId));
      setStatus(tx('revoked'));
    } catch (err) {
      onError(err);
    }
  }

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setStatus(tx('copied'));
    } catch (err) {
      onError(err);
    }
  }

  return (
    <section className="panel interpreter-panel" aria-labelledby="interpreter-heading" data-testid="interpreter-panel">
      <h2 id="interpreter-heading">{tx('heading')}</h2>
      <form onSubmit={(e) => void invite(e)}>
        <label>
          {tx('language')}
          <input value={language} onChange={(e) => setLanguage(e.target.value)} required minLength={2} maxLength={40} data-testid="interpreter-language" />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={direct} onChange={(e) => setDirect(e.target.checked)} data-testid="interpreter-direct" />
          {tx('direct')}
        </label>
        <button type="submit" disabled={busy || language.trim().length < 2} data-testid="interpreter-invite">
          {tx('invite')}
        </button>
      </form>
      {invites.map((inv) => (
        <div key={inv.linkId} className="invite-link" data-testid="interpreter-invitation">
          <label>
            {tx('link', { language: inv.language })}
            <input readOnly value={inv.url} data-testid="interpreter-link" onFocus={(e) => e.currentTarget.select()} />
          </label>
          <span className="row-actions">
            <button type="button" className="secondary small" onClick={() => void copy(inv.url)}>
              {tx('copy')}
            </button>
            <button type="button" className="secondary small" onClick={() => void revoke(inv.linkId)} data-testid="interpreter-revoke">
              {tx('revoke')}
            </button>
          </span>
        </div>
      ))}
      <details className="phone-interpreter" data-testid="phone-interpreter">
        <summary>{tx('byPhone')}</summary>
        <form onSubmit={(e) => void dialPhone(e)}>
          <label>
            {tx('phoneNumber')}
            <input type="tel" value={phoneNumber} onChange={(e) => setPhoneNumber(e.target.value)} required maxLength={40} data-testid="phone-number" />
          </label>
          <button type="submit" disabled={!phoneNumber.trim()} data-testid="phone-dial">
            {tx('dial')}
          </button>
        </form>
        <button type="button" className="secondary" onClick={() => void session.socket.request('phone:openDialIn', {}).then(setDialIn, onError)} data-testid="phone-open-dial-in">
          {tx('openDialIn')}
        </button>
        {dialIn && (
          <p data-testid="phone-dial-in">{tx('dialInInfo', { extension: dialIn.extension, pin: dialIn.pin })}</p>
        )}
        {phoneSeats.map((p) => (
          <p key={p.id}>
            {p.displayName}{' '}
            <button type="button" className="secondary small" onClick={() => void session.socket.request('phone:hangUp', { legId: p.id.slice('sip:'.length) }).catch(onError)}>
              {tx('hangUp')}
            </button>
          </p>
        ))}
      </details>
      {others.some((p) => p.role !== 'clerk' && !p.id.startsWith('sip:')) && (
        <ul className="screen-permissions">
          {others
            .filter((p) => p.role !== 'clerk' && !p.id.startsWith('sip:'))
            .map((p) => (
              <li key={p.id} data-testid="screen-permission" data-participant-id={p.id}>
                <span>{p.displayName}</span> <ScreenPermissionButton session={session} p={p} onError={onError} />
                {p.role === 'interpreter' && (
                  // Issue 17: an interpreter reads the chat from when they joined; the clerk may show them the earlier part.
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() => void session.socket.request('chat:share-history', { participantId: p.id }).then(() => setStatus(tx('chatShared', { name: p.displayName })), onError)}
                    data-testid="share-chat-history"
                  >
                    {tx('shareChat', { name: p.displayName })}
                  </button>
                )}
              </li>
            ))}
        </ul>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
    </section>
  );
}

/** The tile label for an interpreter ("Tolk Arabisch: Samira"); undefined for others. */
export function interpreterTileLabel(p: ParticipantView): string | undefined {
  if (p.role !== 'interpreter') return undefined;
  return tx('tileLabel', { language: p.language ?? '', name: p.displayName });
}

/** Clerk's switch for a non-clerk's screen sharing (checked server-side in media:produce). */
export function ScreenPermissionButton({ session, p, onError }: { session: CallSession; p: ParticipantView; onError(err: unknown): void }) {
  if (p.role === 'clerk') return null;
  const allowed = p.screenShareAllowed === true;
  return (
    <button
      type="button"
      className="secondary small"
      aria-pressed={allowed}
      aria-label={tx(allowed ? 'stopScreenAllowedFor' : 'allowScreenFor', { name: p.displayName })}
      onClick={() => void session.socket.request('screen:allow', { participantId: p.id, allowed: !allowed }).catch(onError)}
      data-testid="screen-allow"
    >
      {allowed ? tx('stopScreenAllowed') : tx('allowScreen')}
    </button>
  );
}

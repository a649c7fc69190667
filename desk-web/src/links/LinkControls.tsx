import type { CallSession } from '@videoloket/call-client';
import type { ParticipantView } from '@videoloket/contracts';
import { linkText as tx } from './labels';

/**
 * Issue 9, finding 5: the clerk can withdraw any invitation link (citizen or interpreter).
 * A withdrawn link is refused at the handshake and everyone who came through it is removed.
 */
export function withdrawLink(session: CallSession, linkId: string) {
  return session.socket.request('call:withdrawLink', { linkId });
}

/** Visible warnings next to a seat's name: an already-used direct link, a clerk-like name. */
export function SeatMarks({ p }: { p: ParticipantView }) {
  return (
    <>
      {p.linkAlreadyUsed && (
        <span className="seat-mark" title={tx('linkAlreadyUsed')} data-testid="mark-link-used">
          <span aria-hidden="true">⚠ </span>
          {tx('linkAlreadyUsedShort')}
          <span className="visually-hidden">: {tx('linkAlreadyUsed')}</span>
        </span>
      )}
      {p.nameResemblesClerk && (
        <span className="seat-mark" title={tx('nameResemblesClerk')} data-testid="mark-clerk-name">
          <span aria-hidden="true">⚠ </span>
          {tx('nameResemblesClerkShort')}
          <span className="visually-hidden">: {tx('nameResemblesClerk')}</span>
        </span>
      )}
    </>
  );
}

export function WithdrawLinkButton({ p, onWithdraw }: { p: ParticipantView; onWithdraw(linkId: string): void }) {
  if (!p.linkId) return null;
  const linkId = p.linkId;
  return (
    <button type="button" className="secondary small" aria-label={tx('withdrawName', { name: p.displayName })} onClick={() => onWithdraw(linkId)} data-testid="withdraw-link">
      {tx('withdraw')}
    </button>
  );
}

export interface WithdrawOfferState {
  name: string;
  linkId: string;
  reason: 'refused' | 'removed';
}

/**
 * After refusing or removing someone the link still works, so they (or whoever holds a
 * forwarded copy) can knock again for as long as it is valid: offer to withdraw it.
 */
export function WithdrawOffer({
  offer,
  participants,
  onWithdraw,
  onKeep,
}: {
  offer: WithdrawOfferState;
  participants: ParticipantView[];
  onWithdraw(linkId: string): void;
  onKeep(): void;
}) {
  const others = participants.filter((p) => p.linkId === offer.linkId).length;
  return (
    <div role="group" aria-label={tx('withdraw')} className="confirm withdraw-offer" data-testid="withdraw-offer">
      <span>{tx(offer.reason === 'refused' ? 'offerRefused' : 'offerRemoved', { name: offer.name })}</span>
      {others > 0 && <span>{tx('offerOthers', { count: String(others) })}</span>}
      <button type="button" className="danger" onClick={() => onWithdraw(offer.linkId)} data-testid="withdraw-offer-confirm" autoFocus>
        {tx('offerWithdraw')}
      </button>
      <button type="button" className="secondary" onClick={onKeep} data-testid="withdraw-offer-keep">
        {tx('offerKeep')}
      </button>
    </div>
  );
}


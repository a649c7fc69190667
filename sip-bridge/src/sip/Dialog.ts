import { TypedEmitter } from '@videoloket/contracts/emitter';
import { SipHeaders, formatNameAddr, type NameAddr, type SipRequest } from './message';

import type { Peer } from './Transport';

/** Where a SIP message goes (address, port, transport). */
export type Endpoint = Peer;

export interface DialogEvents extends Record<string, unknown[]> {
  /** The far end hung up (BYE received) or the dialog timed out. Emitted once. */
  terminated: [reason: 'remote-bye' | 'local-bye' | 'ack-timeout' | 'transport-closed' | 'session-expired'];
  /** The far end sent a re-INVITE or UPDATE (RFC 4028: a session refresh). */
  refreshed: [];
}

/** What the UA needs to send an in-dialog request. */
export interface DialogSender {
  sendInDialogRequest(dialog: Dialog, method: string): Promise<number>;
}

/**
 * One established INVITE dialog (RFC 3261 §12): the identifiers that match
 * in-dialog requests, the CSeq counters, and where to send. The bridge sends
 * BYE and session-refresh re-INVITEs; a re-INVITE from the far end (hold,
 * resume, new address) is answered by `onOffer`.
 */
export class Dialog extends TypedEmitter<DialogEvents> {
  #terminated = false;
  /** Answers a new offer in a re-INVITE/UPDATE (RFC 3264 §8); undefined → 488. Default: our SDP as it is. */
  onOffer: ((offer: string) => string | undefined) | undefined;
  localSeq: number;
  remoteSeq: number;

  constructor(
    readonly sender: DialogSender,
    readonly callId: string,
    readonly localTag: string,
    readonly remoteTag: string,
    /** Our From (UAC) or To (UAS) as sent, with our tag. */
    readonly local: NameAddr,
    /** Their From/To with their tag. */
    readonly remote: NameAddr,
    /** Remote Contact URI: the request URI of in-dialog requests. */
    readonly remoteTarget: string,
    /** Route set from Record-Route (§12.1.1/§12.1.2), in the order to send. */
    readonly routeSet: string[],
    /** Where in-dialog requests go (the remote target, or the first loose route). */
    readonly destination: Endpoint,
    public localSdp: string,
    localSeq: number,
    remoteSeq: number,
  ) {
    super();
    this.localSeq = localSeq;
    this.remoteSeq = remoteSeq;
  }

  get key(): string {
    return Dialog.key(this.callId, this.localTag, this.remoteTag);
  }

  static key(callId: string, localTag: string, remoteTag: string): string {
    return `${callId}|${localTag}|${remoteTag}`;
  }

  get terminated(): boolean {
    return this.#terminated;
  }

  /** Headers every in-dialog request carries (§12.2.1.1). */
  requestHeaders(method: string): SipHeaders {
    const h = new SipHeaders();
    h.append('From', formatNameAddr(this.local));
    h.append('To', formatNameAddr(this.remote));
    h.append('Call-ID', this.callId);
    h.append('CSeq', `${++this.localSeq} ${method}`);
    for (const route of this.routeSet) h.append('Route', route);
    return h;
  }

  /** Sends BYE (once) and ends the dialog; resolves with the response status (0 on timeout). */
  async bye(): Promise<number> {
    if (this.#terminated) return 0;
    this.terminate('local-bye');
    return this.sender.sendInDialogRequest(this, 'BYE');
  }

  /** @internal A re-INVITE/UPDATE with `offer` (may be empty) arrived; returns our answer, undefined to refuse. */
  answerOffer(offer: string): string | undefined {
    const answer = offer && this.onOffer ? this.onOffer(offer) : this.localSdp;
    if (answer !== undefined) {
      this.localSdp = answer;
      this.emit('refreshed');
    }
    return answer;
  }

  /** @internal */
  terminate(reason: DialogEvents['terminated'][0]): void {
    if (this.#terminated) return;
    this.#terminated = true;
    this.emit('terminated', reason);
  }

  /** @internal True if a request with this CSeq is new (§12.2.2: lower CSeq is out of order). */
  acceptRemoteSeq(request: SipRequest, seq: number): boolean {
    if (request.method === 'ACK' || request.method === 'CANCEL') return true;
    if (seq <= this.remoteSeq && this.remoteSeq !== 0) return false;
    this.remoteSeq = seq;
    return true;
  }
}

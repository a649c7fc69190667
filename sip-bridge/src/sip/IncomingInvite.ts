import { randomBytes } from 'node:crypto';
import { SipCallFailedError } from '../errors';
import { TypedEmitter } from '@videoloket/contracts/emitter';
import { Dialog, type Endpoint } from './Dialog';
import { ALLOW, parseCSeq, parseNameAddr, parseUri, type NameAddr, type SipHeaders, type SipRequest, type SipResponse } from './message';
import type { SipUserAgent } from './UserAgent';

export interface IncomingInviteEvents extends Record<string, unknown[]> {
  /** The caller sent CANCEL before we answered; we already replied 487. */
  cancelled: [];
  /** The transaction reached a final state (answered+ACKed, rejected, cancelled). */
  done: [];
  /** @internal 2xx was ACKed: the dialog exists. */
  established: [Dialog];
}

type State = 'proceeding' | 'accepted' | 'confirmed' | 'rejected' | 'cancelled';

/**
 * The server side of one incoming INVITE (RFC 3261 §17.2.1 and §13.3):
 * provisional and final responses, retransmission of the final response over
 * UDP (Timer G) until the ACK arrives, CANCEL → 487.
 */
export class IncomingInvite extends TypedEmitter<IncomingInviteEvents> {
  readonly from: NameAddr;
  readonly to: NameAddr;
  readonly callId: string;
  readonly localTag = randomBytes(6).toString('hex');
  #state: State = 'proceeding';
  #last: SipResponse | undefined;
  #timer: NodeJS.Timeout | undefined;
  #giveUp: NodeJS.Timeout | undefined;
  #onAck: (() => void) | undefined;

  constructor(
    private readonly ua: SipUserAgent,
    readonly request: SipRequest,
    readonly source: Endpoint,
    private readonly contact: string,
    private readonly userAgent: string,
  ) {
    super();
    this.from = parseNameAddr(request.headers.get('from') ?? '');
    this.to = parseNameAddr(request.headers.get('to') ?? '');
    this.callId = request.headers.get('call-id') ?? '';
  }

  /** The dialled user part of the Request-URI (the extension, maybe with a PIN). */
  get dialedUser(): string | undefined {
    try {
      return parseUri(this.request.uri).user;
    } catch {
      return undefined;
    }
  }

  get remoteSdp(): string {
    return this.request.body;
  }

  get pending(): boolean {
    return this.#state === 'proceeding';
  }

  ringing(): void {
    if (this.#state !== 'proceeding') return;
    this.#last = this.ua.respond(this.request, this.source, 180, 'Ringing', (h) => h.append('Contact', this.contact), '', this.localTag);
  }

  /**
   * Answers with `sdp`; resolves once the caller's ACK arrives (§13.3.1.4),
   * rejects if it never does within 64*T1 (and then hangs up with BYE).
   */
  accept(sdp: string, extra?: (h: SipHeaders) => void): Promise<Dialog> {
    if (this.#state !== 'proceeding') return Promise.reject(new SipCallFailedError(487, 'Request Terminated'));
    this.#state = 'accepted';
    const response = this.ua.respond(
      this.request,
      this.source,
      200,
      'OK',
      (h: SipHeaders) =>
        extra?.(h.append('Contact', this.contact).append('Allow', ALLOW).append('Supported', 'timer').append('Content-Type', 'application/sdp')),
      sdp,
      this.localTag,
    );
    this.#last = response;
    const dialog = this.#dialog(sdp);
    return new Promise((resolve, reject) => {
      this.#onAck = () => {
        this.#state = 'confirmed';
        this.#stopTimers();
        this.emit('established', dialog);
        this.emit('done');
        resolve(dialog);
      };
      this.#retransmitUntilAck(() => {
        // §13.3.1.4: no ACK in 64*T1 → confirm and immediately end the session.
        this.#state = 'rejected';
        void this.ua.sendInDialogRequest(dialog, 'BYE');
        dialog.terminate('ack-timeout');
        this.emit('done');
        reject(new SipCallFailedError(408, 'no ACK for our 200 OK'));
      });
    });
  }

  reject(status: number, reason: string, extra?: (h: SipHeaders) => void): void {
    if (this.#state !== 'proceeding') return;
    this.#state = 'rejected';
    this.#last = this.ua.respond(this.request, this.source, status, reason, extra, '', this.localTag);
    this.#onAck = () => {
      this.#stopTimers();
      this.emit('done');
    };
    this.#retransmitUntilAck(() => this.emit('done'));
  }

  /** @internal A retransmitted INVITE: repeat our last response. */
  retransmitLastResponse(): void {
    if (this.#last) this.ua.send(this.#last, this.source);
  }

  /** @internal ACK with this INVITE's branch (for a non-2xx final). */
  acked(): void {
    if (this.#state === 'rejected' || this.#state === 'cancelled') this.#onAck?.();
  }

  /** @internal ACK for our 2xx: a new transaction, matched by Call-ID and the caller's tag. */
  ackedInDialog(callId: string, remoteTag: string): void {
    if (this.#state === 'accepted' && callId === this.callId && remoteTag === (this.from.params.tag ?? '')) this.#onAck?.();
  }

  /** @internal */
  cancelledByRemote(): void {
    if (this.#state !== 'proceeding') return;
    this.#state = 'cancelled';
    // §9.2: the INVITE itself is answered 487 Request Terminated.
    this.#last = this.ua.respond(this.request, this.source, 487, 'Request Terminated', undefined, '', this.localTag);
    this.#onAck = () => {
      this.#stopTimers();
      this.emit('done');
    };
    this.#retransmitUntilAck(() => this.emit('done'));
    this.emit('cancelled');
  }

  /** @internal The UA is closing. */
  dispose(): void {
    this.#stopTimers();
  }

  #retransmitUntilAck(onTimeout: () => void): void {
    let interval = 500;
    const tick = () => {
      this.retransmitLastResponse();
      interval = Math.min(interval * 2, 4000);
      this.#timer = setTimeout(tick, interval);
    };
    this.#timer = setTimeout(tick, interval);
    this.#giveUp = setTimeout(() => {
      this.#stopTimers();
      onTimeout();
    }, 64 * 500);
  }

  #stopTimers(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#giveUp);
  }

  #dialog(sdp: string): Dialog {
    const contact = this.request.headers.getAll('contact')[0];
    const remoteTarget = contact ? parseNameAddr(contact).uri : this.from.uri;
    // §12.1.1: the UAS's route set is the Record-Route list in order.
    const routeSet = this.request.headers.getAll('record-route');
    let destination = this.source;
    // Over TCP/TLS the caller's connection is reused (RFC 5923 spirit); over UDP the Contact is the target.
    if (routeSet.length === 0 && (this.source.transport ?? 'udp') === 'udp') {
      try {
        const u = parseUri(remoteTarget);
        if (/^\d+\.\d+\.\d+\.\d+$/.test(u.host)) destination = { address: u.host, port: u.port ?? 5060 };
      } catch {
        // keep the source address
      }
    }
    const local: NameAddr = { ...this.to, params: { ...this.to.params, tag: this.localTag } };
    return new Dialog(
      this.ua,
      this.callId,
      this.localTag,
      this.from.params.tag ?? '',
      local,
      this.from,
      remoteTarget,
      routeSet,
      destination,
      sdp,
      0,
      parseCSeq(this.request.headers.get('cseq')).seq,
    );
  }
}

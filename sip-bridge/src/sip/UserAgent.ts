import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import type { Logger } from 'pino';
import { BridgeClosedError, SipCallFailedError } from '../errors';
import { TypedEmitter } from '@videoloket/sfu';
import { Dialog, type DialogSender, type Endpoint } from './Dialog';
import { digestAuthorization, parseChallenge, type DigestCredentials } from './digest';
import { IncomingInvite } from './IncomingInvite';
import {
  SipHeaders,
  formatNameAddr,
  parseCSeq,
  parseMessage,
  parseNameAddr,
  parseUri,
  parseVia,
  serialize,
  type NameAddr,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from './message';

// A minimal SIP user agent over UDP (RFC 3261 §17, §18 subset): INVITE
// client and server transactions with retransmission timers, CANCEL, BYE,
// OPTIONS, digest auth towards a trunk. No TCP/TLS, no DNS SRV/NAPTR
// (RFC 3263): the trunk is addressed as host[:port].

/** RFC 3261 §17.1.1.1 timer values. */
export const T1 = 500;
export const T2 = 4000;

export interface UserAgentOptions {
  listenIp: string;
  /** 0 for any free port. */
  port: number;
  /** Host (and port) we put in Via and Contact; default listenIp:boundPort. */
  publicHost?: string;
  /** User part of our Contact and default From. */
  user: string;
  userAgent: string;
  logger: Logger;
}

export interface InviteOptions {
  /** Request-URI: whom to call. */
  target: string;
  /** Where to send (outbound proxy / trunk); default the target URI's host:port. */
  via?: Endpoint | string;
  fromDisplayName?: string;
  /** From URI; default sip:<user>@<publicHost>. */
  fromUri?: string;
  sdp: string;
  credentials?: DigestCredentials;
  /** Give up (CANCEL) if not answered within this time. */
  ringTimeoutMs: number;
  /** Called on each provisional response (180 Ringing, 183). */
  onProvisional?: (status: number) => void;
  signal?: AbortSignal;
}

export interface InviteResult {
  dialog: Dialog;
  remoteSdp: string;
}

interface ClientTransaction {
  onResponse: (response: SipResponse, from: Endpoint) => void;
}

export interface UserAgentEvents extends Record<string, unknown[]> {
  /** A new INVITE outside any dialog. The listener must accept() or reject() it. */
  invite: [IncomingInvite];
}

export class SipUserAgent extends TypedEmitter<UserAgentEvents> implements DialogSender {
  readonly #options: UserAgentOptions;
  readonly #log: Logger;
  #socket: dgram.Socket | undefined;
  #publicHost = '';
  readonly #clients = new Map<string, ClientTransaction>();
  readonly #serverInvites = new Map<string, IncomingInvite>();
  readonly #dialogs = new Map<string, Dialog>();

  constructor(options: UserAgentOptions) {
    super();
    this.#options = options;
    this.#log = options.logger.child({ component: 'sip-ua' });
  }

  get port(): number {
    if (!this.#socket) throw new BridgeClosedError();
    return this.#socket.address().port;
  }

  get publicHost(): string {
    return this.#publicHost;
  }

  get contact(): string {
    return `<sip:${this.#options.user}@${this.#publicHost};transport=udp>`;
  }

  async start(): Promise<void> {
    const socket = dgram.createSocket('udp4');
    socket.on('message', (data, rinfo) => this.#receive(data, { address: rinfo.address, port: rinfo.port }));
    socket.on('error', (error) => this.#log.error({ err: error }, 'SIP socket error'));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.#options.port, this.#options.listenIp, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    this.#socket = socket;
    this.#publicHost = this.#options.publicHost ?? `${this.#options.listenIp}:${socket.address().port}`;
    this.#log.info({ port: socket.address().port }, 'SIP UA listening (UDP)');
  }

  close(): void {
    for (const dialog of this.#dialogs.values()) dialog.terminate('transport-closed');
    this.#dialogs.clear();
    for (const invite of this.#serverInvites.values()) invite.dispose();
    this.#serverInvites.clear();
    this.#clients.clear();
    this.#socket?.close();
    this.#socket = undefined;
  }

  // ---- sending ------------------------------------------------------------

  /** @internal */
  send(message: SipMessage, to: Endpoint): void {
    if (!this.#socket) return;
    const text = serialize(message);
    this.#socket.send(text, to.port, to.address, (error) => {
      if (error) this.#log.warn({ err: error, to: `${to.address}:${to.port}` }, 'SIP send failed');
    });
  }

  #newVia(): { value: string; branch: string } {
    // §8.1.1.7: the branch starts with the magic cookie z9hG4bK.
    const branch = `z9hG4bK${randomBytes(8).toString('hex')}`;
    return { value: `SIP/2.0/UDP ${this.#publicHost};branch=${branch};rport`, branch };
  }

  /**
   * Sends a non-INVITE request and retransmits it (Timer E, §17.1.2.2) until a
   * final response or Timer F (64*T1). Resolves with the status, 0 on timeout.
   */
  #sendNonInvite(request: SipRequest, to: Endpoint, branch: string): Promise<number> {
    return new Promise((resolve) => {
      let interval = T1;
      let timer: NodeJS.Timeout;
      const giveUp = setTimeout(() => finish(0), 64 * T1);
      const finish = (status: number) => {
        clearTimeout(timer);
        clearTimeout(giveUp);
        this.#clients.delete(branch);
        resolve(status);
      };
      const retransmit = () => {
        this.send(request, to);
        interval = Math.min(interval * 2, T2);
        timer = setTimeout(retransmit, interval);
      };
      this.#clients.set(branch, { onResponse: (r) => r.status >= 200 && finish(r.status) });
      retransmit();
    });
  }

  /** @internal DialogSender: BYE and friends inside a dialog. */
  async sendInDialogRequest(dialog: Dialog, method: string): Promise<number> {
    if (!this.#socket) return 0;
    const headers = dialog.requestHeaders(method);
    const via = this.#newVia();
    headers.append('Via', via.value);
    headers.append('Max-Forwards', '70');
    headers.append('User-Agent', this.#options.userAgent);
    this.#dialogs.delete(dialog.key);
    return this.#sendNonInvite({ kind: 'request', method, uri: dialog.remoteTarget, headers, body: '' }, dialog.destination, via.branch);
  }

  // ---- outgoing INVITE (UAC) ---------------------------------------------

  async invite(options: InviteOptions): Promise<InviteResult> {
    if (!this.#socket) throw new BridgeClosedError();
    const target = parseUri(options.target);
    const to = await this.#resolve(options.via ?? `${target.host}:${target.port ?? 5060}`);
    const callId = `${randomBytes(12).toString('hex')}@videoloket`;
    const localTag = randomBytes(6).toString('hex');
    const from: NameAddr = {
      ...(options.fromDisplayName ? { displayName: options.fromDisplayName } : {}),
      uri: options.fromUri ?? `sip:${this.#options.user}@${this.#publicHost}`,
      params: { tag: localTag },
    };
    let cseq = 1;
    let authorization: { header: string; value: string } | undefined;
    let authTries = 0;
    for (;;) {
      const outcome = await this.#inviteOnce({ options, to, callId, from, cseq, authorization });
      if (outcome.kind === 'answered') return outcome.result;
      const response = outcome.response;
      if ((response.status === 401 || response.status === 407) && options.credentials && authTries < 2) {
        // §22.2: resend with credentials, new CSeq and branch, same Call-ID and From tag.
        const challengeHeader = response.status === 401 ? 'www-authenticate' : 'proxy-authenticate';
        const challenge = parseChallenge(response.headers.get(challengeHeader) ?? '');
        authorization = {
          header: response.status === 401 ? 'Authorization' : 'Proxy-Authorization',
          value: digestAuthorization({ challenge, credentials: options.credentials, method: 'INVITE', uri: options.target }),
        };
        authTries++;
        cseq++;
        continue;
      }
      throw new SipCallFailedError(response.status, response.reason);
    }
  }

  #inviteOnce(ctx: {
    options: InviteOptions;
    to: Endpoint;
    callId: string;
    from: NameAddr;
    cseq: number;
    authorization: { header: string; value: string } | undefined;
  }): Promise<{ kind: 'answered'; result: InviteResult } | { kind: 'failed'; response: SipResponse }> {
    const { options, to, callId, from, cseq } = ctx;
    const via = this.#newVia();
    const headers = new SipHeaders()
      .append('Via', via.value)
      .append('Max-Forwards', '70')
      .append('From', formatNameAddr(from))
      .append('To', `<${options.target}>`)
      .append('Call-ID', callId)
      .append('CSeq', `${cseq} INVITE`)
      .append('Contact', this.contact)
      .append('Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS')
      .append('User-Agent', this.#options.userAgent)
      .append('Content-Type', 'application/sdp');
    if (ctx.authorization) headers.append(ctx.authorization.header, ctx.authorization.value);
    const request: SipRequest = { kind: 'request', method: 'INVITE', uri: options.target, headers, body: options.sdp };

    return new Promise((resolve, reject) => {
      let interval = T1;
      let retransmitTimer: NodeJS.Timeout | undefined;
      let provisional = false;
      let done = false;
      let cancelled = false;
      // Timer B (§17.1.1.2): no response at all within 64*T1.
      const timerB = setTimeout(() => fail(new SipCallFailedError(408, 'Request Timeout')), 64 * T1);
      const ringTimer = setTimeout(() => cancel('no answer'), options.ringTimeoutMs);
      const onAbort = () => cancel('aborted');
      options.signal?.addEventListener('abort', onAbort, { once: true });

      const cleanup = () => {
        done = true;
        clearTimeout(timerB);
        clearTimeout(ringTimer);
        clearTimeout(retransmitTimer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const fail = (error: Error) => {
        if (done) return;
        cleanup();
        this.#clients.delete(via.branch);
        reject(error);
      };
      const cancel = (why: string) => {
        if (done || cancelled) return;
        cancelled = true;
        this.#log.info({ callId, why }, 'cancelling outgoing INVITE');
        // §9.1: CANCEL copies Request-URI, Call-ID, From, To, the CSeq number and the top Via.
        const h = new SipHeaders()
          .append('Via', via.value)
          .append('Max-Forwards', '70')
          .append('From', formatNameAddr(from))
          .append('To', `<${options.target}>`)
          .append('Call-ID', callId)
          .append('CSeq', `${cseq} CANCEL`);
        const cancelBranch = `${via.branch}-cancel`;
        // CANCEL shares the INVITE's branch; key its transaction apart via the CSeq method.
        void this.#sendNonInviteShared({ kind: 'request', method: 'CANCEL', uri: options.target, headers: h, body: '' }, to, cancelBranch);
        // The INVITE then ends with 487, handled below; if the far end never answers, Timer B fires.
      };
      const retransmit = () => {
        this.send(request, to);
        interval *= 2;
        retransmitTimer = setTimeout(retransmit, interval);
      };

      this.#clients.set(via.branch, {
        onResponse: (response) => {
          if (response.status < 200) {
            if (!provisional) {
              provisional = true;
              clearTimeout(retransmitTimer);
              clearTimeout(timerB);
            }
            options.onProvisional?.(response.status);
            if (cancelled) return;
            return;
          }
          if (response.status < 300) {
            // §13.2.2.4: ACK every 2xx (retransmissions too); ACK is its own transaction.
            const dialog = this.#dialogFromResponse(response, options, to, from, callId, cseq);
            this.#sendAck(dialog, cseq, response);
            if (done) return;
            cleanup();
            // Keep the entry so retransmitted 2xx get ACKed again, for 64*T1.
            setTimeout(() => this.#clients.delete(via.branch), 64 * T1).unref();
            if (cancelled) {
              // Answered while we cancelled: hang up right away (§9.1).
              void dialog.bye();
              reject(new SipCallFailedError(487, 'Request Terminated'));
              return;
            }
            this.#dialogs.set(dialog.key, dialog);
            resolve({ kind: 'answered', result: { dialog, remoteSdp: response.body } });
            return;
          }
          // §17.1.1.3: the client transaction ACKs non-2xx finals itself, same branch.
          this.#sendNon2xxAck(request, response, to);
          if (done) return;
          cleanup();
          setTimeout(() => this.#clients.delete(via.branch), 64 * T1).unref();
          resolve({ kind: 'failed', response });
        },
      });
      retransmit();
    });
  }

  /** CANCEL has the INVITE's branch; its responses are told apart by CSeq method in #receive. */
  #sendNonInviteShared(request: SipRequest, to: Endpoint, key: string): Promise<number> {
    return this.#sendNonInvite(request, to, key);
  }

  #dialogFromResponse(
    response: SipResponse,
    options: InviteOptions,
    to: Endpoint,
    from: NameAddr,
    callId: string,
    cseq: number,
  ): Dialog {
    const remote = parseNameAddr(response.headers.get('to') ?? '');
    const contact = response.headers.getAll('contact')[0];
    const remoteTarget = contact ? parseNameAddr(contact).uri : options.target;
    // §12.1.2: the UAC's route set is the Record-Route list reversed.
    const routeSet = response.headers.getAll('record-route').reverse();
    const destination = options.via !== undefined || routeSet.length > 0 ? to : this.#endpointOf(remoteTarget, to);
    return new Dialog(this, callId, from.params.tag!, remote.params.tag ?? '', from, remote, remoteTarget, routeSet, destination, options.sdp, cseq, 0);
  }

  #sendAck(dialog: Dialog, cseq: number, response: SipResponse): void {
    const via = this.#newVia();
    const headers = new SipHeaders()
      .append('Via', via.value)
      .append('Max-Forwards', '70')
      .append('From', formatNameAddr(dialog.local))
      .append('To', response.headers.get('to') ?? '')
      .append('Call-ID', dialog.callId)
      .append('CSeq', `${cseq} ACK`);
    for (const route of dialog.routeSet) headers.append('Route', route);
    this.send({ kind: 'request', method: 'ACK', uri: dialog.remoteTarget, headers, body: '' }, dialog.destination);
  }

  #sendNon2xxAck(invite: SipRequest, response: SipResponse, to: Endpoint): void {
    const headers = new SipHeaders()
      .append('Via', invite.headers.get('via') ?? '')
      .append('Max-Forwards', '70')
      .append('From', invite.headers.get('from') ?? '')
      .append('To', response.headers.get('to') ?? '')
      .append('Call-ID', invite.headers.get('call-id') ?? '')
      .append('CSeq', `${parseCSeq(invite.headers.get('cseq')).seq} ACK`);
    this.send({ kind: 'request', method: 'ACK', uri: invite.uri, headers, body: '' }, to);
  }

  #endpointOf(uri: string, fallback: Endpoint): Endpoint {
    try {
      const u = parseUri(uri);
      if (/^\d+\.\d+\.\d+\.\d+$/.test(u.host)) return { address: u.host, port: u.port ?? 5060 };
    } catch {
      // fall through: a Contact we cannot parse is answered at the address we used.
    }
    return fallback;
  }

  async #resolve(where: Endpoint | string): Promise<Endpoint> {
    if (typeof where !== 'string') return where;
    const m = /^([^:]+)(?::(\d+))?$/.exec(where);
    if (!m) throw new SipCallFailedError(0, `bad SIP destination ${where}`);
    const host = m[1]!;
    const address = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : (await lookup(host, { family: 4 })).address;
    return { address, port: m[2] ? Number(m[2]) : 5060 };
  }

  // ---- receiving ----------------------------------------------------------

  #receive(data: Buffer, from: Endpoint): void {
    if (data.length <= 4 && data.toString().trim() === '') return; // CRLF keep-alive (RFC 5626 §3.5.1)
    let message: SipMessage;
    try {
      message = parseMessage(data);
    } catch (error) {
      // §16.3 / robustness: a malformed datagram is dropped, never fatal.
      this.#log.debug({ err: error, from: `${from.address}:${from.port}` }, 'dropped malformed SIP datagram');
      return;
    }
    try {
      if (message.kind === 'response') this.#onResponse(message, from);
      else this.#onRequest(message, from);
    } catch (error) {
      this.#log.warn({ err: error, from: `${from.address}:${from.port}` }, 'error handling SIP message');
      if (message.kind === 'request' && message.method !== 'ACK') this.respond(message, from, 400, 'Bad Request');
    }
  }

  #onResponse(response: SipResponse, from: Endpoint): void {
    const via = parseVia(response.headers.get('via') ?? '');
    const cseq = parseCSeq(response.headers.get('cseq'));
    const branch = via.params.branch ?? '';
    const key = cseq.method === 'CANCEL' ? `${branch}-cancel` : branch;
    this.#clients.get(key)?.onResponse(response, from);
  }

  #onRequest(request: SipRequest, from: Endpoint): void {
    const cseq = parseCSeq(request.headers.get('cseq'));
    const via = parseVia(request.headers.get('via') ?? '');
    const branch = via.params.branch ?? '';
    const toTag = parseNameAddr(request.headers.get('to') ?? '').params.tag;
    const fromTag = parseNameAddr(request.headers.get('from') ?? '').params.tag ?? '';
    const callId = request.headers.get('call-id') ?? '';

    if (request.method === 'CANCEL') {
      const invite = this.#serverInvites.get(branch);
      this.respond(request, from, invite ? 200 : 481, invite ? 'OK' : 'Call/Transaction Does Not Exist');
      invite?.cancelledByRemote();
      return;
    }
    if (request.method === 'INVITE' && !toTag) {
      const existing = this.#serverInvites.get(branch);
      if (existing) return existing.retransmitLastResponse(); // §17.2.1: absorb retransmissions
      const invite = new IncomingInvite(this, request, from, this.contact, this.#options.userAgent);
      this.#serverInvites.set(branch, invite);
      invite.once('done', () => setTimeout(() => this.#serverInvites.delete(branch), 64 * T1).unref());
      invite.once('established', (dialog) => this.#dialogs.set(dialog.key, dialog));
      this.respond(request, from, 100, 'Trying');
      if (this.listenerCount('invite') === 0) return invite.reject(480, 'Temporarily Unavailable');
      this.safeEmit('invite', [invite], (error) => {
        this.#log.error({ err: error }, 'invite listener threw');
        invite.reject(500, 'Server Internal Error');
      });
      return;
    }
    if (request.method === 'ACK') {
      // ACK for a 2xx is in-dialog; ACK for a non-2xx matches the INVITE's branch.
      this.#serverInvites.get(branch)?.acked();
      for (const invite of this.#serverInvites.values()) invite.ackedInDialog(callId, fromTag);
      return;
    }
    if (request.method === 'OPTIONS' && !toTag) {
      this.respond(request, from, 200, 'OK', (h) => h.append('Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS').append('Accept', 'application/sdp'));
      return;
    }
    const dialog = toTag ? this.#dialogs.get(Dialog_key(callId, toTag, fromTag)) : undefined;
    if (!dialog) {
      this.respond(request, from, 481, 'Call/Transaction Does Not Exist');
      return;
    }
    if (!dialog.acceptRemoteSeq(request, cseq.seq)) {
      this.respond(request, from, 500, 'Server Internal Error'); // §12.2.2: CSeq out of order
      return;
    }
    if (request.method === 'BYE') {
      this.respond(request, from, 200, 'OK');
      this.#dialogs.delete(dialog.key);
      dialog.terminate('remote-bye');
    } else if (request.method === 'INVITE') {
      // Session refresh or hold: we keep the media as negotiated and answer with our SDP.
      this.respond(request, from, 200, 'OK', (h) => h.append('Contact', this.contact).append('Content-Type', 'application/sdp'), dialog.localSdp);
    } else {
      this.respond(request, from, 405, 'Method Not Allowed', (h) => h.append('Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS'));
    }
  }

  /** @internal §8.2.6: a response copies Via, From, To (adding our tag), Call-ID and CSeq. */
  respond(
    request: SipRequest,
    to: Endpoint,
    status: number,
    reason: string,
    extra?: (h: SipHeaders) => void,
    body = '',
    toTag?: string,
  ): SipResponse {
    const headers = new SipHeaders();
    const vias = request.headers.getAll('via');
    vias.forEach((v, i) => {
      // RFC 3581 §4 / §18.2.1: record where the request really came from.
      headers.append('Via', i === 0 ? `${v.replace(/;rport(?=;|$)/, `;rport=${to.port}`)};received=${to.address}` : v);
    });
    const toHeader = request.headers.get('to') ?? '';
    const addTag = toTag && status > 100 && !parseNameAddr(toHeader).params.tag;
    headers.append('From', request.headers.get('from') ?? '');
    headers.append('To', addTag ? `${toHeader};tag=${toTag}` : toHeader);
    headers.append('Call-ID', request.headers.get('call-id') ?? '');
    headers.append('CSeq', request.headers.get('cseq') ?? '');
    headers.append('User-Agent', this.#options.userAgent);
    extra?.(headers);
    const response: SipResponse = { kind: 'response', status, reason, headers, body };
    this.send(response, to);
    return response;
  }
}

function Dialog_key(callId: string, localTag: string, remoteTag: string): string {
  return Dialog.key(callId, localTag, remoteTag);
}

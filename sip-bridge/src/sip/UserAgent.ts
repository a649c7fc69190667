import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import type { Logger } from 'pino';
import { BridgeClosedError, SipCallFailedError } from '../errors';
import { TypedEmitter } from '@videoloket/contracts/emitter';
import { Dialog, type DialogSender, type Endpoint } from './Dialog';
import { digestAuthorization, parseChallenge, type DigestCredentials } from './digest';
import { IncomingInvite } from './IncomingInvite';
import { SipTransports, type SipTransportName, type TransportOptions } from './Transport';
import {
  ALLOW,
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

// A minimal SIP user agent (RFC 3261 §17, §18 subset) over UDP, TCP and TLS:
// INVITE client and server transactions with retransmission timers (UDP
// only: streams are reliable, §17.1.1.2), CANCEL, BYE, OPTIONS, REGISTER,
// digest auth towards a trunk. No DNS SRV/NAPTR (RFC 3263): the trunk is
// addressed as host[:port].

/** RFC 3261 §17.1.1.1 timer values. */
export const T1 = 500;
export const T2 = 4000;

export interface UserAgentOptions {
  listenIp: string;
  /** 0 for any free port. */
  port: number;
  /** Host (and port) we put in Via and Contact; default listenIp:boundPort. */
  publicHost?: string;
  /** TLS server port and certificate; TLS is off without it. */
  tlsPort?: number;
  tls?: TransportOptions['tls'];
  /** Admission for new INVITEs (per-source rate limit); refused ones get a stateless 503. */
  admitInvite?: (from: Endpoint) => Promise<boolean>;
  /** The transport our Contact advertises and new requests use by default. */
  transport?: SipTransportName;
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
  /** Called on each provisional response (180 Ringing, 183 Session Progress with early media). */
  onProvisional?: (status: number, response: SipResponse) => void;
  /** Transport towards `via`/the target; default the target URI's transport parameter, else UDP. */
  transport?: SipTransportName;
  /** Adds headers to the INVITE (e.g. Session-Expires). */
  extraHeaders?: (h: SipHeaders) => void;
  signal?: AbortSignal;
}

export interface InviteResult {
  dialog: Dialog;
  remoteSdp: string;
  /** The 2xx itself (Session-Expires and friends). */
  response: SipResponse;
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
  /** The invite being handed to 'invite' listeners, for listenerFailed. */
  #offering: IncomingInvite | undefined;
  #transports: SipTransports | undefined;
  #publicHost = '';
  readonly #clients = new Map<string, ClientTransaction>();
  readonly #serverInvites = new Map<string, IncomingInvite>();
  readonly #dialogs = new Map<string, Dialog>();
  /** INVITE branches waiting for admitInvite (retransmissions meanwhile are ignored). */
  readonly #admitting = new Set<string>();

  constructor(options: UserAgentOptions) {
    super();
    this.#options = options;
    this.#log = options.logger.child({ component: 'sip-ua' });
  }

  /** The UDP and TCP port. */
  get port(): number {
    if (!this.#transports) throw new BridgeClosedError();
    return this.#transports.port;
  }

  get tlsPort(): number | undefined {
    return this.#transports?.tlsPort;
  }

  get publicHost(): string {
    return this.#publicHost;
  }

  get defaultTransport(): SipTransportName {
    return this.#options.transport ?? 'udp';
  }

  /** Our host:port as reachable over `transport` (TLS listens on its own port). */
  hostFor(transport: SipTransportName = this.defaultTransport): string {
    if (transport !== 'tls') return this.#publicHost;
    return `${this.#publicHost.replace(/:\d+$/, '')}:${this.tlsPort ?? 5061}`;
  }

  /** Contact for `transport` (RFC 3261 §8.1.1.8); TLS is a sips: URI (§26.2). */
  contactFor(transport: SipTransportName = this.defaultTransport): string {
    return transport === 'tls'
      ? `<sips:${this.#options.user}@${this.hostFor('tls')};transport=tls>`
      : `<sip:${this.#options.user}@${this.#publicHost};transport=${transport}>`;
  }

  get contact(): string {
    return this.contactFor();
  }

  async start(): Promise<void> {
    const transports = new SipTransports({
      listenIp: this.#options.listenIp,
      port: this.#options.port,
      ...(this.#options.tls ? { tls: this.#options.tls, tlsPort: this.#options.tlsPort ?? 0 } : {}),
      logger: this.#log,
      onMessage: (data, from) => this.#receive(data, from),
    });
    await transports.start();
    this.#transports = transports;
    this.#publicHost = this.#options.publicHost ?? `${this.#options.listenIp}:${transports.port}`;
    this.#log.info({ port: transports.port, tlsPort: transports.tlsPort }, 'SIP UA listening (UDP, TCP' + (transports.tlsPort ? ', TLS)' : ')'));
  }

  close(): void {
    for (const dialog of this.#dialogs.values()) dialog.terminate('transport-closed');
    this.#dialogs.clear();
    for (const invite of this.#serverInvites.values()) invite.dispose();
    this.#serverInvites.clear();
    this.#clients.clear();
    this.#transports?.close();
    this.#transports = undefined;
  }

  // ---- sending ------------------------------------------------------------

  /** @internal */
  send(message: SipMessage, to: Endpoint): void {
    this.#transports?.send(serialize(message), to);
  }

  #newVia(transport: SipTransportName = 'udp'): { value: string; branch: string } {
    // §8.1.1.7: the branch starts with the magic cookie z9hG4bK.
    const branch = `z9hG4bK${randomBytes(8).toString('hex')}`;
    return { value: `SIP/2.0/${transport.toUpperCase()} ${this.hostFor(transport)};branch=${branch};rport`, branch };
  }

  /**
   * A client transaction for a non-INVITE request (§17.1.2) or an in-dialog re-INVITE:
   * retransmitted over UDP (Timer E/A, doubling up to T2) until a final response or
   * `timeoutMs` (Timer F/B, 64*T1). Resolves with the final response, undefined on timeout.
   */
  #transaction(request: SipRequest, to: Endpoint, branch: string, timeoutMs = 64 * T1): Promise<SipResponse | undefined> {
    return new Promise((resolve) => {
      let interval = T1;
      let timer: NodeJS.Timeout | undefined;
      const giveUp = setTimeout(() => finish(undefined), timeoutMs);
      const finish = (response: SipResponse | undefined) => {
        clearTimeout(timer);
        clearTimeout(giveUp);
        this.#clients.delete(branch);
        resolve(response);
      };
      const retransmit = () => {
        this.send(request, to);
        if ((to.transport ?? 'udp') !== 'udp') return; // reliable transport: no retransmissions (§17.1.2.2)
        interval = Math.min(interval * 2, T2);
        timer = setTimeout(retransmit, interval);
      };
      this.#clients.set(branch, {
        onResponse: (r) => {
          if (r.status >= 200) finish(r);
          else if (request.method === 'INVITE') clearTimeout(timer); // §17.1.1.2: provisional stops Timer A
        },
      });
      retransmit();
    });
  }

  /** @internal DialogSender: BYE inside a dialog; resolves with the status, 0 on timeout. */
  async sendInDialogRequest(dialog: Dialog, method: string): Promise<number> {
    if (!this.#transports) return 0;
    const headers = dialog.requestHeaders(method);
    const via = this.#newVia(dialog.destination.transport);
    headers.append('Via', via.value);
    headers.append('Max-Forwards', '70');
    headers.append('User-Agent', this.#options.userAgent);
    if (method === 'BYE') this.#dialogs.delete(dialog.key);
    const response = await this.#transaction({ kind: 'request', method, uri: dialog.remoteTarget, headers, body: '' }, dialog.destination, via.branch);
    return response?.status ?? 0;
  }

  /**
   * @internal DialogSender: a re-INVITE in the dialog (RFC 4028 session refresh, §14.1),
   * with our SDP unchanged; ACKs a 2xx. Resolves with the final response, undefined on timeout.
   */
  async reinvite(dialog: Dialog, extra: (h: SipHeaders) => void, timeoutMs: number): Promise<SipResponse | undefined> {
    if (!this.#transports) return undefined;
    const headers = dialog.requestHeaders('INVITE');
    const cseq = dialog.localSeq;
    const via = this.#newVia(dialog.destination.transport);
    headers
      .append('Via', via.value)
      .append('Max-Forwards', '70')
      .append('Contact', this.contactFor(dialog.destination.transport))
      .append('Allow', ALLOW)
      .append('User-Agent', this.#options.userAgent)
      .append('Content-Type', 'application/sdp');
    extra(headers);
    const response = await this.#transaction({ kind: 'request', method: 'INVITE', uri: dialog.remoteTarget, headers, body: dialog.localSdp }, dialog.destination, via.branch, timeoutMs);
    if (response && response.status < 300) this.#sendAck(dialog, cseq, response);
    return response;
  }

  /**
   * REGISTER (§10) for `aor` at `registrar`, answering one digest challenge. `callId` and
   * `cseq` are the registration's own (§10.2.4: the same Call-ID for every refresh).
   */
  async register(options: {
    registrar: Endpoint;
    aor: string;
    expires: number;
    callId: string;
    cseq: () => number;
    credentials?: DigestCredentials;
  }): Promise<{ status: number; expires: number }> {
    if (!this.#transports) throw new BridgeClosedError();
    const transport = options.registrar.transport ?? 'udp';
    const registrarUri = `${transport === 'tls' ? 'sips' : 'sip'}:${parseUri(options.aor).host}`;
    const fromTag = randomBytes(6).toString('hex');
    let authorization: { header: string; value: string } | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const via = this.#newVia(transport);
      const headers = new SipHeaders()
        .append('Via', via.value)
        .append('Max-Forwards', '70')
        .append('From', `<${options.aor}>;tag=${fromTag}`)
        .append('To', `<${options.aor}>`)
        .append('Call-ID', options.callId)
        .append('CSeq', `${options.cseq()} REGISTER`)
        .append('Contact', this.contactFor(transport))
        .append('Expires', String(options.expires))
        .append('Allow', ALLOW)
        .append('User-Agent', this.#options.userAgent);
      if (authorization) headers.append(authorization.header, authorization.value);
      const response = await this.#transaction({ kind: 'request', method: 'REGISTER', uri: registrarUri, headers, body: '' }, options.registrar, via.branch);
      if (!response) return { status: 408, expires: 0 };
      if ((response.status === 401 || response.status === 407) && options.credentials && (!authorization || isStale(response))) {
        const proxy = response.status === 407;
        const challenge = parseChallenge(response.headers.get(proxy ? 'proxy-authenticate' : 'www-authenticate') ?? '');
        authorization = {
          header: proxy ? 'Proxy-Authorization' : 'Authorization',
          value: digestAuthorization({ challenge, credentials: options.credentials, method: 'REGISTER', uri: registrarUri }),
        };
        continue;
      }
      if (response.status >= 300) return { status: response.status, expires: 0 };
      return { status: response.status, expires: grantedExpires(response, this.contactFor(transport), options.expires) };
    }
    return { status: 401, expires: 0 };
  }

  // ---- outgoing INVITE (UAC) ---------------------------------------------

  async invite(options: InviteOptions): Promise<InviteResult> {
    if (!this.#transports) throw new BridgeClosedError();
    const target = parseUri(options.target);
    const to = await this.resolve(options.via ?? `${target.host}:${target.port ?? 5060}`, options.transport ?? uriTransport(options.target));
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
    const via = this.#newVia(to.transport);
    const headers = new SipHeaders()
      .append('Via', via.value)
      .append('Max-Forwards', '70')
      .append('From', formatNameAddr(from))
      .append('To', `<${options.target}>`)
      .append('Call-ID', callId)
      .append('CSeq', `${cseq} INVITE`)
      .append('Contact', this.contactFor(to.transport))
      .append('Allow', ALLOW)
      .append('Supported', 'timer')
      .append('User-Agent', this.#options.userAgent)
      .append('Content-Type', 'application/sdp');
    if (ctx.authorization) headers.append(ctx.authorization.header, ctx.authorization.value);
    options.extraHeaders?.(headers);
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
        void this.#transaction({ kind: 'request', method: 'CANCEL', uri: options.target, headers: h, body: '' }, to, cancelBranch);
        // The INVITE then ends with 487, handled below; if the far end never answers, Timer B fires.
      };
      const retransmit = () => {
        this.send(request, to);
        if ((to.transport ?? 'udp') !== 'udp') return; // Timer A is for unreliable transports only (§17.1.1.2)
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
            options.onProvisional?.(response.status, response);
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
            resolve({ kind: 'answered', result: { dialog, remoteSdp: response.body, response } });
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
    const via = this.#newVia(dialog.destination.transport);
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
      const transport = /;transport=|^sips:/i.test(uri) ? uriTransport(uri) : (fallback.transport ?? 'udp');
      if (/^\d+\.\d+\.\d+\.\d+$/.test(u.host)) return { address: u.host, port: u.port ?? (transport === 'tls' ? 5061 : 5060), transport };
    } catch {
      // fall through: a Contact we cannot parse is answered at the address we used.
    }
    return fallback;
  }

  /** host[:port] → address, port and transport (default port 5060, 5061 for TLS). */
  async resolve(where: Endpoint | string, transport: SipTransportName = 'udp'): Promise<Endpoint> {
    if (typeof where !== 'string') return { transport, ...where };
    const m = /^([^:]+)(?::(\d+))?$/.exec(where);
    if (!m) throw new SipCallFailedError(0, `bad SIP destination ${where}`);
    const host = m[1]!;
    const address = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : (await lookup(host, { family: 4 })).address;
    return { address, port: m[2] ? Number(m[2]) : transport === 'tls' ? 5061 : 5060, transport };
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

  #newInvite(request: SipRequest, from: Endpoint, branch: string): void {
    const invite = new IncomingInvite(this, request, from, this.contactFor(from.transport), this.#options.userAgent);
    this.#serverInvites.set(branch, invite);
    invite.once('done', () => setTimeout(() => this.#serverInvites.delete(branch), 64 * T1).unref());
    invite.once('established', (dialog) => this.#dialogs.set(dialog.key, dialog));
    this.respond(request, from, 100, 'Trying');
    if (this.listenerCount('invite') === 0) return invite.reject(480, 'Temporarily Unavailable');
    this.#offering = invite;
    try {
      this.emit('invite', invite);
    } finally {
      this.#offering = undefined;
    }
  }

  /** An 'invite' listener threw: the caller hears a server error instead of ringing forever. */
  protected override listenerFailed(error: unknown, event: string): void {
    this.#log.error({ err: error, event }, 'listener threw');
    if (event === 'invite') this.#offering?.reject(500, 'Server Internal Error');
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
      if (this.#admitting.has(branch)) return;
      if (!this.#options.admitInvite) return this.#newInvite(request, from, branch);
      // Checked before any transaction state exists: a refused INVITE costs one stateless 503.
      this.#admitting.add(branch);
      void this.#options.admitInvite(from).then((admitted) => {
        this.#admitting.delete(branch);
        if (admitted) this.#newInvite(request, from, branch);
        else this.respond(request, from, 503, 'Service Unavailable', (h) => h.append('Retry-After', '10'));
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
      this.respond(request, from, 200, 'OK', (h) => h.append('Allow', ALLOW).append('Accept', 'application/sdp'));
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
    } else if (request.method === 'INVITE' || request.method === 'UPDATE') {
      // Hold/resume/new address (RFC 3264 §8) or a session refresh (RFC 4028 §9): the dialog's
      // owner answers the offer; an UPDATE without SDP just refreshes.
      const answer = dialog.answerOffer(request.body);
      if (answer === undefined) {
        this.respond(request, from, 488, 'Not Acceptable Here');
        return;
      }
      const withSdp = request.method === 'INVITE' || request.body !== '';
      this.respond(
        request,
        from,
        200,
        'OK',
        (h) => {
          h.append('Contact', this.contactFor(from.transport));
          if (withSdp) h.append('Content-Type', 'application/sdp');
          // RFC 4028 §9: echo the interval; whoever sent the refresh stays the refresher.
          const se = request.headers.get('session-expires');
          if (se) {
            h.append('Session-Expires', `${parseInt(se, 10)};refresher=uac`);
            if (/\btimer\b/.test(request.headers.get('supported') ?? '')) h.append('Require', 'timer');
          }
        },
        withSdp ? answer : '',
      );
    } else {
      this.respond(request, from, 405, 'Method Not Allowed', (h) => h.append('Allow', ALLOW));
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

export function uriTransport(uri: string): SipTransportName {
  if (/^sips:/i.test(uri)) return 'tls';
  const t = /;transport=(udp|tcp|tls)/i.exec(uri)?.[1]?.toLowerCase();
  return (t as SipTransportName | undefined) ?? 'udp';
}

function isStale(response: SipResponse): boolean {
  return /stale\s*=\s*"?true/i.test(response.headers.get('www-authenticate') ?? response.headers.get('proxy-authenticate') ?? '');
}

/** §10.2.4: the registrar's granted expiry is our Contact's expires param, else the Expires header. */
function grantedExpires(response: SipResponse, ourContact: string, asked: number): number {
  const ourUri = parseNameAddr(ourContact).uri;
  for (const c of response.headers.getAll('contact')) {
    const parsed = parseNameAddr(c);
    if (parsed.uri === ourUri && parsed.params.expires) return Number(parsed.params.expires);
  }
  const header = Number(response.headers.get('expires'));
  return Number.isFinite(header) && header > 0 ? header : asked;
}

function Dialog_key(callId: string, localTag: string, remoteTag: string): string {
  return Dialog.key(callId, localTag, remoteTag);
}

import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { TypedEmitter } from '@videoloket/contracts/emitter';
import type { Endpoint } from './Dialog';
import type { DigestCredentials } from './digest';
import type { SipUserAgent } from './UserAgent';

// Registration with the trunk (RFC 3261 §10): REGISTER our Contact for
// sip:<username>@<domain>, answer the digest challenge, refresh at half the
// granted lifetime with the same Call-ID and a rising CSeq (§10.2.4), retry
// after a failure, and unregister (Expires: 0) on close.

export interface RegistrationEvents extends Record<string, unknown[]> {
  /** The registrar accepted us for `expires` seconds (also on every refresh). */
  registered: [expires: number];
  /** REGISTER failed (status 0/408: no answer). Retried after RETRY_S. */
  failed: [status: number];
}

const RETRY_S = 30;

export class Registration extends TypedEmitter<RegistrationEvents> {
  readonly #callId = `${randomBytes(12).toString('hex')}@videoloket`;
  #cseq = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #expiresAt = 0;

  constructor(
    private readonly ua: SipUserAgent,
    private readonly options: { registrar: Endpoint; aor: string; expires: number; credentials?: DigestCredentials },
    private readonly log: Logger,
  ) {
    super();
  }

  /** True while the last REGISTER's lifetime has not run out. */
  get registered(): boolean {
    return Date.now() < this.#expiresAt;
  }

  /** Registers once now (resolves with the outcome) and keeps the registration fresh. */
  async start(): Promise<boolean> {
    return this.#register();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    if (!this.registered) return;
    this.#expiresAt = 0;
    await this.ua.register({ ...this.#request(), expires: 0 }).catch(() => undefined);
  }

  async #register(): Promise<boolean> {
    if (this.#stopped) return false;
    let outcome: { status: number; expires: number };
    try {
      outcome = await this.ua.register(this.#request());
    } catch (error) {
      this.log.warn({ err: error }, 'REGISTER could not be sent');
      outcome = { status: 0, expires: 0 };
    }
    if (this.#stopped) return false;
    const ok = outcome.status >= 200 && outcome.status < 300 && outcome.expires > 0;
    if (ok) {
      this.#expiresAt = Date.now() + outcome.expires * 1000;
      this.log.info({ aor: this.options.aor, expires: outcome.expires }, 'registered at the trunk');
      this.emit('registered', outcome.expires);
    } else {
      this.log.warn({ aor: this.options.aor, status: outcome.status }, 'registration at the trunk failed');
      this.emit('failed', outcome.status);
    }
    const nextS = ok ? Math.max(1, outcome.expires / 2) : RETRY_S;
    this.#timer = setTimeout(() => void this.#register(), nextS * 1000);
    this.#timer.unref();
    return ok;
  }

  #request() {
    return {
      registrar: this.options.registrar,
      aor: this.options.aor,
      expires: this.options.expires,
      callId: this.#callId,
      cseq: () => ++this.#cseq,
      ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
    };
  }
}

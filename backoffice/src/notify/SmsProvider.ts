import type { Logger } from 'pino';

/** Sends a text message; a real provider (e.g. a gateway of the municipality) implements this. */
export interface SmsProvider {
  readonly kind: string;
  /** `idempotencyKey` is the same on every attempt of one message: a gateway that knows it sends once. */
  send(to: string, text: string, idempotencyKey?: string): Promise<void>;
}

/** Default: writes the message to the log with the number masked, sends nothing. */
export class LoggingSmsProvider implements SmsProvider {
  readonly kind = 'logging';
  readonly sent: { to: string; text: string }[] = [];
  constructor(private readonly log: Logger) {}

  async send(to: string, text: string): Promise<void> {
    this.sent.push({ to, text });
    if (this.sent.length > 100) this.sent.shift();
    this.log.info({ to: `${to.slice(0, 5)}…${to.slice(-2)}`, chars: text.length }, 'sms (logging provider, not sent)');
  }
}

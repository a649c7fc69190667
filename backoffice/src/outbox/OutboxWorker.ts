import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Database } from '../db/Database';
import type { OutboxOptions } from '../options';
import { OutboxPayload, type OutboxKind } from './messages';
import { OutboxRepository, type OutboxRow } from './OutboxRepository';

/** Delivers one row; throws to have it retried. `idempotencyKey` goes to the receiver. */
export type OutboxHandler<K extends OutboxKind = OutboxKind> = (input: {
  caseId: string;
  payload: z.infer<(typeof OutboxPayload)[K]>;
  idempotencyKey: string;
}) => Promise<void>;
export type OutboxHandlers = { [K in OutboxKind]: OutboxHandler<K> };

/** Thrown by a handler when retrying cannot help (the row goes dead at once). */
export class PermanentDeliveryError extends Error {}

export interface DeliveryOutcome {
  delivered: number;
  failed: number;
}

/**
 * Delivers the outbox: right after the transaction that wrote rows (`flush`, so a mail
 * still leaves while the citizen waits) and every `pollSeconds` for what is due. Failed
 * rows come back after retryBaseSeconds · 2^(attempt−1), capped at retryMaxSeconds; after
 * maxAttempts they are dead and wait for an administrator (retry or discard).
 */
export class OutboxWorker {
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly options: OutboxOptions,
    private readonly handlers: OutboxHandlers,
    private readonly now: () => Date,
    private readonly log: Logger,
  ) {}

  /** Delivers the given rows now if they are due (rows of a case wait for that case's earlier ones). */
  async flush(ids: readonly string[]): Promise<DeliveryOutcome> {
    if (ids.length === 0) return { delivered: 0, failed: 0 };
    return this.#deliver([...ids]);
  }

  /** Delivers everything due, batch after batch. */
  async deliverDue(): Promise<DeliveryOutcome> {
    const total = { delivered: 0, failed: 0 };
    for (;;) {
      const out = await this.#deliver(undefined);
      total.delivered += out.delivered;
      total.failed += out.failed;
      if (out.delivered + out.failed === 0) return total;
    }
  }

  start(): void {
    if (this.#timer) return;
    const tick = () => {
      // One round at a time: a slow receiver must not pile rounds up.
      this.#round = this.#round.then(() => this.deliverDue()).catch((err: unknown) => this.log.error({ err }, 'outbox round failed; tried again next round'));
    };
    this.#timer = setInterval(tick, this.options.pollSeconds * 1000).unref();
    tick();
  }

  /** Stops polling and waits for the round in flight. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#round;
  }

  async #deliver(ids: string[] | undefined): Promise<DeliveryOutcome> {
    const now = this.now();
    const rows = await new OutboxRepository(this.db).claim(now, new Date(now.getTime() + this.options.leaseSeconds * 1000), this.options.batchSize, ids);
    const out = { delivered: 0, failed: 0 };
    for (const row of rows) {
      if (await this.#deliverOne(row)) out.delivered++;
      else out.failed++;
    }
    return out;
  }

  async #deliverOne(row: OutboxRow): Promise<boolean> {
    const outbox = new OutboxRepository(this.db);
    try {
      if (!row.caseId) throw new PermanentDeliveryError('the case of this push was removed');
      const parsed = OutboxPayload[row.kind].safeParse(row.payload);
      if (!parsed.success) throw new PermanentDeliveryError(`unreadable ${row.kind} payload`);
      const handler = this.handlers[row.kind] as OutboxHandler;
      await handler({ caseId: row.caseId, payload: parsed.data as never, idempotencyKey: row.id });
      await outbox.delivered(row, this.now());
      return true;
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      const dead = err instanceof PermanentDeliveryError || row.attempts >= this.options.maxAttempts;
      const delay = Math.min(this.options.retryBaseSeconds * 2 ** (row.attempts - 1), this.options.retryMaxSeconds) * 1000;
      const now = this.now();
      await outbox.failed(row, message, now, dead ? undefined : new Date(now.getTime() + delay));
      // Logged without the payload: it holds addresses and texts.
      this.log[dead ? 'error' : 'warn']({ outboxId: row.id, kind: row.kind, attempt: row.attempts, err: message }, dead ? 'outbox message dead after its last attempt' : 'outbox delivery failed; retried later');
      return false;
    }
  }
}

import { ConflictError, NotFoundError, type OutboxEntryView, type OutboxListQuery } from '@videoloket/contracts';
import type { BackofficeDeps } from '../context';
import { OutboxRepository } from './OutboxRepository';

/** What an administrator sees of the outbox and may do with a dead message: try again, or give it up. */
export class DeadLetters {
  constructor(private readonly deps: BackofficeDeps) {}

  list(query: OutboxListQuery): Promise<OutboxEntryView[]> {
    return new OutboxRepository(this.deps.db).list(query.state, 200);
  }

  /** Back to pending with a fresh count, delivered at once if it can be. */
  async retry(id: string, actor: string): Promise<OutboxEntryView> {
    await this.act(id, actor, 'retry', (outbox) => outbox.retry(id, this.deps.now()));
    await this.deps.outbox.flush([id]);
    return this.entry(id);
  }

  async discard(id: string, actor: string): Promise<OutboxEntryView> {
    await this.act(id, actor, 'discard', (outbox) => outbox.discard(id, this.deps.now()));
    return this.entry(id);
  }

  private async act(id: string, actor: string, action: string, change: (outbox: OutboxRepository) => Promise<boolean>): Promise<void> {
    const outbox = new OutboxRepository(this.deps.db);
    if (!(await outbox.exists(id))) throw new NotFoundError('Unknown outbox message');
    if (!(await change(outbox))) throw new ConflictError('Only a dead message can be retried or discarded');
    this.deps.log.info({ outboxId: id, actor, action }, 'outbox dead letter handled');
  }

  private async entry(id: string): Promise<OutboxEntryView> {
    return (await new OutboxRepository(this.deps.db).get(id))!;
  }
}

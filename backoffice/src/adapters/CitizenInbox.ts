import type { z } from 'zod';
import type { Queryable } from '../db/Database';
import type { InboxMessage } from '../notify/Notifier';
import type { HttpInboxOptions } from '../options';
import type { PushContext } from './CaseSystem';
import { postWithApiKey } from './postWithApiKey';

/**
 * The citizen's inbox in their government profile: a message per case status change and
 * payment request, in the citizen's language, delivered through the outbox. Adapters: stored
 * (embedded default, shown on the case's status page) and HTTP.
 */
export interface CitizenInbox {
  readonly kind: string;
  deliver(caseId: string, message: InboxMessage, at: Date, ctx: PushContext): Promise<void>;
}

/** Embedded default: kept with the case (citizen_messages), one row per outbox message. */
export class StoredCitizenInbox implements CitizenInbox {
  readonly kind = 'stored';
  constructor(private readonly q: Queryable) {}

  async deliver(caseId: string, m: InboxMessage, at: Date, ctx: PushContext): Promise<void> {
    await this.q.query(
      `insert into citizen_messages (id, case_id, type, language, subject, body, link, at) values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (id) do nothing`,
      [ctx.idempotencyKey, caseId, m.type, m.language, m.subject, m.body, m.link, at],
    );
  }
}

/** POSTs each message, with the municipality's API key and the message's Idempotency-Key. */
export class HttpCitizenInbox implements CitizenInbox {
  readonly kind = 'http';
  constructor(private readonly options: z.infer<typeof HttpInboxOptions>, private readonly fetchImpl: typeof fetch = fetch) {}

  async deliver(_caseId: string, m: InboxMessage, at: Date, ctx: PushContext): Promise<void> {
    const body = {
      berichtId: ctx.idempotencyKey,
      afzender: this.options.senderId,
      dossiernummer: m.caseReference,
      type: { status: 'statuswijziging', payment: 'betaalverzoek' }[m.type],
      taal: m.language,
      onderwerp: m.subject,
      inhoud: m.body,
      link: m.link,
      tijdstip: at.toISOString(),
    };
    await postWithApiKey(this.fetchImpl, 'citizen inbox', this.options, body, ctx);
  }
}

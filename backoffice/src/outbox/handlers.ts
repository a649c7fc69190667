import type { BackofficeDeps } from '../context';
import { repos } from '../context';
import { statusUrl, type Notifier } from '../notify/Notifier';
import { localDate } from '../time';
import { OutboxRepository } from './OutboxRepository';
import { PermanentDeliveryError, type OutboxHandlers } from './OutboxWorker';

/** How each kind of outbox message reaches its outside system; each throws to be retried. */
export function outboxHandlers(deps: BackofficeDeps, notifier: Notifier): OutboxHandlers {
  const r = repos(deps.db);

  /** A case's external reference; missing only when the case system does not take its product. */
  const externalRef = async (caseId: string): Promise<string | undefined> => {
    const c = await r.cases.get(caseId);
    if (!c) throw new PermanentDeliveryError('the case is gone');
    if (c.externalRef) return c.externalRef;
    // Its creation came first (same ordering key): delivered without a reference means "not
    // mapped"; none at all, a case from before the case system was configured.
    const states = await new OutboxRepository(deps.db).statesOf('case.create', caseId);
    if (states.length === 0 || states.includes('delivered')) return undefined;
    throw new Error('the case was not created in the case system (its creation is dead or discarded)');
  };

  return {
    async mail({ caseId, payload, idempotencyKey }) {
      const mailer = deps.mailer;
      if (!mailer) throw new Error('no mailer configured');
      const message = await notifier.mail(caseId, payload, idempotencyKey);
      if (message) await mailer.send(message);
    },
    async sms({ caseId, payload, idempotencyKey }) {
      const message = await notifier.sms(caseId, payload);
      if (message) await deps.sms.send(message.to, message.text, idempotencyKey);
    },
    async inbox({ caseId, payload, idempotencyKey }) {
      const message = await notifier.inbox(caseId, payload);
      if (message) await deps.inbox.deliver(caseId, message, deps.now(), { idempotencyKey });
    },
    async 'case.create'({ caseId, payload, idempotencyKey }) {
      const c = await r.cases.get(caseId);
      if (!c) throw new PermanentDeliveryError('the case is gone');
      let ref = c.externalRef;
      if (!ref) {
        const product = await r.products.get(c.productId);
        ref = await deps.caseSystem.createCase(
          { caseId, reference: c.reference, productId: c.productId, description: product?.name.nl ?? c.productId, createdAt: c.createdAt, startDate: localDate(c.createdAt, deps.options.timeZone) },
          { idempotencyKey },
        );
        if (!ref) return; // the product has no counterpart there: the case stays local
        await r.cases.setExternalRef(caseId, ref);
      }
      // The first status with it; a retry after a failure here does not create the case again.
      await deps.caseSystem.setStatus(ref, { status: payload.status, at: new Date(payload.at) }, { idempotencyKey: `${idempotencyKey}-status` });
    },
    async 'case.status'({ caseId, payload, idempotencyKey }) {
      const ref = await externalRef(caseId);
      if (ref) await deps.caseSystem.setStatus(ref, { status: payload.status, at: new Date(payload.at), ...(payload.message ? { message: payload.message } : {}) }, { idempotencyKey });
    },
    async 'case.document'({ caseId, payload, idempotencyKey }) {
      const ref = await externalRef(caseId);
      if (ref) await deps.caseSystem.attachDocument(ref, payload, { idempotencyKey });
    },
    async 'status.push'({ caseId, payload, idempotencyKey }) {
      const c = await r.cases.get(caseId);
      if (!c) throw new PermanentDeliveryError('the case is gone');
      const product = (await r.products.get(c.productId))!;
      await deps.statusPush.push(
        { caseReference: c.reference, productId: product.id, productName: product.name.nl, status: payload.status, at: new Date(payload.at), statusUrl: statusUrl(deps, caseId), ...(payload.message ? { message: payload.message } : {}) },
        { idempotencyKey },
      );
    },
  };
}

import {
  AddCaseNoteRequest,
  AttachDocumentRequest,
  ConflictError,
  EvaluationRequest,
  ForbiddenError,
  NotFoundError,
  SetCaseStatusRequest,
  UnprocessableError,
  parseOrThrow,
  type CallOutcome,
  type CaseStatusPageView,
  type CaseView,
  type ProductView,
} from '@videoloket/contracts';
import type { BackofficeDeps } from '../context';
import { repos } from '../context';
import type { Queryable } from '../db/Database';
import { statusUrl } from '../notify/Notifier';
import { OutboxRepository } from '../outbox/OutboxRepository';
import { appointmentView } from '../repositories/AppointmentRepository';
import type { CaseRecord } from '../repositories/CaseRepository';
import { deliveryStatus } from '../delivery/deliveryDates';
import { paymentView } from '../repositories/PaymentRepository';
import { derivedToken, hashSecret } from '../tokens';

const CLOSED = 'closed';

export interface OpenCase {
  id: string;
  product: ProductView;
  citizenName: string;
  email?: string;
  phone?: string;
  language: string;
  /** Opened by a booking: move straight on to `planned` when the timeline has it. */
  planned: boolean;
}

/** Cases (dossiers): status timeline per product, notes, documents, evaluation. */
export class CaseService {
  constructor(private readonly deps: BackofficeDeps) {}

  statusUrl(caseId: string): string {
    return statusUrl(this.deps, caseId);
  }

  /** Inside the caller's transaction; returns the outbox messages to flush after it committed. */
  async open(tx: Queryable, c: OpenCase): Promise<string[]> {
    const t = repos(tx);
    const first = c.product.timeline[0]!;
    const status = c.planned && c.product.timeline.includes('planned') ? 'planned' : first;
    await t.cases.insert(
      {
        id: c.id,
        productId: c.product.id,
        status,
        citizenName: c.citizenName,
        email: c.email,
        phone: c.phone,
        language: c.language,
        statusTokenHash: hashSecret(derivedToken(this.deps.options.linkSecret, 'status', c.id)),
      },
      this.deps.now(),
    );
    await t.cases.addEvent(c.id, { kind: 'status', status: first, public: true });
    if (status !== first) await t.cases.addEvent(c.id, { kind: 'status', status, public: true });
    // Mirrored into the case system by the outbox: an outage there never loses the booking, nor the mirror.
    if (this.deps.caseSystem.kind === 'none') return [];
    return [await new OutboxRepository(tx).enqueue({ kind: 'case.create', caseId: c.id, payload: { status, at: this.deps.now().toISOString() } }, this.deps.now())];
  }

  async advanceToPlanned(tx: Queryable, caseId: string, product: ProductView): Promise<void> {
    const t = repos(tx);
    const c = await t.cases.get(caseId, true);
    if (!c) throw new NotFoundError('Unknown case');
    if (c.closedAt) throw new ConflictError('This case is closed');
    if (product.timeline.includes('planned') && c.status !== 'planned') {
      await t.cases.setStatus(caseId, 'planned', false);
      await t.cases.addEvent(caseId, { kind: 'status', status: 'planned', public: true });
    }
  }

  async get(caseId: string): Promise<CaseView> {
    const r = repos(this.deps.db);
    const c = await r.cases.get(caseId);
    if (!c) throw new NotFoundError('Unknown case');
    const product = (await r.products.get(c.productId))!;
    const payment = await r.payments.byCase(caseId);
    const evaluation = await r.cases.evaluation(caseId);
    return {
      id: c.id,
      reference: c.reference,
      productId: c.productId,
      status: c.status,
      timeline: product.timeline,
      citizenName: c.citizenName,
      ...(c.email ? { email: c.email } : {}),
      ...(c.phone ? { phone: c.phone } : {}),
      createdAt: c.createdAt.toISOString(),
      ...(c.closedAt ? { closedAt: c.closedAt.toISOString() } : {}),
      events: (await r.cases.events(caseId)).map(({ public: _p, ...e }) => e),
      appointments: (await r.appointments.byCase(caseId)).map(appointmentView),
      ...(payment ? { payment: paymentView(payment, this.deps.options.bankAccount) } : {}),
      paid: payment ? payment.status === 'paid' : null,
      ...(evaluation ? { evaluation } : {}),
    };
  }

  /** The citizen's status page: public events only, no clerk notes. */
  async statusPage(token: string): Promise<CaseStatusPageView> {
    const r = repos(this.deps.db);
    const c = await r.cases.byStatusTokenHash(hashSecret(token));
    if (!c) throw new NotFoundError('Unknown or expired link');
    const product = (await r.products.get(c.productId))!;
    const events = (await r.cases.events(c.id)).filter((e) => e.public && e.kind === 'status');
    const reached = new Map<string, { at: string; text?: string }>();
    for (const e of events) reached.set(e.status!, { at: e.at, text: e.text });
    const upcoming = (await r.appointments.byCase(c.id)).find((a) => a.status === 'booked' && a.endsAt > this.deps.now());
    const payment = await r.payments.byCase(c.id);
    const evaluated = await r.cases.evaluation(c.id);
    return {
      reference: c.reference,
      product,
      status: c.status,
      timeline: product.timeline.map((s) => ({ status: s, ...(reached.has(s) ? { reachedAt: reached.get(s)!.at } : {}), ...(reached.get(s)?.text ? { message: reached.get(s)!.text } : {}) })),
      ...(upcoming ? { nextAppointment: { startsAt: upcoming.startsAt.toISOString(), endsAt: upcoming.endsAt.toISOString(), channel: upcoming.channel } } : {}),
      ...(payment ? { payment: paymentView(payment, this.deps.options.bankAccount) } : {}),
      evaluation: evaluated ? 'submitted' : c.closedAt ? 'open' : 'not_yet',
      messages: await r.cases.inboxMessages(c.id),
      ...(product.delivery ? { delivery: await deliveryStatus(this.deps, this.deps.db, c) } : {}),
    };
  }

  async setStatus(caseId: string, input: unknown, actor: string): Promise<CaseView> {
    const req = parseOrThrow(SetCaseStatusRequest, input, 'status change');
    const queued = await this.deps.db.transaction(async (tx) => {
      const c = await repos(tx).cases.get(caseId, true);
      if (!c) throw new NotFoundError('Unknown case');
      return this.changeStatus(tx, c, { status: req.status, message: req.message, notify: req.notify }, actor);
    });
    await this.deps.outbox.flush(queued);
    return this.get(caseId);
  }

  /**
   * Inside the caller's transaction, with the case locked: the new status on the case and its
   * timeline, and the notices and pushes it causes (they commit with it, or not at all; the
   * outbox delivers them). Returns the outbox messages to flush after the commit.
   */
  async changeStatus(tx: Queryable, c: CaseRecord, change: { status: string; message?: string; notify: boolean }, actor: string): Promise<string[]> {
    const { now } = this.deps;
    const t = repos(tx);
    const product = (await t.products.get(c.productId))!;
    if (!product.timeline.includes(change.status)) throw new UnprocessableError(`"${change.status}" is not a status of ${product.id}; use one of: ${product.timeline.join(', ')}`);
    if (c.closedAt) throw new ConflictError('This case is closed');
    if (c.status === change.status) return [];
    await t.cases.setStatus(c.id, change.status, change.status === CLOSED);
    await t.cases.addEvent(c.id, { kind: 'status', status: change.status, text: change.message, actor, public: true });
    const push = { status: change.status, at: now().toISOString(), ...(change.message ? { message: change.message } : {}) };
    const outbox = new OutboxRepository(tx);
    const ids = await this.deps.notifier.queueStatus(tx, c, change.status, change.message, change.notify);
    if (this.deps.statusPush.kind !== 'none') ids.push(await outbox.enqueue({ kind: 'status.push', caseId: c.id, payload: push }, now()));
    if (this.deps.caseSystem.kind !== 'none') ids.push(await outbox.enqueue({ kind: 'case.status', caseId: c.id, payload: push }, now()));
    return ids;
  }

  async addNote(caseId: string, input: unknown, actor: string): Promise<CaseView> {
    const req = parseOrThrow(AddCaseNoteRequest, input, 'note');
    const r = repos(this.deps.db);
    if (!(await r.cases.get(caseId))) throw new NotFoundError('Unknown case');
    await r.cases.addEvent(caseId, { kind: 'note', text: req.text, actor });
    return this.get(caseId);
  }

  /** What came of an appointment's call, on the case's timeline (clerks only; not on the citizen's status page). */
  async recordCallOutcome(caseId: string, outcome: CallOutcome, actor: string): Promise<void> {
    await repos(this.deps.db).cases.addEvent(caseId, { kind: 'call', status: outcome, actor });
  }

  async attachDocument(caseId: string, input: unknown, actor: string): Promise<CaseView> {
    const req = parseOrThrow(AttachDocumentRequest, input, 'document');
    const queued = await this.deps.db.transaction(async (tx) => {
      const t = repos(tx);
      if (!(await t.cases.get(caseId))) throw new NotFoundError('Unknown case');
      await t.cases.addEvent(caseId, { kind: 'document', documentId: req.documentId, text: req.title, actor });
      if (this.deps.caseSystem.kind === 'none') return [];
      return [await new OutboxRepository(tx).enqueue({ kind: 'case.document', caseId, payload: { documentId: req.documentId, title: req.title } }, this.deps.now())];
    });
    await this.deps.outbox.flush(queued);
    return this.get(caseId);
  }

  async submitEvaluation(token: string, input: unknown): Promise<void> {
    const answers = parseOrThrow(EvaluationRequest, input, 'evaluation');
    const r = repos(this.deps.db);
    const c = await r.cases.byStatusTokenHash(hashSecret(token));
    if (!c) throw new NotFoundError('Unknown or expired link');
    if (!c.closedAt) throw new ForbiddenError('The evaluation opens when the case is closed');
    const stored = await this.deps.db.transaction(async (tx) => {
      const t = repos(tx);
      if (!(await t.cases.insertEvaluation(c.id, answers))) return false;
      await t.cases.addEvent(c.id, { kind: 'evaluation', text: `Tevredenheid ${answers.satisfaction}/5` });
      return true;
    });
    if (!stored) throw new ConflictError('This evaluation was already submitted');
  }

  async markPaid(caseId: string, actor: string): Promise<CaseView> {
    if (!this.deps.payments.capabilities.manualMark) throw new ForbiddenError('Payments are confirmed by the payment provider');
    const r = repos(this.deps.db);
    const p = await r.payments.byCase(caseId);
    if (!p) throw new NotFoundError('This case has no payment request');
    await this.deps.db.transaction(async (tx) => {
      const t = repos(tx);
      if (await t.payments.markPaid(p.id, actor)) await t.cases.addEvent(caseId, { kind: 'payment', text: 'Betaald', actor, public: true });
    });
    return this.get(caseId);
  }
}

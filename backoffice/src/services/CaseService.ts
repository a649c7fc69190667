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
  type CaseStatusPageView,
  type CaseView,
  type ProductView,
} from '@videoloket/contracts';
import type { BackofficeDeps } from '../context';
import { repos } from '../context';
import type { Queryable } from '../db/Database';
import { Notifier } from '../notify/Notifier';
import { appointmentView } from '../repositories/AppointmentRepository';
import { paymentView } from '../repositories/PaymentRepository';
import { localDate } from '../time';
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
  readonly #notifier: Notifier;
  constructor(private readonly deps: BackofficeDeps) {
    this.#notifier = new Notifier(deps);
  }

  statusUrl(caseId: string): string {
    return `${this.deps.options.publicBaseUrl.replace(/\/$/, '')}/dossier/${derivedToken(this.deps.options.linkSecret, 'status', caseId)}`;
  }

  /** Inside the caller's transaction. */
  async open(tx: Queryable, c: OpenCase): Promise<void> {
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

  /** Mirrors a new case into the external case system; failures are logged, never lose the booking. */
  async syncCreated(caseId: string): Promise<void> {
    if (this.deps.caseSystem.kind === 'none') return;
    const r = repos(this.deps.db);
    const c = await r.cases.get(caseId);
    if (!c || c.externalRef) return;
    const product = await r.products.get(c.productId);
    try {
      const ref = await this.deps.caseSystem.createCase({ caseId, reference: c.reference, productId: c.productId, description: product?.name.nl ?? c.productId, createdAt: c.createdAt, startDate: localDate(c.createdAt, this.deps.options.timeZone) });
      if (ref) {
        await r.cases.setExternalRef(caseId, ref);
        await this.deps.caseSystem.setStatus(ref, c.status, c.createdAt);
      }
    } catch (err) {
      this.deps.log.warn({ caseId, err: (err as Error).message }, 'case system sync failed');
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
    };
  }

  async setStatus(caseId: string, input: unknown, actor: string): Promise<CaseView> {
    const req = parseOrThrow(SetCaseStatusRequest, input, 'status change');
    const { db } = this.deps;
    const changed = await db.transaction(async (tx) => {
      const t = repos(tx);
      const c = await t.cases.get(caseId, true);
      if (!c) throw new NotFoundError('Unknown case');
      const product = (await t.products.get(c.productId))!;
      if (!product.timeline.includes(req.status)) throw new UnprocessableError(`"${req.status}" is not a status of ${product.id}; use one of: ${product.timeline.join(', ')}`);
      if (c.closedAt) throw new ConflictError('This case is closed');
      if (c.status === req.status) return undefined;
      await t.cases.setStatus(caseId, req.status, req.status === CLOSED);
      await t.cases.addEvent(caseId, { kind: 'status', status: req.status, text: req.message, actor, public: true });
      return { c, product };
    });
    if (changed) {
      const { c, product } = changed;
      const at = this.deps.now();
      const url = this.statusUrl(caseId);
      if (req.notify) await this.#notifier.status({ email: c.email, phone: c.phone, name: c.citizenName }, c.reference, product.name.nl, req.status, url, req.message);
      await this.bestEffort('status push', () => this.deps.statusPush.push({ caseReference: c.reference, productId: product.id, productName: product.name.nl, status: req.status, at, statusUrl: url, message: req.message }));
      if (c.externalRef) await this.bestEffort('case system status', () => this.deps.caseSystem.setStatus(c.externalRef!, req.status, at, req.message));
    }
    return this.get(caseId);
  }

  async addNote(caseId: string, input: unknown, actor: string): Promise<CaseView> {
    const req = parseOrThrow(AddCaseNoteRequest, input, 'note');
    const r = repos(this.deps.db);
    if (!(await r.cases.get(caseId))) throw new NotFoundError('Unknown case');
    await r.cases.addEvent(caseId, { kind: 'note', text: req.text, actor });
    return this.get(caseId);
  }

  async attachDocument(caseId: string, input: unknown, actor: string): Promise<CaseView> {
    const req = parseOrThrow(AttachDocumentRequest, input, 'document');
    const r = repos(this.deps.db);
    const c = await r.cases.get(caseId);
    if (!c) throw new NotFoundError('Unknown case');
    await r.cases.addEvent(caseId, { kind: 'document', documentId: req.documentId, text: req.title, actor });
    if (c.externalRef) await this.bestEffort('case system document', () => this.deps.caseSystem.attachDocument(c.externalRef!, req));
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

  private async bestEffort(what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.deps.log.warn({ what, err: (err as Error).message }, 'adapter call failed');
    }
  }
}

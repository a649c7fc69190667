import { epcQrPayload, type BankAccount, type PaymentView } from '@videoloket/contracts';
import type { Queryable } from '../db/Database';

interface Row {
  id: string;
  case_id: string;
  amount_cents: number;
  structured_reference: string;
  provider: string;
  status: 'open' | 'paid';
  paid_at: Date | null;
}

export interface PaymentRecord extends PaymentView {
  caseId: string;
  provider: string;
}

function toRecord(r: Row): PaymentRecord {
  return {
    id: r.id,
    caseId: r.case_id,
    amountCents: r.amount_cents,
    structuredReference: r.structured_reference,
    provider: r.provider,
    status: r.status,
    ...(r.paid_at ? { paidAt: new Date(r.paid_at).toISOString() } : {}),
  };
}

/** What the citizen and the clerk see; with the municipality's account, the QR payload to pay it. */
export function paymentView(p: PaymentRecord, account: BankAccount | undefined): PaymentView {
  const { caseId: _c, provider: _p, ...view } = p;
  if (!account || p.status !== 'open') return view;
  return { ...view, transfer: { ...account, epcQr: epcQrPayload({ ...account, amountCents: p.amountCents, structuredReference: p.structuredReference }) } };
}

export class PaymentRepository {
  constructor(private readonly q: Queryable) {}

  async insert(p: { id: string; caseId: string; amountCents: number; structuredReference: string; provider: string }): Promise<void> {
    await this.q.query('insert into payments (id, case_id, amount_cents, structured_reference, provider) values ($1, $2, $3, $4, $5)', [
      p.id, p.caseId, p.amountCents, p.structuredReference, p.provider,
    ]);
  }

  async byCase(caseId: string): Promise<PaymentRecord | undefined> {
    const rows = await this.q.query<Row>('select * from payments where case_id = $1', [caseId]);
    return rows[0] && toRecord(rows[0]);
  }

  async get(id: string): Promise<PaymentRecord | undefined> {
    const rows = await this.q.query<Row>('select * from payments where id = $1', [id]);
    return rows[0] && toRecord(rows[0]);
  }

  /** True when this call moved it from open to paid. */
  async markPaid(id: string, by: string): Promise<boolean> {
    const rows = await this.q.query(`update payments set status = 'paid', paid_at = now(), paid_by = $2 where id = $1 and status = 'open' returning id`, [id, by]);
    return rows.length === 1;
  }
}

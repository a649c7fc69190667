import type { Queryable } from '../db/Database';

export interface InvitationRecord {
  id: string;
  citizenKey: string;
  expiresOn: string;
  productId: string;
  caseId: string;
  citizenName: string;
  email?: string;
  phone?: string;
  language: string;
  address?: string;
  lat?: number;
  lon?: number;
  reducedMobility: boolean;
  sentAt?: Date;
  usedAt?: Date;
}

export type NewInvitation = Omit<InvitationRecord, 'sentAt' | 'usedAt'> & { codeHash: string };

interface Row {
  id: string;
  citizen_key: string;
  expires_on: string;
  product_id: string;
  case_id: string;
  citizen_name: string;
  email: string | null;
  phone: string | null;
  language: string;
  address: string | null;
  lat: number | null;
  lon: number | null;
  reduced_mobility: boolean;
  sent_at: Date | null;
  used_at: Date | null;
}

// `date` comes back as text so no driver turns it into a local-midnight Date.
const SELECT = 'select *, expires_on::text as expires_on from invitations';

function toRecord(r: Row): InvitationRecord {
  return {
    id: r.id,
    citizenKey: r.citizen_key,
    expiresOn: r.expires_on,
    productId: r.product_id,
    caseId: r.case_id,
    citizenName: r.citizen_name,
    email: r.email ?? undefined,
    phone: r.phone ?? undefined,
    language: r.language,
    address: r.address ?? undefined,
    lat: r.lat ?? undefined,
    lon: r.lon ?? undefined,
    reducedMobility: r.reduced_mobility,
    sentAt: r.sent_at ?? undefined,
    usedAt: r.used_at ?? undefined,
  };
}

export class InvitationRepository {
  constructor(private readonly q: Queryable) {}

  async exists(citizenKey: string, expiresOn: string): Promise<boolean> {
    const rows = await this.q.query('select 1 from invitations where citizen_key = $1 and expires_on = $2', [citizenKey, expiresOn]);
    return rows.length > 0;
  }

  /** False when this card expiry already has an invitation (unique constraint). */
  async insert(i: NewInvitation): Promise<boolean> {
    const rows = await this.q.query(
      `insert into invitations (id, citizen_key, expires_on, product_id, case_id, code_hash, citizen_name, email, phone, language, address, lat, lon, reduced_mobility)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)
       on conflict (citizen_key, expires_on) do nothing returning id`,
      [i.id, i.citizenKey, i.expiresOn, i.productId, i.caseId, i.codeHash, i.citizenName, i.email ?? null, i.phone ?? null, i.language, i.address ?? null, i.lat ?? null, i.lon ?? null, i.reducedMobility],
    );
    return rows.length === 1;
  }

  /**
   * Claims one unsent invitation and gives it a fresh code hash: only the claimer sends,
   * so two jobs running at once never send the same invitation twice. `sentAt` (the service's
   * clock) starts the code's validity.
   */
  async claimUnsent(codeHash: string, sentAt: Date): Promise<InvitationRecord | undefined> {
    const rows = await this.q.query<{ id: string }>(
      `update invitations set sent_at = $2, code_hash = $1
       where id = (select id from invitations where sent_at is null
                   order by created_at, id limit 1 for update skip locked)
       returning id`,
      [codeHash, sentAt],
    );
    return rows[0] ? this.get(rows[0].id) : undefined;
  }

  async get(id: string): Promise<InvitationRecord | undefined> {
    const rows = await this.q.query<Row>(`${SELECT} where id = $1`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  async byCodeHash(codeHash: string): Promise<InvitationRecord | undefined> {
    const rows = await this.q.query<Row>(`${SELECT} where code_hash = $1 and sent_at is not null`, [codeHash]);
    return rows[0] && toRecord(rows[0]);
  }

  /** False when the invitation was used already: of two bookings racing with one code, one gets it. */
  async markUsed(id: string): Promise<boolean> {
    const rows = await this.q.query('update invitations set used_at = now() where id = $1 and used_at is null returning id', [id]);
    return rows.length === 1;
  }
}

import type { Queryable } from '../db/Database';

export interface DeliveryRecord {
  id: string;
  caseId: string;
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  driverId: string;
  address: string;
  instructions?: string;
  lat: number;
  lon: number;
  status: 'planned' | 'delivered';
  deliveredAt?: Date;
  deliveredBy?: string;
}

/** A delivery with what the driver's route shows of its case. */
export interface DeliveryOnRoute extends DeliveryRecord {
  caseReference: string;
  productId: string;
  citizenName: string;
}

/** What the citizen's choice sets (with the driver it brings). */
export type DeliveryChoice = Omit<DeliveryRecord, 'status' | 'deliveredAt' | 'deliveredBy'>;

interface Row {
  id: string;
  case_id: string;
  delivery_date: string;
  driver_id: string;
  address: string;
  address_instructions: string | null;
  lat: number;
  lon: number;
  status: 'planned' | 'delivered';
  delivered_at: Date | null;
  delivered_by: string | null;
}

// The date as text: `date` columns come back as Date objects (at UTC midnight) from pg.
const COLUMNS = `d.id, d.case_id, to_char(d.delivery_date, 'YYYY-MM-DD') as delivery_date, d.driver_id, d.address, d.address_instructions,
  d.lat, d.lon, d.status, d.delivered_at, d.delivered_by`;

function toRecord(r: Row): DeliveryRecord {
  return {
    id: r.id,
    caseId: r.case_id,
    date: r.delivery_date,
    driverId: r.driver_id,
    address: r.address,
    ...(r.address_instructions ? { instructions: r.address_instructions } : {}),
    lat: Number(r.lat),
    lon: Number(r.lon),
    status: r.status,
    ...(r.delivered_at ? { deliveredAt: new Date(r.delivered_at) } : {}),
    ...(r.delivered_by ? { deliveredBy: r.delivered_by } : {}),
  };
}

/** Deliveries of delivery products: the citizen's chosen date and address, the driver, the signature. */
export class DeliveryRepository {
  constructor(private readonly q: Queryable) {}

  async get(id: string, forUpdate = false): Promise<DeliveryRecord | undefined> {
    const rows = await this.q.query<Row>(`select ${COLUMNS} from deliveries d where d.id = $1${forUpdate ? ' for update' : ''}`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  async byCase(caseId: string): Promise<DeliveryRecord | undefined> {
    const rows = await this.q.query<Row>(`select ${COLUMNS} from deliveries d where d.case_id = $1`, [caseId]);
    return rows[0] && toRecord(rows[0]);
  }

  /** A new choice, or a changed one (date, driver, address) while the delivery is still planned. */
  async choose(c: DeliveryChoice, at: Date): Promise<void> {
    await this.q.query(
      `insert into deliveries (id, case_id, delivery_date, driver_id, address, address_instructions, lat, lon, created_at, updated_at)
       values ($1, $2, $3::date, $4, $5, $6, $7, $8, $9, $9)
       on conflict (case_id) do update set delivery_date = excluded.delivery_date, driver_id = excluded.driver_id, address = excluded.address,
         address_instructions = excluded.address_instructions, lat = excluded.lat, lon = excluded.lon, updated_at = excluded.updated_at
       where deliveries.status = 'planned'`,
      [c.id, c.caseId, c.date, c.driverId, c.address, c.instructions ?? null, c.lat, c.lon, at],
    );
  }

  /** Planned deliveries per driver on each of the dates. */
  async plannedCounts(from: string, to: string): Promise<Map<string, number>> {
    const rows = await this.q.query<{ day: string; driver_id: string; n: number }>(
      `select to_char(delivery_date, 'YYYY-MM-DD') as day, driver_id, count(*)::int as n from deliveries
       where delivery_date between $1::date and $2::date group by delivery_date, driver_id`,
      [from, to],
    );
    return new Map(rows.map((r) => [`${r.day}/${r.driver_id}`, Number(r.n)]));
  }

  /** A driver's deliveries of a day (planned and delivered), in no particular order: the route orders them. */
  async forDriverDay(driverId: string, date: string): Promise<DeliveryOnRoute[]> {
    const rows = await this.q.query<Row & { reference: string; product_id: string; citizen_name: string }>(
      `select ${COLUMNS}, c.reference, c.product_id, c.citizen_name from deliveries d join cases c on c.id = d.case_id
       where d.driver_id = $1 and d.delivery_date = $2::date order by d.created_at, d.id`,
      [driverId, date],
    );
    return rows.map((r) => ({ ...toRecord(r), caseReference: r.reference, productId: r.product_id, citizenName: r.citizen_name }));
  }

  /** Stores the signature (PNG, base64) with the moment and the driver; false when it was already delivered. */
  async markDelivered(id: string, driverId: string, signatureBase64: string, at: Date): Promise<boolean> {
    const rows = await this.q.query(
      `update deliveries set status = 'delivered', delivered_at = $2, delivered_by = $3, signature_png = decode($4, 'base64'), updated_at = $2
       where id = $1 and status = 'planned' returning id`,
      [id, at, driverId, signatureBase64],
    );
    return rows.length === 1;
  }

  async signature(id: string): Promise<Buffer | undefined> {
    const rows = await this.q.query<{ png: string | null }>(`select encode(signature_png, 'base64') as png from deliveries where id = $1`, [id]);
    return rows[0]?.png ? Buffer.from(rows[0].png.replace(/\s/g, ''), 'base64') : undefined;
  }
}

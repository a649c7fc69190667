import type { AppointmentChannel, ProductView } from '@videoloket/contracts';
import type { Queryable } from '../db/Database';

interface ProductRow {
  id: string;
  name: ProductView['name'];
  channels: string[];
  duration_minutes: number;
  fee_cents: number;
  kit: string[];
  timeline: string[];
  delivery: boolean;
}

function toView(r: ProductRow): ProductView {
  return {
    id: r.id,
    name: r.name,
    channels: r.channels as AppointmentChannel[],
    durationMinutes: r.duration_minutes,
    feeCents: r.fee_cents,
    kit: r.kit,
    timeline: r.timeline,
    ...(r.delivery ? { delivery: true } : {}),
  };
}

export class ProductRepository {
  constructor(private readonly q: Queryable) {}

  async list(): Promise<ProductView[]> {
    const rows = await this.q.query<ProductRow>('select * from products where active order by id');
    return rows.map(toView);
  }

  /** Also the retired ones: their past figures still count (the impact dashboard). */
  async all(): Promise<ProductView[]> {
    const rows = await this.q.query<ProductRow>('select * from products order by id');
    return rows.map(toView);
  }

  async get(id: string): Promise<ProductView | undefined> {
    const rows = await this.q.query<ProductRow>('select * from products where id = $1 and active', [id]);
    return rows[0] && toView(rows[0]);
  }

  async upsert(p: ProductView): Promise<void> {
    await this.q.query(
      `insert into products (id, name, channels, duration_minutes, fee_cents, kit, timeline, delivery)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (id) do update set name = excluded.name, channels = excluded.channels,
         duration_minutes = excluded.duration_minutes, fee_cents = excluded.fee_cents, kit = excluded.kit, timeline = excluded.timeline, delivery = excluded.delivery`,
      [p.id, p.name, p.channels, p.durationMinutes, p.feeCents, p.kit, p.timeline, p.delivery ?? false],
    );
  }
}

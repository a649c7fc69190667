import type { Database } from '../db/Database';
import { repos } from '../context';
import { seedClerks, seedOpeningHours, seedProducts } from './seedData';
import type { AppointmentChannel } from '@videoloket/contracts';

/** Loads the embedded default's products, opening hours and clerks (idempotent: upserts). */
export async function seed(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    const r = repos(tx);
    for (const p of seedProducts) await r.products.upsert(p);
    for (const [channel, blocks] of Object.entries(seedOpeningHours)) await r.schedule.setOpeningHours(channel as AppointmentChannel, blocks);
    for (const { clerk, availability } of seedClerks) {
      await r.schedule.upsertClerk(clerk);
      await r.schedule.setAvailability(clerk.id, availability);
    }
  });
}

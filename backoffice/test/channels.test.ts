import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '@videoloket/contracts';
import { openDatabase, type Database } from '../src/index';

// Issue 10 item 6: a channel is one row in contracts/src/channels.ts plus a migration that
// lets the appointments table store it. This catches the row without the migration (and a
// migration that leaves a channel the table no longer has).

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ kind: 'pglite' });
});
afterAll(async () => {
  await db?.close();
});

describe('the appointment channels', () => {
  it("the database's channel check allows exactly the channels of the contract's table", async () => {
    const rows = await db.query<{ def: string }>(
      `select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'appointments'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%channel = ANY%'`,
    );
    expect(rows).toHaveLength(1);
    const allowed = [...rows[0]!.def.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]).sort();
    expect(allowed).toEqual([...CHANNEL_NAMES].sort());
  });
});

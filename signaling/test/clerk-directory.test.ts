import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClerkRepository, openDatabase, seed, type Database, type DatabaseOptions } from '@videoloket/backoffice';
import { bookableClerkId, ClerkDirectory, isAdministrator, isSupervisor } from '../src/auth/ClerkDirectory';
import { hashPassword } from '../src/auth/passwords';
import { MIGRATION_ORDER } from '../src/database';

// Issue 12 item 6: one clerk directory for the desk and the back office (the clerks table),
// on PGlite and on the real PostgreSQL. Local password accounts, the back office's clerks
// signing in as themselves, an older install's clerks.json taken over on the first start, and
// the people the municipality's IdP signs in.

const PASSWORD = 'a-long-enough-password-1';

function postgresOptions(): DatabaseOptions {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run `eval "$(bash scripts/services/postgres.sh start)"` first (scripts/test.sh does this)');
  return { kind: 'postgres', connectionString: url, schema: `clerks_${process.pid}_${Date.now()}` };
}

describe.each([
  { name: 'PGlite', options: (): DatabaseOptions => ({ kind: 'pglite' }) },
  { name: 'PostgreSQL', options: postgresOptions },
])('the clerk directory on $name', ({ options }) => {
  let db: Database;
  let dataDir: string;
  const opened = options();

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'videoloket-clerks-'));
    db = await openDatabase(opened, MIGRATION_ORDER);
    await seed(db);
  });
  afterAll(async () => {
    if (opened.kind === 'postgres') await db.query(`drop schema if exists ${opened.schema} cascade`);
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('takes over an older install’s clerks.json once: accounts keep their passwords, a linked one becomes its clerk', async () => {
    const hash = await hashPassword(PASSWORD);
    const file = path.join(dataDir, 'clerks.json');
    await writeFile(
      file,
      JSON.stringify([
        { id: 'old-balie', username: 'balie', displayName: 'Baliemedewerker', passwordHash: hash, admin: true },
        { id: 'old-tom', username: 'tom', displayName: 'Tom Toezicht', passwordHash: hash, supervisor: true },
        { id: 'old-els', username: 'els', displayName: 'Els J.', passwordHash: hash, backofficeClerkId: 'clerk-mobile-els' },
      ]),
      { mode: 0o600 },
    );
    const directory = await ClerkDirectory.open({ db, dataDir });
    expect(directory.hasNoPasswordAccount).toBe(false);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await stat(`${file}.imported`)).isFile()).toBe(true);

    const balie = await directory.authenticate('balie', PASSWORD);
    // Unlinked accounts keep their ids: their sessions and call records stay valid.
    expect([balie.id, isAdministrator(balie), isSupervisor(balie), bookableClerkId(balie)]).toEqual(['old-balie', true, true, undefined]);
    const tom = await directory.authenticate('tom', PASSWORD);
    expect([tom.id, tom.roles, isAdministrator(tom)]).toEqual(['old-tom', ['clerk', 'supervisor'], false]);
    // The driver's account is now the back office's mobile clerk itself: one id for both.
    const els = await directory.authenticate('els', PASSWORD);
    expect([els.id, els.roles, els.displayName, bookableClerkId(els)]).toEqual(['clerk-mobile-els', ['mobile_clerk'], 'Els Janssens (mobiel loket)', 'clerk-mobile-els']);
    await expect(directory.authenticate('els', 'wrong-password-1')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(directory.authenticate('nobody', PASSWORD)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    // A second start finds nothing to import and changes nothing.
    const before = await directory.everyone();
    const again = await ClerkDirectory.open({ db, dataDir });
    expect(await again.everyone()).toEqual(before);
    expect(await readFile(`${file}.imported`, 'utf8')).not.toContain(PASSWORD);
  });

  it('gives a back-office clerk a password account and refuses a taken username without changing anything', async () => {
    const directory = await ClerkDirectory.open({ db });
    const an = await directory.add({ username: 'an', displayName: 'ignored for an existing clerk', password: PASSWORD, id: 'clerk-an' });
    expect([an.id, an.displayName, an.roles, an.channels, bookableClerkId(an)]).toEqual(['clerk-an', 'An Peeters', ['clerk'], ['counter', 'video'], 'clerk-an']);
    expect((await directory.authenticate('an', PASSWORD)).id).toBe('clerk-an');

    const before = await directory.everyone();
    await expect(directory.add({ username: 'an', displayName: 'Another An', password: PASSWORD })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(directory.add({ username: 'an-2', displayName: 'An again', password: PASSWORD, id: 'clerk-an' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await directory.everyone()).toEqual(before);
    // The supervisor's hand-over list names only people who can sign in.
    expect(directory.list().map((c) => c.id)).not.toContain('clerk-youssef');
    expect(directory.list().map((c) => c.id)).toContain('clerk-an');
  });

  it('makes the person the IdP signs in once, and follows the IdP’s name and roles at every sign-in', async () => {
    const directory = await ClerkDirectory.open({ db });
    const first = await directory.signInExternal({ issuer: 'https://idp.gent.invalid', subject: 'u-123', displayName: 'Sara Claes', roles: ['clerk', 'supervisor'] });
    expect([first.roles, first.channels, bookableClerkId(first), first.username]).toEqual([['clerk', 'supervisor'], [], undefined, undefined]);
    const second = await directory.signInExternal({ issuer: 'https://idp.gent.invalid', subject: 'u-123', displayName: 'Sara Claes-Peeters', roles: ['clerk'] });
    expect([second.id, second.displayName, second.roles]).toEqual([first.id, 'Sara Claes-Peeters', ['clerk']]);
    expect(directory.findById(first.id)?.roles).toEqual(['clerk']);
    // Same subject at another issuer: another person.
    const other = await directory.signInExternal({ issuer: 'https://idp.other.invalid', subject: 'u-123', displayName: 'Someone Else', roles: ['clerk'] });
    expect(other.id).not.toBe(first.id);
  });

  it('refuses roles outside the four and an empty role list in the table itself', async () => {
    const repository = new ClerkRepository(db);
    await expect(repository.setRoles('clerk-an', ['root' as never])).rejects.toThrow();
    await expect(repository.setRoles('clerk-an', [])).rejects.toThrow();
    expect((await repository.get('clerk-an'))?.roles).toEqual(['clerk']);
  });
});

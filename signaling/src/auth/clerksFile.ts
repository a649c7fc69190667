import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { ClerkRepository, type Database } from '@videoloket/backoffice';
import type { ClerkRole } from '@videoloket/contracts';
import type { Logger } from 'pino';
import { z } from 'zod';

// Until the one clerk directory (issue 12 item 6) the desk's accounts lived in
// DATA_DIR/clerks.json. An install that has that file keeps its accounts: on the first start
// they are written into the directory and the file is renamed clerks.json.imported (it still
// holds password hashes: delete it once the import is checked).

const LegacyAccount = z.object({
  id: z.string().min(1),
  username: z.string().min(1),
  displayName: z.string().min(1),
  passwordHash: z.string().startsWith('scrypt$'),
  backofficeClerkId: z.string().optional(),
  admin: z.boolean().optional(),
  supervisor: z.boolean().optional(),
});
const LegacyFile = z.array(LegacyAccount);

/** Imports DATA_DIR/clerks.json when it exists; returns how many accounts were taken over. */
export async function importClerksFile(dataDir: string, db: Database, logger?: Logger): Promise<number> {
  const file = path.join(dataDir, 'clerks.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  const accounts = LegacyFile.parse(JSON.parse(text));
  const imported = await db.transaction(async (tx) => {
    const repository = new ClerkRepository(tx);
    let count = 0;
    for (const a of accounts) {
      const roles: ClerkRole[] = ['clerk', ...(a.supervisor ? (['supervisor'] as const) : []), ...(a.admin ? (['administrator'] as const) : [])];
      const linked = a.backofficeClerkId ? await repository.get(a.backofficeClerkId) : undefined;
      // An account that worked as a back-office clerk becomes that clerk's sign-in (its id is
      // the clerk's from now on); any other keeps its id, so its sessions and call records stay valid.
      const done = linked
        ? await repository.addPasswordAccount(linked.id, { username: a.username, passwordHash: a.passwordHash, roles: [...new Set([...linked.roles, ...roles.filter((r) => r !== 'clerk')])] })
        : await repository.insert({ id: a.id, displayName: a.displayName, roles, products: [], channels: [], username: a.username, passwordHash: a.passwordHash });
      if (done) count++;
      else logger?.warn({ username: a.username }, 'clerks.json: account not imported (its username or id is in the directory already)');
    }
    return count;
  });
  await rename(file, `${file}.imported`);
  logger?.info({ imported, of: accounts.length }, 'clerks.json taken over into the clerk directory');
  return imported;
}

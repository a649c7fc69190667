import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { ClerkRole } from '@videoloket/contracts';
import { ClerkDirectory } from './auth/ClerkDirectory';
import { ConfigError, loadConfig } from './config';
import { openProjectDatabase } from './database';

// `npm run clerks -- …`: the clerk directory from the command line (issue 12 item 6), on the
// same database the server uses (DATA_DIR or DATABASE_URL). Clerks who sign in through the
// municipality's OpenID provider need nothing here: their roles come from its groups.
const USAGE = `usage:
  npm run clerks -- list
  npm run clerks -- add <username> <display name> [--clerk <id>] [--role <role>]…   (password read from stdin)
  npm run clerks -- roles <id> <role>…
  npm run clerks -- products <id> [<product id>…]   (none: every product)
roles: ${ClerkRole.options.join(', ')}; --clerk gives an existing (back-office) clerk the account`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { clerk: { type: 'string' }, role: { type: 'string', multiple: true } } });
  const [command, ...rest] = positionals;
  const config = loadConfig();
  const db = await openProjectDatabase(config);
  try {
    const directory = await ClerkDirectory.open({ db, dataDir: config.dataDir });
    if (command === 'list') {
      for (const c of await directory.everyone()) {
        const signIn = [c.username && `password:${c.username}`, c.oidcSubject && 'oidc'].filter(Boolean).join(' ') || 'no sign-in';
        console.log(`${c.id}\t${c.displayName}\t${c.roles.join(',')}\t${signIn}\tchannels:${c.channels.join(',') || '-'}\tproducts:${c.products.join(',') || 'all'}`);
      }
    } else if (command === 'add' && rest.length === 2) {
      const roles = values.role?.map((r) => ClerkRole.parse(r));
      const password = (await createInterface({ input: process.stdin }).question('')).trim();
      if (password.length < 12) throw new ConfigError('The password must be at least 12 characters');
      const account = await directory.add({ username: rest[0]!, displayName: rest[1]!, password, ...(values.clerk ? { id: values.clerk } : {}), ...(roles ? { roles } : {}) });
      console.log(`added ${account.username} (${account.id}): ${account.roles.join(', ')}`);
    } else if (command === 'roles' && rest.length >= 2) {
      const [id, ...roles] = rest;
      if (!(await directory.resolve(id!))) throw new ConfigError(`No clerk ${id}`);
      await directory.setRoles(id!, roles.map((r) => ClerkRole.parse(r)));
      console.log(`${id}: ${roles.join(', ')}`);
    } else if (command === 'products' && rest.length >= 1) {
      const [id, ...products] = rest;
      if (!(await directory.resolve(id!))) throw new ConfigError(`No clerk ${id}`);
      await directory.setProducts(id!, products);
      console.log(`${id}: ${products.join(', ') || 'every product'}`);
    } else {
      throw new ConfigError(USAGE);
    }
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});

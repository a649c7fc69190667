import { randomBytes, randomUUID } from 'node:crypto';
import { ClerkRepository, type Database, type DirectoryClerk } from '@videoloket/backoffice';
import { ConflictError, UnauthenticatedError, type ClerkRole } from '@videoloket/contracts';
import type { Logger } from 'pino';
import { importClerksFile } from './clerksFile';
import { PasswordCheckGate } from './PasswordCheckGate';
import { hashPassword, verifyPassword } from './passwords';

/** A person in the one clerk directory (the back office's clerks table, issue 12 item 6). */
export type ClerkAccount = DirectoryClerk;

/** Sees every live call and everyone waiting, and hands a call to another clerk (issue 12 item 3). Administrators may too. */
export const isSupervisor = (account: ClerkAccount) => account.roles.includes('supervisor') || account.roles.includes('administrator');
/** May see and act on the outbox's dead letters (issue 15). */
export const isAdministrator = (account: ClerkAccount) => account.roles.includes('administrator');
/**
 * The back office's clerk whose appointments this account works: itself when it is bookable.
 * A row with no channels is a counter-wide desk (like the first, `balie`): it may start any
 * clerk's appointment calls.
 */
export const bookableClerkId = (account: ClerkAccount) => (account.channels.length > 0 ? account.id : undefined);

export interface NewPasswordAccount {
  username: string;
  displayName: string;
  password: string;
  /** An existing person (e.g. a back-office clerk `clerk-an`) gets the account; otherwise a new one is made with this id or a random one. */
  id?: string;
  roles?: ClerkRole[];
  products?: string[];
}

/** Who the municipality's IdP signed in, with the roles its groups map to. */
export interface ExternalIdentity {
  issuer: string;
  subject: string;
  displayName: string;
  roles: ClerkRole[];
}

/**
 * The one clerk directory: the desk's sign-in (local passwords for the embedded default, the
 * municipality's OpenID provider) and the back office's clerks are the same rows in the
 * project database. Kept in memory for the many synchronous name look-ups; `resolve` reads the
 * row afresh, so every authenticated request sees roles as they are now (also when another
 * process changed them).
 */
export class ClerkDirectory {
  private readonly cache = new Map<string, ClerkAccount>();

  private constructor(
    private readonly db: Database,
    private readonly checks: PasswordCheckGate,
  ) {}

  /**
   * `checks` bounds the scrypt runs at once (sign-ins and new accounts); see PasswordCheckGate.
   * `dataDir`: an install from before the one directory kept its accounts in DATA_DIR/clerks.json;
   * they are taken over on the first start (clerksFile.ts).
   */
  static async open(options: { db: Database; dataDir?: string; checks?: PasswordCheckGate; logger?: Logger }): Promise<ClerkDirectory> {
    const directory = new ClerkDirectory(options.db, options.checks ?? new PasswordCheckGate({ concurrency: 1, queue: 64 }));
    if (options.dataDir) await importClerksFile(options.dataDir, options.db, options.logger);
    for (const clerk of await new ClerkRepository(options.db).all()) directory.cache.set(clerk.id, clerk);
    return directory;
  }

  /** No one can sign in with a password yet (a fresh install). */
  get hasNoPasswordAccount(): boolean {
    return ![...this.cache.values()].some((c) => c.username);
  }

  /** Creates the first account, an administrator; returns the password (generated unless given). */
  async bootstrap(password?: string): Promise<{ username: string; password: string }> {
    const chosen = password ?? randomBytes(12).toString('base64url');
    // The installer's account: the only one until others are added, so it administers too.
    await this.add({ username: 'balie', displayName: 'Baliemedewerker', password: chosen, roles: ['clerk', 'administrator'] });
    return { username: 'balie', password: chosen };
  }

  /** A local password account, for a new person or (with `id`) one the directory has. */
  async add(input: NewPasswordAccount): Promise<ClerkAccount> {
    const passwordHash = await this.checks.run(() => hashPassword(input.password));
    const repository = new ClerkRepository(this.db);
    const existing = input.id === undefined ? undefined : await repository.get(input.id);
    const added = existing
      ? await repository.addPasswordAccount(existing.id, { username: input.username, passwordHash, ...(input.roles ? { roles: input.roles } : {}) })
      : await repository.insert({
          id: input.id ?? randomUUID(),
          displayName: input.displayName,
          roles: input.roles ?? ['clerk'],
          products: input.products ?? [],
          channels: [],
          username: input.username,
          passwordHash,
        });
    if (!added) throw new ConflictError(`The username ${input.username} is taken, or this clerk has an account already`);
    return this.resolveKnown(existing?.id ?? (await repository.byUsername(input.username))!.id);
  }

  async authenticate(username: string, password: string): Promise<ClerkAccount> {
    const account = await new ClerkRepository(this.db).byUsername(username);
    // Hash even for unknown users so timing does not reveal which usernames exist.
    const stored = account?.passwordHash ?? (await DUMMY_HASH);
    const ok = await this.checks.run(() => verifyPassword(password, stored));
    if (!account || !ok) throw new UnauthenticatedError('Wrong username or password');
    this.cache.set(account.id, account);
    return account;
  }

  /** The person the IdP vouched for: made on the first sign-in, name and roles refreshed on every one. */
  async signInExternal(identity: ExternalIdentity): Promise<ClerkAccount> {
    const account = await new ClerkRepository(this.db).upsertExternal({
      id: randomUUID(),
      oidcSubject: `${identity.issuer} ${identity.subject}`,
      displayName: identity.displayName,
      roles: identity.roles,
    });
    this.cache.set(account.id, account);
    return account;
  }

  async setRoles(id: string, roles: ClerkRole[]): Promise<void> {
    await new ClerkRepository(this.db).setRoles(id, roles);
    await this.resolve(id);
  }

  async setProducts(id: string, products: string[]): Promise<void> {
    await new ClerkRepository(this.db).setProducts(id, products);
    await this.resolve(id);
  }

  /** The row as it is now (undefined: no such clerk); refreshes what findById answers. */
  async resolve(id: string): Promise<ClerkAccount | undefined> {
    const account = await new ClerkRepository(this.db).get(id);
    if (account) this.cache.set(id, account);
    else this.cache.delete(id);
    return account;
  }

  /** Every row as it is now, also the clerks who are only booked. */
  async everyone(): Promise<ClerkAccount[]> {
    return new ClerkRepository(this.db).all();
  }

  /** From memory: names and roles as last read (every authenticated request reads them afresh first). */
  findById(id: string): ClerkAccount | undefined {
    return this.cache.get(id);
  }

  /** Every person who can sign in, as a supervisor picks whom to hand a call to. */
  list(): { id: string; displayName: string }[] {
    return [...this.cache.values()].filter(canSignIn).map((a) => ({ id: a.id, displayName: a.displayName }));
  }

  /** Every clerk's display name (call:join marks look-alike names of citizens). */
  displayNames(): string[] {
    return [...this.cache.values()].map((a) => a.displayName);
  }

  private async resolveKnown(id: string): Promise<ClerkAccount> {
    return (await this.resolve(id))!;
  }
}

const canSignIn = (a: ClerkAccount) => a.username !== undefined || a.oidcSubject !== undefined;

const DUMMY_HASH = hashPassword(randomBytes(8).toString('hex'));

import { randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { UnauthenticatedError } from '@videoloket/contracts';
import { PasswordCheckGate } from './PasswordCheckGate';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;

// scrypt parameters (N=2^15, r=8, p=1): ~32 MiB and ~50 ms per check on this hardware,
// OWASP's recommended minimum for scrypt.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keylen: 64, maxmem: 64 * 1024 * 1024 };

export interface ClerkAccount {
  id: string;
  username: string;
  displayName: string;
  /** `scrypt$N$r$p$salt$hash`, base64url parts. */
  passwordHash: string;
  /**
   * The back office's clerk (clerks table) this account works as: it may start only that
   * clerk's appointment calls. Unset: a counter-wide account (like the first, `balie`) that
   * may start any clerk's. Set in clerks.json.
   */
  backofficeClerkId?: string;
  /** May see and act on the outbox's dead letters (issue 15). The first account is one; set others in clerks.json. */
  admin?: boolean;
  /** Sees every live call and everyone waiting, and hands a call to another clerk (issue 12 item 3). Administrators may too. Set in clerks.json. */
  supervisor?: boolean;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: SCRYPT.maxmem } as never);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  } as never);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Clerk accounts of the embedded default, kept in DATA_DIR/clerks.json (written atomically).
 * At first start it creates the account `balie` and returns its password once, to print.
 */
export class ClerkDirectory {
  private accounts: ClerkAccount[] = [];

  private constructor(
    private readonly file: string,
    private readonly checks: PasswordCheckGate,
  ) {}

  /** `checks` bounds the scrypt runs at once (sign-ins and new accounts); see PasswordCheckGate. */
  static async open(dataDir: string, checks = new PasswordCheckGate({ concurrency: 1, queue: 64 })): Promise<ClerkDirectory> {
    const directory = new ClerkDirectory(path.join(dataDir, 'clerks.json'), checks);
    try {
      directory.accounts = JSON.parse(await readFile(directory.file, 'utf8')) as ClerkAccount[];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return directory;
  }

  get isEmpty(): boolean {
    return this.accounts.length === 0;
  }

  /** Creates the first account; returns the password (generated unless given). */
  async bootstrap(password?: string): Promise<{ username: string; password: string }> {
    const chosen = password ?? randomBytes(12).toString('base64url');
    // The installer's account: the only one until others are added, so it administers too.
    await this.add({ username: 'balie', displayName: 'Baliemedewerker', password: chosen, admin: true });
    return { username: 'balie', password: chosen };
  }

  async add(input: { username: string; displayName: string; password: string; backofficeClerkId?: string; admin?: boolean; supervisor?: boolean }): Promise<ClerkAccount> {
    const account: ClerkAccount = {
      id: randomUUID(),
      username: input.username,
      displayName: input.displayName,
      passwordHash: await this.checks.run(() => hashPassword(input.password)),
      ...(input.backofficeClerkId ? { backofficeClerkId: input.backofficeClerkId } : {}),
      ...(input.admin ? { admin: true } : {}),
      ...(input.supervisor ? { supervisor: true } : {}),
    };
    this.accounts.push(account);
    await this.save();
    return account;
  }

  async authenticate(username: string, password: string): Promise<ClerkAccount> {
    const account = this.accounts.find((a) => a.username === username);
    // Hash even for unknown users so timing does not reveal which usernames exist.
    const stored = account?.passwordHash ?? (await DUMMY_HASH);
    const ok = await this.checks.run(() => verifyPassword(password, stored));
    if (!account || !ok) throw new UnauthenticatedError('Wrong username or password');
    return account;
  }

  findById(id: string): ClerkAccount | undefined {
    return this.accounts.find((a) => a.id === id);
  }

  /** Every account, as a supervisor picks whom to hand a call to. */
  list(): { id: string; displayName: string }[] {
    return this.accounts.map((a) => ({ id: a.id, displayName: a.displayName }));
  }

  /** Every account's display name (call:join marks look-alike names of citizens). */
  displayNames(): string[] {
    return this.accounts.map((a) => a.displayName);
  }

  private async save(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, JSON.stringify(this.accounts, null, 2), { mode: 0o600 });
    await rename(tmp, this.file);
  }
}

const DUMMY_HASH = hashPassword(randomBytes(8).toString('hex'));

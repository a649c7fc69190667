import type { AppointmentChannel, ClerkRole } from '@videoloket/contracts';
import type { Queryable } from '../db/Database';

/**
 * One person in the clerk directory (issue 12 item 6): who they are to the desk (sign-in,
 * roles) and to the back office (bookable channels, the products they handle).
 */
export interface DirectoryClerk {
  id: string;
  displayName: string;
  roles: ClerkRole[];
  /** Products this clerk handles; empty: every product. */
  products: string[];
  /** Channels appointments are booked with this clerk on; empty: a counter-wide desk, not bookable. */
  channels: AppointmentChannel[];
  email?: string;
  /** A local password account (the embedded default). */
  username?: string;
  /** `scrypt$N$r$p$salt$hash` (signaling/src/auth/passwords.ts). */
  passwordHash?: string;
  /** Signs in through the municipality's OpenID provider: `<issuer> <sub>`. */
  oidcSubject?: string;
}

interface ClerkRow {
  id: string;
  display_name: string;
  roles: string[];
  products: string[];
  channels: string[];
  email: string | null;
  username: string | null;
  password_hash: string | null;
  oidc_subject: string | null;
}

const fromRow = (r: ClerkRow): DirectoryClerk => ({
  id: r.id,
  displayName: r.display_name,
  roles: r.roles as ClerkRole[],
  products: r.products,
  channels: r.channels as AppointmentChannel[],
  ...(r.email ? { email: r.email } : {}),
  ...(r.username ? { username: r.username } : {}),
  ...(r.password_hash ? { passwordHash: r.password_hash } : {}),
  ...(r.oidc_subject ? { oidcSubject: r.oidc_subject } : {}),
});

/** The clerk directory's rows (the clerks table), for sign-in and roles; schedules stay in ScheduleRepository. */
export class ClerkRepository {
  constructor(private readonly q: Queryable) {}

  async all(): Promise<DirectoryClerk[]> {
    return (await this.q.query<ClerkRow>('select * from clerks order by id')).map(fromRow);
  }

  async get(id: string): Promise<DirectoryClerk | undefined> {
    const [row] = await this.q.query<ClerkRow>('select * from clerks where id = $1', [id]);
    return row && fromRow(row);
  }

  async byUsername(username: string): Promise<DirectoryClerk | undefined> {
    const [row] = await this.q.query<ClerkRow>('select * from clerks where username = $1', [username]);
    return row && fromRow(row);
  }

  /** Adds a person; false when the id or username is taken (nothing changed). */
  async insert(c: DirectoryClerk): Promise<boolean> {
    const rows = await this.q.query(
      `insert into clerks (id, display_name, roles, products, channels, email, username, password_hash, oidc_subject)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing returning id`,
      [c.id, c.displayName, c.roles, c.products, c.channels, c.email ?? null, c.username ?? null, c.passwordHash ?? null, c.oidcSubject ?? null],
    );
    return rows.length === 1;
  }

  /** Gives an existing person a local password account; false when the username is someone else's or the person has one. */
  async addPasswordAccount(id: string, account: { username: string; passwordHash: string; roles?: ClerkRole[] }): Promise<boolean> {
    const rows = await this.q.query(
      `update clerks set username = $2, password_hash = $3, roles = coalesce($4::text[], roles)
       where id = $1 and username is null and not exists (select 1 from clerks where username = $2) returning id`,
      [id, account.username, account.passwordHash, account.roles ?? null],
    );
    return rows.length === 1;
  }

  /**
   * The person the municipality's IdP vouched for, made on their first sign-in; name and roles
   * follow the IdP at every sign-in (a group taken away there is taken away here).
   */
  async upsertExternal(c: { id: string; oidcSubject: string; displayName: string; roles: ClerkRole[] }): Promise<DirectoryClerk> {
    const [row] = await this.q.query<ClerkRow>(
      `insert into clerks (id, display_name, roles, oidc_subject) values ($1, $2, $3, $4)
       on conflict (oidc_subject) do update set display_name = excluded.display_name, roles = excluded.roles
       returning *`,
      [c.id, c.displayName, c.roles, c.oidcSubject],
    );
    return fromRow(row!);
  }

  /** The products this clerk handles (booking offers a product only with clerks who handle it); empty: all. */
  async setProducts(id: string, products: string[]): Promise<void> {
    await this.q.query('update clerks set products = $2 where id = $1', [id, products]);
  }

  async setRoles(id: string, roles: ClerkRole[]): Promise<void> {
    await this.q.query('update clerks set roles = $2 where id = $1', [id, roles]);
  }
}

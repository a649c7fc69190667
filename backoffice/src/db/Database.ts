// The one database interface the repositories use. Two adapters implement it with the
// same SQL: PGlite (embedded, the `npm start` default) and PostgreSQL through `pg`.

export type SqlParam = string | number | boolean | null | Date | string[] | number[] | Record<string, unknown>;

export interface Queryable {
  /** Runs one parameterised statement ($1, $2…) and returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<R[]>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Safe to call twice. */
  close(): Promise<void>;
}

/** SQLSTATE of a driver error (both pg and PGlite put it on `.code`). */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export const SQLSTATE = {
  uniqueViolation: '23505',
  exclusionViolation: '23P01',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

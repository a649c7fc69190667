import pino from 'pino';
import { createBackoffice, type Backoffice, type CreateBackofficeInput } from '../../src/createBackoffice';
import type { Database } from '../../src/db/Database';
import { signedJoinLinks } from '../../src/joinLink';
import { seed } from '../../src/seed/seed';

/** Monday 4 March 2030, 08:00 in Brussels (07:00Z): every test runs at this fixed "now". */
export const NOW = new Date('2030-03-04T07:00:00Z');
export const TUESDAY = '2030-03-05';

export const testOptions = {
  linkSecret: 'test-link-secret-0123456789abcdef0123456789',
  publicBaseUrl: 'https://loket.example.be',
  calendarDomain: 'loket.example.be',
  minLeadMinutes: 60,
  bankAccount: { beneficiary: 'Stad Teststad', iban: 'BE71096123456769', bic: 'GKCCBEBB' },
};

export async function world(db: Database, extra: Partial<CreateBackofficeInput> = {}): Promise<Backoffice> {
  await seed(db);
  return createBackoffice({
    db,
    options: testOptions,
    log: pino({ level: 'silent' }),
    createJoinLink: signedJoinLinks({ baseUrl: 'https://loket.example.be', secret: 'join-secret-for-tests-0123456789' }),
    now: () => NOW,
    ...extra,
  });
}

let n = 0;
export function key(): string {
  return `test-key-${Date.now()}-${n++}`;
}

export const citizen = { name: 'Valerie Claes', email: 'valerie@example.be', language: 'nl' as const };

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvSchema, loadConfig } from './config';

// README's configuration table is what operators read: it must name every variable the
// config module reads, and nothing it does not (the table once lacked 28, DATABASE_URL among them).
function readmeVariables(): Set<string> {
  const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const start = readme.indexOf('## Configuration');
  const end = readme.indexOf('\n## ', start + 1);
  const rows = readme.slice(start, end).split('\n').filter((line) => line.startsWith('| `'));
  // The first cell names one or more variables: `A`, `B` / `C` or `A` + `B`.
  return new Set(rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!)));
}

describe('README configuration table', () => {
  const documented = readmeVariables();
  const read = Object.keys(EnvSchema.shape);

  it('lists every variable the config module reads', () => {
    expect(read.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('lists no variable the config module does not read', () => {
    expect([...documented].filter((name) => !read.includes(name))).toEqual([]);
  });
});

describe('the account fees are paid to', () => {
  it('embedded: a demo account that says so; configured: the municipality\'s account', () => {
    expect(loadConfig({}).backoffice.bankAccount).toEqual({ beneficiary: 'Videoloket demo (do not pay)', iban: 'BE71096123456769' });
    expect(loadConfig({ PAYMENT_IBAN: 'BE68539007547034', PAYMENT_BIC: 'GKCCBEBB', PAYMENT_BENEFICIARY: 'Stad Gent' }).backoffice.bankAccount).toEqual({
      beneficiary: 'Stad Gent',
      iban: 'BE68539007547034',
      bic: 'GKCCBEBB',
    });
  });

  it('refuses an IBAN with wrong check digits or a malformed BIC at start, not when a citizen pays', () => {
    expect(() => loadConfig({ PAYMENT_IBAN: 'BE69539007547034' })).toThrow(/PAYMENT_IBAN/);
    expect(() => loadConfig({ PAYMENT_IBAN: 'BE68539007547034', PAYMENT_BIC: 'GKCC' })).toThrow(/PAYMENT_BIC/);
  });

  it('production never falls back to the demo account', () => {
    const production = { VIDEOLOKET_MODE: 'production', TOKEN_SECRET: 'x'.repeat(40), BACKOFFICE_LINK_SECRET: 'y'.repeat(40), PUBLIC_URL: 'https://loket.example.be' };
    expect(() => loadConfig(production)).toThrow(/PAYMENT_IBAN.*PAYMENT_BENEFICIARY/);
  });
});

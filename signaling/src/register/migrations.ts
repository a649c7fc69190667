import type { MigrationSet } from '@videoloket/backoffice';

// The register lookups' audit trail (issue 12, item 5), owned by signalling;
// RegisterLookupLog is the only code that queries it. Applied after the calls' set
// (signaling/src/database.ts). Append-only: never edit a shipped migration; add the next one.
export const registerMigrations: MigrationSet = {
  owner: 'person-register',
  migrations: [
    {
      version: 1,
      name: 'register lookups: who looked whom up, when, in which call, why (issue 12)',
      // No foreign key to calls: a call's record is written after it opens, without waiting,
      // and the audit must hold even for a call whose record failed.
      sql: /* sql */ `
create table register_lookups (
  id uuid primary key,
  at timestamptz not null,
  clerk_id text not null,
  call_id text not null,
  method text not null check (method in ('nationalNumber', 'nameAndBirthDate')),
  query jsonb not null,
  reason text not null,
  source text not null,
  result_count integer not null,
  national_numbers text[] not null
);
create index register_lookups_at_idx on register_lookups (at);
create index register_lookups_clerk_idx on register_lookups (clerk_id, at);
create index register_lookups_call_idx on register_lookups (call_id);
`,
    },
  ],
};

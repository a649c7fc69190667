import type { MigrationSet } from '@videoloket/backoffice';

// The calls' tables, owned by signalling (the owner of calls); CallRepository is the only
// code that queries them. Applied after the back office's and storage's sets
// (signaling/src/database.ts): a call points at its appointment and case. Versioned,
// append-only: never edit a migration that has shipped; add the next one.
export const callMigrations: MigrationSet = {
  owner: 'calls',
  migrations: [
    {
      version: 1,
      name: 'calls, their status history and withdrawn links (issue 10)',
      sql: /* sql */ `
create table calls (
  id text primary key,
  title text not null,
  status text not null check (status in ('scheduled', 'waiting', 'active', 'completed', 'ended', 'expired')),
  -- An appointment has one call: the link in its confirmation leads there.
  appointment_id uuid unique references appointments(id),
  case_id uuid references cases(id),
  -- Clerk account ids (signalling's accounts, not the back office's clerks table).
  created_by text,
  ended_by text,
  created_at timestamptz not null,
  started_at timestamptz,
  ended_at timestamptz,
  -- A scheduled call nobody opened by then is expired.
  expires_at timestamptz,
  check (appointment_id is null or case_id is not null)
);
create index calls_created_idx on calls (created_at);
create index calls_status_idx on calls (status) where status in ('scheduled', 'waiting', 'active');

-- Append-only: every status a call had, in order.
create table call_status_history (
  id bigserial primary key,
  call_id text not null references calls(id) on delete cascade,
  status text not null,
  at timestamptz not null,
  actor text,
  reason text
);
create index call_status_history_call_idx on call_status_history (call_id, id);

-- A withdrawn invitation link stays withdrawn, also after a restart.
create table call_link_revocations (
  call_id text not null references calls(id) on delete cascade,
  link_id text not null,
  revoked_at timestamptz not null,
  revoked_by text,
  primary key (call_id, link_id)
);

-- Booked video appointments from before this table: the links already mailed name the call
-- 'appt-<appointment id>', so their records get exactly that id.
insert into calls (id, title, status, appointment_id, case_id, created_at, expires_at)
select 'appt-' || a.id::text, 'Afspraak', 'scheduled', a.id, a.case_id, a.created_at, a.ends_at + interval '120 minutes'
from appointments a
where a.channel = 'video' and a.status = 'booked';

insert into call_status_history (call_id, status, at, reason)
select id, 'scheduled', created_at, 'migration' from calls;
`,
    },
    {
      version: 2,
      name: "ended calls' admitted citizen seats, for documents after the call (issue 17)",
      // The resume key only as its SHA-256: enough to recognise the browser, useless to a reader.
      sql: /* sql */ `
create table call_ended_seats (
  call_id text not null references calls(id) on delete cascade,
  participant_id text not null,
  role text not null,
  display_name text not null,
  link_id text not null,
  key_sha256 text not null,
  ended_at timestamptz not null,
  primary key (call_id, participant_id)
);
create index call_ended_seats_ended_idx on call_ended_seats (ended_at);
`,
    },
    {
      version: 3,
      name: "a call's outcome, as the clerk said on ending it (issue 12 item 2)",
      sql: /* sql */ `
alter table calls add column outcome text check (outcome in ('completed', 'follow-up', 'no-show'));
`,
    },
  ],
};

import type { MigrationSet } from './migrate';

// The back office's tables: products, schedules, clerks, cases, appointments, payments,
// invitations, the outbox, deliveries. Versioned, append-only: never edit a migration that has shipped; add the
// next one. The SQL is plain PostgreSQL 15 and runs unchanged on PGlite. (Version 2 of the
// single list before issue 10 held the documents tables; they are storage's now, see
// migrate.ts LEGACY_VERSIONS.)
export const backofficeMigrations: MigrationSet = {
  owner: 'backoffice',
  migrations: [
    {
      version: 1,
      name: 'products, schedules, cases, appointments, payments, invitations',
      sql: /* sql */ `
create extension if not exists btree_gist with schema public;

create table products (
  id text primary key,
  name jsonb not null,
  channels text[] not null,
  duration_minutes int not null check (duration_minutes between 5 and 480),
  fee_cents int not null default 0 check (fee_cents >= 0),
  kit text[] not null default '{}',
  timeline text[] not null check (cardinality(timeline) >= 2),
  active boolean not null default true
);

create table clerks (
  id text primary key,
  display_name text not null,
  channels text[] not null,
  email text
);

-- When a channel is open, per ISO weekday (1 = Monday). For home visits each row is a visit window.
create table opening_hours (
  channel text not null,
  weekday int not null check (weekday between 1 and 7),
  opens time not null,
  closes time not null check (closes > opens),
  primary key (channel, weekday, opens)
);

create table clerk_availability (
  clerk_id text not null references clerks(id) on delete cascade,
  weekday int not null check (weekday between 1 and 7),
  starts time not null,
  ends time not null check (ends > starts),
  primary key (clerk_id, weekday, starts)
);

create table clerk_absences (
  id serial primary key,
  clerk_id text not null references clerks(id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null check (ends_at > starts_at)
);

create sequence case_number_seq;

create table cases (
  id uuid primary key,
  reference text not null unique,
  product_id text not null references products(id),
  status text not null,
  citizen_name text not null,
  email text,
  phone text,
  language text not null default 'nl',
  status_token_hash text not null unique,
  external_ref text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_at timestamptz
);

create table case_events (
  id serial primary key,
  case_id uuid not null references cases(id) on delete cascade,
  kind text not null check (kind in ('status', 'note', 'document', 'checklist', 'payment', 'appointment', 'evaluation')),
  status text,
  text text,
  document_id text,
  actor text,
  public boolean not null default false,
  at timestamptz not null default now()
);
create index case_events_case on case_events (case_id, id);

create table appointments (
  id uuid primary key,
  case_id uuid not null references cases(id),
  product_id text not null references products(id),
  channel text not null check (channel in ('video', 'counter', 'home_visit', 'neighbourhood_office')),
  clerk_id text not null references clerks(id),
  starts_at timestamptz not null,
  ends_at timestamptz not null check (ends_at > starts_at),
  status text not null default 'booked' check (status in ('booked', 'cancelled')),
  citizen_name text not null,
  email text,
  phone text,
  language text not null default 'nl',
  address text,
  address_instructions text,
  lat double precision,
  lon double precision,
  remarks text,
  idempotency_key text unique,
  manage_token_hash text not null unique,
  sequence int not null default 0,
  reminder_sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (channel <> 'home_visit' or (address is not null and lat is not null and lon is not null)),
  -- No double booking, enforced by the database itself: two booked fixed-time appointments
  -- of one clerk may not overlap. A concurrent second insert waits for the first and then
  -- fails with SQLSTATE 23P01. Home visits are booked into windows whose capacity is
  -- checked under a row lock on the clerk (see AppointmentRepository.lockClerk).
  constraint appointments_no_overlap exclude using gist (
    clerk_id with =,
    tstzrange(starts_at, ends_at) with &&
  ) where (status = 'booked' and channel <> 'home_visit')
);
create index appointments_clerk_day on appointments (clerk_id, starts_at);
create index appointments_case on appointments (case_id);

create table visit_checklist (
  appointment_id uuid not null references appointments(id) on delete cascade,
  item text not null,
  done boolean not null,
  actor text,
  at timestamptz not null default now(),
  primary key (appointment_id, item)
);

create table evaluations (
  case_id uuid primary key references cases(id) on delete cascade,
  answers jsonb not null,
  submitted_at timestamptz not null default now()
);

create table payments (
  id uuid primary key,
  case_id uuid not null unique references cases(id),
  amount_cents int not null check (amount_cents > 0),
  structured_reference text not null unique,
  provider text not null,
  status text not null default 'open' check (status in ('open', 'paid')),
  paid_at timestamptz,
  paid_by text,
  created_at timestamptz not null default now()
);

create table invitations (
  id uuid primary key,
  citizen_key text not null,
  expires_on date not null,
  product_id text not null references products(id),
  case_id uuid not null references cases(id),
  code_hash text not null unique,
  citizen_name text not null,
  email text,
  phone text,
  language text not null default 'nl',
  address text,
  lat double precision,
  lon double precision,
  reduced_mobility boolean not null default false,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  used_at timestamptz,
  -- One invitation per card expiry: the daily job may run any number of times.
  unique (citizen_key, expires_on)
);
`,
    },
    {
      version: 2,
      name: 'bind idempotency keys to their request (issue 9 finding 8)',
      // Old rows keep a null hash: a replay of their key is refused, never answered with links.
      sql: /* sql */ `
alter table appointments add column request_hash text;
`,
    },
    {
      version: 3,
      name: 'transactional outbox for every push to an outside system (issue 15 item 3)',
      // Written in the transaction of the change that causes the push; the outbox worker
      // delivers. seq orders the rows of one ordering_key (a case's pushes to one system).
      sql: /* sql */ `
create table outbox (
  id uuid primary key,
  seq bigint generated always as identity unique,
  kind text not null check (kind in ('mail', 'sms', 'inbox', 'case.create', 'case.status', 'case.document', 'status.push')),
  ordering_key text not null,
  case_id uuid references cases(id) on delete cascade,
  payload jsonb,
  state text not null default 'pending' check (state in ('pending', 'delivered', 'dead', 'discarded')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  delivered_at timestamptz
);
create index outbox_due on outbox (next_attempt_at, seq) where state = 'pending';
create index outbox_ordering on outbox (ordering_key, seq) where state = 'pending';
create index outbox_dead on outbox (updated_at) where state = 'dead';
`,
    },
    {
      version: 4,
      name: 'citizen inbox messages of the embedded default (issue 15 item 2)',
      // One row per outbox message (its id): a repeated delivery stores nothing twice.
      sql: /* sql */ `
create table citizen_messages (
  id uuid primary key,
  case_id uuid not null references cases(id) on delete cascade,
  type text not null check (type in ('status', 'payment')),
  language text not null,
  subject text not null,
  body text not null,
  link text not null,
  at timestamptz not null
);
create index citizen_messages_case on citizen_messages (case_id, at);
`,
    },
    {
      version: 5,
      name: "a call's outcome on its case's timeline (issue 12 item 2)",
      // A 'call' event keeps the outcome (completed, follow-up, no-show) in its status column.
      sql: /* sql */ `
alter table case_events drop constraint case_events_kind_check;
alter table case_events add constraint case_events_kind_check
  check (kind in ('status', 'note', 'document', 'checklist', 'payment', 'appointment', 'evaluation', 'call'));
`,
    },
    {
      version: 6,
      name: 'identity verified through the government login (issue 15 item 1)',
      // {via, name, nationalNumber?}: what the IdP vouched for when the citizen booked; null when they did not sign in.
      sql: /* sql */ `
alter table appointments add column verified_identity jsonb;
`,
    },
    {
      version: 7,
      name: 'deliveries: a date the citizen chose, a driver, the signature (issue 15 item 5)',
      // One delivery per case. The route of a driver's day is planned when it is asked for
      // (mobile/routePlanner), never stored: a late choice or change re-plans the day.
      sql: /* sql */ `
alter table products add column delivery boolean not null default false;

create table deliveries (
  id uuid primary key,
  case_id uuid not null unique references cases(id) on delete cascade,
  delivery_date date not null,
  driver_id text not null references clerks(id),
  address text not null,
  address_instructions text,
  lat double precision not null,
  lon double precision not null,
  status text not null default 'planned' check (status in ('planned', 'delivered')),
  delivered_at timestamptz,
  delivered_by text,
  signature_png bytea,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (status = 'planned' or (delivered_at is not null and signature_png is not null))
);
create index deliveries_driver_day on deliveries (driver_id, delivery_date);

alter table case_events drop constraint case_events_kind_check;
alter table case_events add constraint case_events_kind_check
  check (kind in ('status', 'note', 'document', 'checklist', 'payment', 'appointment', 'evaluation', 'call', 'delivery'));
`,
    },
    {
      version: 8,
      name: 'one clerk directory: accounts, roles and products on the clerks (issue 12 item 6)',
      // The desk's accounts (until now DATA_DIR/clerks.json) and the back office's clerks become
      // one row per person. A row signs in with a local password (username + password_hash),
      // through the municipality's OpenID provider (oidc_subject: issuer + sub), or not at all
      // (a clerk who is only booked). channels empty: a counter-wide desk, not bookable.
      sql: /* sql */ `
alter table clerks alter column channels set default '{}';
alter table clerks add column username text unique;
alter table clerks add column password_hash text;
alter table clerks add column oidc_subject text unique;
alter table clerks add column roles text[] not null default '{clerk}'
  check (cardinality(roles) >= 1 and roles <@ array['clerk', 'mobile_clerk', 'supervisor', 'administrator']::text[]);
alter table clerks add column products text[] not null default '{}';
alter table clerks add check ((username is null) = (password_hash is null));
update clerks set roles = '{mobile_clerk}' where 'home_visit' = any(channels);
`,
    },
  ],
};

// The documents' tables on the project's database, owned by this package: its
// SqlDocumentRepository is the only code that queries them. The process that opens the
// database applies them after the back office's (signaling/src/database.ts). Versioned,
// append-only: never edit a migration that has shipped; add the next one.
//
// Typed structurally (the back office's MigrationSet fits): storage keeps no dependency on
// the back office or a database driver.
export const documentMigrations: { owner: 'storage'; migrations: readonly { version: number; name: string; sql: string }[] } = {
  owner: 'storage',
  migrations: [
    {
      version: 1,
      name: 'documents of calls, their shares and audit trail (issue 3)',
      // Version 2 of the back office's single list before issue 10 (same SQL). No foreign key
      // to calls: a document's call id is kept after its call's record is gone, and the
      // documents package knows nothing of calls.
      sql: /* sql */ `
create table documents (
  -- Insertion order: lists come back in the order documents were created, as in memory.
  seq bigserial not null unique,
  document_id text primary key,
  call_id text not null,
  upload_id text unique,
  file_name text not null,
  claimed_type text,
  content_type text,
  size bigint not null check (size >= 0),
  received_bytes bigint not null default 0 check (received_bytes >= 0),
  state text not null check (state in ('uploading', 'scanning', 'held', 'ready', 'refused', 'deleted')),
  refusal jsonb,
  deletion jsonb,
  uploaded_by jsonb not null,
  sha256 text,
  storage_key text,
  created_at timestamptz not null,
  uploaded_at timestamptz,
  ready_at timestamptz,
  scan_attempts int not null default 0
);

create index documents_call_idx on documents (call_id, seq);
create index documents_state_idx on documents (state);
create index documents_created_idx on documents (created_at) where state <> 'deleted';

create table document_shares (
  document_id text not null references documents(document_id) on delete cascade,
  participant_id text not null,
  position int not null,
  primary key (document_id, participant_id)
);

-- Append-only. No foreign key: the trail must stay readable whatever happens to the row.
create table document_audit (
  id bigserial primary key,
  document_id text not null,
  action text not null,
  at timestamptz not null,
  actor jsonb,
  detail jsonb
);

create index document_audit_doc_idx on document_audit (document_id, id);
`,
    },
  ],
};

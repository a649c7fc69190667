// `tsx e2e/support/database-template.ts <dir>`: creates the migrated, empty embedded database
// that an e2e run's servers start from (e2e/support/server.ts createDatabaseTemplate). A process
// of its own: vitest's global setup cannot load PGlite (no import.meta.resolve in its module runner).
import { openDatabase } from '@videoloket/backoffice';
import { MIGRATION_ORDER } from '@videoloket/signaling/database';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: database-template.ts <dir>');
await (await openDatabase({ kind: 'pglite', dataDir }, MIGRATION_ORDER)).close();

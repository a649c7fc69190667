// `tsx signaling/test/database-template.ts <dir>`: creates the migrated, empty embedded database
// that a test run's servers start from (createDatabaseTemplate in ./databaseTemplate.ts). A
// process of its own: vitest's global setup cannot load PGlite (no import.meta.resolve in its module runner).
import { openDatabase } from '@videoloket/backoffice';
import { MIGRATION_ORDER } from '../src/database';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: database-template.ts <dir>');
await (await openDatabase({ kind: 'pglite', dataDir }, MIGRATION_ORDER)).close();

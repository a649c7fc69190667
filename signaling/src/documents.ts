import { Router } from 'express';
import { streamingPaths, type Principal } from '@videoloket/contracts';
import {
  ClamdScanner,
  DocumentService,
  LocalDiskObjectStore,
  SqlDocumentRepository,
  type ObjectStore,
  type SqlDatabase,
} from '@videoloket/storage';
import { pdfRefusalIsolated } from '@videoloket/pdf';
import type { Logger } from 'pino';
import type { ClerkDirectory } from './auth/ClerkDirectory';
import type { ClerkSessionClaims, TokenService } from './auth/tokens';
import type { CallRegistry } from './call/CallRegistry';
import type { EndedCallSeats, EndedSeat } from './call/EndedCallSeats';
import type { Seat } from './call/Seat';
import type { Config } from './config';
import { loadOrCreateSecret } from './secrets';

// Composition of documents in the call (issue 3): config → store, scanner, service; the
// seat HTTP token; the two HTTP mounts. Pushes: socket/pushes.ts (wireDocumentPushes).

/** issue 3: "a short-lived per-seat HTTP token": long enough for a long appointment, renewed on every join. */
export const SEAT_HTTP_TOKEN_MS = 2 * 60 * 60 * 1000;
const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

// A signed-in clerk account reading a call's documents outside the call (after it ended).
// `:` is not allowed in seat ids (contracts Id), so this can never be mistaken for a seat.
const ARCHIVE_PREFIX = 'clerk-account:';

export function archivePrincipal(clerk: ClerkSessionClaims, callId: string): Principal {
  return { role: 'clerk', participantId: `${ARCHIVE_PREFIX}${clerk.clerkId}`, displayName: clerk.displayName, callId };
}

// A citizen's seat after its call ended (issue 17), read-only; only ever made by the
// after-call route from a verified link + seat key. It keeps the seat's participant id, so
// the seat sees what it saw in the call (its own uploads, the clerk's, what was shared with it).
export function afterCallPrincipal(seat: EndedSeat): Principal {
  return { role: seat.role, participantId: seat.participantId, displayName: seat.displayName, callId: seat.callId, afterCall: true };
}

/** A 32-byte key: the configured base64 one, or one generated once and kept in DATA_DIR. */
async function key(dataDir: string, name: string, configured: string | undefined): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'base64');
  // loadOrCreateSecret makes 48 random bytes (base64url); the first 32 are the key.
  return Buffer.from(await loadOrCreateSecret(dataDir, name, undefined), 'base64url').subarray(0, 32);
}

export interface RunningDocuments {
  service: DocumentService;
  routes: { path: string; router: Router }[];
  issueHttpToken(seat: Seat, callId: string): Promise<string>;
  close(): Promise<void>;
}

export interface DocumentsDeps {
  tokens: TokenService;
  /** The live calls (only find() is used, at request time). */
  registry: Pick<CallRegistry, 'find'>;
  endedSeats: EndedCallSeats;
  clerks: ClerkDirectory;
  /** The back office's database (PGlite in DATA_DIR/db or PostgreSQL): documents survive restarts. */
  db: SqlDatabase;
  logger: Logger;
}

export async function startDocuments(config: Config, deps: DocumentsDeps): Promise<RunningDocuments> {
  const c = config.documents;
  const log = deps.logger.child({ component: 'documents' });
  // Imported only when configured: minio and the AWS SDK cost tens of MB of resident memory.
  const store: ObjectStore =
    c.store.kind === 's3'
      ? new (await import('@videoloket/storage/s3')).S3ObjectStore({ ...c.store, uploadExpiryMs: c.uploadExpiryMs })
      : new LocalDiskObjectStore({ directory: c.store.directory, uploadExpiryMs: c.uploadExpiryMs });
  const scanner = new ClamdScanner({ ...c.clamd, logger: log });

  const service = new DocumentService(
    {
      encryptionKey: await key(config.dataDir, 'document-key', c.encryptionKey),
      linkSigningKey: await key(config.dataDir, 'download-link-key', c.linkSigningKey),
      maxFileBytes: c.maxFileBytes,
      maxCallBytes: c.maxCallBytes,
      maxRefusedRecordsPerSeat: c.maxRefusedRecordsPerSeat,
      uploadExpiryMs: c.uploadExpiryMs,
      retentionMs: c.retentionMs,
      downloadLinkTtlMs: c.downloadLinkTtlMs,
      spoolDirectory: c.spoolDirectory,
      maxChecksumSpoolsPerSeat: c.maxChecksumSpoolsPerSeat,
      maxCheckedBytes: c.maxCheckedBytes,
      zipMaxEntries: c.zipMaxEntries,
      zipMaxUncompressedBytes: c.zipMaxUncompressedBytes,
      zipMaxRatio: c.zipMaxRatio,
      // No allowedOrigins: the apps are served from the same origin, so no CORS at all.
    },
    {
      store,
      scanner,
      repository: new SqlDocumentRepository(deps.db),
      pdfRefusal: pdfRefusalIsolated,
      logger: deps.logger,
      async authenticate(token) {
        const claims = await deps.tokens.verifySeatHttp(token);
        return { role: claims.role, participantId: claims.participantId, displayName: claims.displayName, callId: claims.callId };
      },
      // The seat exists in that call right now and is admitted (a waiting citizen sends nothing);
      // or a clerk account that still exists reads the call's documents afterwards, or an
      // admitted citizen seat of the ended call does (issue 17). Those two principals only ever
      // come from a verified clerk session, the after-call route or a link we signed; a seat
      // HTTP token never carries afterCall, so an old one stays dead once the call has ended.
      async canAccessCall(principal, callId) {
        if (principal.afterCall) {
          if (principal.role !== 'citizen' || principal.callId !== callId) return false;
          await deps.endedSeats.load(callId);
          return deps.endedSeats.has(callId, principal.participantId, principal.role);
        }
        if (principal.participantId.startsWith(ARCHIVE_PREFIX)) {
          return principal.role === 'clerk' && !!deps.clerks.findById(principal.participantId.slice(ARCHIVE_PREFIX.length));
        }
        return deps.registry.find(callId)?.audience.admitsDocumentsFor(principal) ?? false;
      },
    },
  );
  await service.start();
  const retention = setInterval(() => {
    service.runRetention().catch((err: unknown) => log.error({ err }, 'retention run failed'));
  }, RETENTION_INTERVAL_MS);
  retention.unref();

  const uploads = Router();
  uploads.use((req, res) => service.tusHandler(req, res));
  const download = Router();
  download.use((req, res) => service.downloadHandler(req, res));

  return {
    service,
    // Mounted by createApp with no body parser in front (tus reads the raw body).
    routes: [
      { path: streamingPaths.uploads, router: uploads },
      { path: streamingPaths.download, router: download },
    ],
    issueHttpToken: (seat, callId) =>
      deps.tokens.signSeatHttp(
        { callId, participantId: seat.participantId, role: seat.role, displayName: seat.displayName },
        new Date(Date.now() + SEAT_HTTP_TOKEN_MS),
      ),
    async close() {
      clearInterval(retention);
      await service.close();
    },
  };
}

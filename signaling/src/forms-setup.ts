// Composition of PDF forms (issue 4): config → one PadesSealer for the process → FormRooms.
import path from 'node:path';
import { PadesSealer } from '@videoloket/pdf';
import type { Principal } from '@videoloket/contracts';
import type { Logger } from 'pino';
import type { Config } from './config';
import { FormRooms } from './forms';

/** Where the sealed PDF becomes a call document (storage's DocumentService). */
export interface SealedDocumentStore {
  storeGenerated(principal: Principal, meta: { callId: string; filename: string }, contentType: 'application/pdf', bytes: Uint8Array): Promise<{ documentId: string }>;
}

export async function createForms(config: Config, logger: Logger, documents?: SealedDocumentStore): Promise<FormRooms> {
  const log = logger.child({ component: 'forms' });
  // The embedded default generates a self-signed certificate into DATA_DIR/pdf-seal on first start.
  const sealer = await PadesSealer.create(
    {
      ...(config.pdf.sealName ? { sealName: config.pdf.sealName } : {}),
      pkcs12Path: config.pdf.pkcs12Path,
      pkcs12Password: config.pdf.pkcs12Password,
      dataDir: path.join(config.dataDir, 'pdf-seal'),
      tsaUrl: config.pdf.tsaUrl,
      tsaTimeoutMs: config.pdf.tsaTimeoutMs,
    },
    log,
  );
  log.info({ seal: sealer.info.subject, level: sealer.info.level, selfSigned: sealer.info.selfSigned }, 'PDF seal ready');
  return new FormRooms({
    sealer,
    limits: { maxPages: config.pdf.maxPages },
    municipality: config.pdf.sealName,
    logger,
    storeSealed: documents
      ? async ({ callId, title, pdf, by }) => {
          // Same rules as every document: encrypted, audited, scanned, visible to both parties.
          const filename = `${title.replace(/[^\p{L}\p{N} ._-]+/gu, '').trim() || 'document'} (ondertekend).pdf`;
          return (await documents.storeGenerated(by, { callId, filename }, 'application/pdf', pdf)).documentId;
        }
      : undefined,
  });
}

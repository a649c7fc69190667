import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import { AppError, UnauthenticatedError } from '@videoloket/contracts';
import type { OpenedDocument } from '../documents/DocumentService';
import { contentDisposition } from '../documents/summary';
import { fullUrl, sendError, type NodeHandler } from './node-io';

/**
 * GET <downloadPath>?t=<signed token>: streams the decrypted document. Framework-agnostic;
 * signaling mounts it at /api/documents/download. The token is the only credential,
 * so it is bound to one document and one principal and expires within minutes.
 */
export function createDownloadHandler(open: (token: string) => Promise<OpenedDocument>, logger: Logger): NodeHandler {
  return (req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const token = new URL(fullUrl(req), 'http://x').searchParams.get('t');
      if (!token) throw new UnauthenticatedError('Download link is missing its token');
      const doc = await open(token);
      res.writeHead(200, {
        'Content-Type': doc.summary.contentType ?? 'application/octet-stream',
        'Content-Length': String(doc.summary.size),
        'Content-Disposition': contentDisposition(doc.disposition, doc.summary.fileName),
        'X-Content-Type-Options': 'nosniff',
        // Even inline previews run no script and reach nothing.
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cache-Control': 'private, no-store',
        'Referrer-Policy': 'no-referrer',
      });
      if (req.method === 'HEAD') {
        doc.body.destroy();
        res.end();
        return;
      }
      await pipeline(doc.body, res);
    })().catch((err: unknown) => {
      if (!(err instanceof AppError)) logger.error({ err }, 'download failed');
      sendError(res, err);
    });
  };
}

import { mkdirSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { Server, EVENTS } from '@tus/server';
import type { DataStore, Upload } from '@tus/utils';
import type { Logger } from 'pino';
import {
  AppError,
  NotFoundError,
  UnauthenticatedError,
  UploadMetadata,
  ValidationError,
  parseOrThrow,
  toErrorBody,
  type Principal,
} from '@videoloket/contracts';
import { CHECKSUM_ALGORITHMS, parseUploadChecksum, spoolVerified } from './checksum';
import { bearerToken, fullUrl, sendError, sendWebResponse, type NodeHandler } from './node-io';

// The tus endpoint, framework-agnostic: a Node (req, res) handler for signaling to
// mount at `path` (default /api/uploads). Every request but OPTIONS carries the
// caller's token (Authorization: Bearer); authorisation happens here, before tus.

export interface UploadHooks {
  authenticate(token: string): Promise<Principal>;
  /** POST, before tus: may the principal start this upload? (call access, role, file size) */
  precheckCreate(principal: Principal, meta: UploadMetadata, size: number): Promise<void>;
  /** Inside tus's creation: per-call quota and the document record, atomically. */
  created(principal: Principal, uploadId: string, meta: UploadMetadata, size: number): Promise<void>;
  /** HEAD/PATCH/DELETE: the upload exists, is not expired, and is this principal's. */
  authorizeUpload(principal: Principal, uploadId: string): Promise<void>;
  progress(uploadId: string, offset: number): void;
  finished(uploadId: string): Promise<void>;
  terminated(uploadId: string): Promise<void>;
}

export interface TusGatewayOptions {
  path: string;
  datastore: DataStore;
  maxFileBytes: number;
  /** Where checksummed chunks are verified before they reach the store. */
  spoolDirectory: string;
  allowedOrigins?: string[] | undefined;
  logger: Logger;
}

const EXTRA_EXTENSIONS = 'checksum';

/** tus metadata: "key base64value,key2 base64value2" (tus 1.0, Upload-Metadata). */
function parseMetadataHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const pair of header.split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (key) out[key] = value ? Buffer.from(value, 'base64').toString('utf8') : '';
  }
  return out;
}

function asTusError(err: unknown): { status_code: number; body: string } {
  const status = err instanceof AppError ? err.httpStatus : 500;
  return { status_code: status, body: JSON.stringify(toErrorBody(err)) };
}

export class TusGateway {
  readonly server: Server;
  readonly handler: NodeHandler;
  // Principals established by our auth, handed to tus's hooks by request identity:
  // the Node request (server.handle) or the WHATWG Request we build (server.handleWeb).
  readonly #principals = new WeakMap<object, Principal>();

  constructor(
    private readonly options: TusGatewayOptions,
    private readonly hooks: UploadHooks,
  ) {
    mkdirSync(options.spoolDirectory, { recursive: true, mode: 0o700 });
    this.server = new Server({
      path: options.path,
      datastore: options.datastore,
      maxSize: options.maxFileBytes,
      relativeLocation: true,
      respectForwardedHeaders: false,
      disableTerminationForFinishedUploads: true,
      postReceiveInterval: 500,
      ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
      allowedHeaders: ['Authorization', 'Upload-Checksum'],
      onUploadCreate: async (req, upload) => {
        const principal = this.#principalOf(req);
        try {
          const meta = parseOrThrow(UploadMetadata, upload.metadata ?? {}, 'Upload-Metadata');
          await this.hooks.created(principal, upload.id, meta, upload.size ?? 0);
        } catch (err) {
          throw asTusError(err);
        }
        return {};
      },
      onUploadFinish: async (_req, upload: Upload) => {
        await this.hooks.finished(upload.id);
        return {};
      },
      onResponseError: (_req, err) => {
        if (err instanceof AppError) return asTusError(err);
        if (!('status_code' in err)) options.logger.error({ err }, 'tus request failed');
        return undefined;
      },
    });
    this.server.on(EVENTS.POST_RECEIVE, (_req, upload) => this.hooks.progress(upload.id, upload.offset));
    this.server.on(EVENTS.POST_TERMINATE, (_req, _res, id) => {
      this.hooks.terminated(id).catch((err: unknown) => options.logger.error({ err, uploadId: id }, 'terminate hook failed'));
    });
    this.handler = (req, res) => {
      this.#handle(req, res).catch((err: unknown) => {
        if (!(err instanceof AppError)) options.logger.error({ err }, 'upload request failed');
        sendError(res, err, { 'Tus-Resumable': '1.0.0' });
      });
    };
  }

  #principalOf(req: object): Principal {
    const node = (req as { runtime?: { node?: { req?: object } } }).runtime?.node?.req;
    const p = this.#principals.get(req) ?? (node ? this.#principals.get(node) : undefined);
    if (!p) throw new UnauthenticatedError();
    return p;
  }

  #uploadIdFrom(url: string): string | null {
    const pathname = new URL(url, 'http://x').pathname;
    const prefix = this.options.path.replace(/\/$/, '') + '/';
    if (!pathname.startsWith(prefix)) return null;
    const id = pathname.slice(prefix.length);
    return /^[A-Za-z0-9_-]{1,128}$/.test(id) ? id : null;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // express's app.use() strips its mount path; tus routes on the full path.
    req.url = fullUrl(req);
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      const response = await this.server.handleWeb(this.#webRequest(req, null));
      await sendWebResponse(res, response, (h) => {
        const ext = h.get('Tus-Extension');
        if (ext) h.set('Tus-Extension', `${ext},${EXTRA_EXTENSIONS}`);
        h.set('Tus-Checksum-Algorithm', CHECKSUM_ALGORITHMS.join(','));
      });
      return;
    }
    // Downloads go through signed links after the scan, never through tus's GET.
    if (method === 'GET') throw new NotFoundError('Downloads use signed document links');

    const token = bearerToken(req);
    if (!token) throw new UnauthenticatedError('Authorization: Bearer <token> is required');
    const principal = await this.hooks.authenticate(token);

    if (method === 'POST') {
      const meta = parseOrThrow(UploadMetadata, parseMetadataHeader(req.headers['upload-metadata'] as string | undefined), 'Upload-Metadata');
      if (req.headers['upload-defer-length'] !== undefined) {
        throw new ValidationError('Upload-Length is required (deferred length is not supported)');
      }
      const size = Number(req.headers['upload-length']);
      if (!Number.isSafeInteger(size) || size < 0) throw new ValidationError('Upload-Length must be a non-negative integer');
      await this.hooks.precheckCreate(principal, meta, size);
    } else {
      const id = this.#uploadIdFrom(req.url);
      if (!id) throw new NotFoundError('No such upload');
      await this.hooks.authorizeUpload(principal, id);
    }

    const checksumHeader = req.headers['upload-checksum'];
    if (typeof checksumHeader === 'string' && (method === 'PATCH' || method === 'POST')) {
      await this.#handleChecksummed(req, res, principal, checksumHeader);
      return;
    }
    this.#principals.set(req, principal);
    await this.server.handle(req, res);
  }

  async #handleChecksummed(req: IncomingMessage, res: ServerResponse, principal: Principal, header: string): Promise<void> {
    const checksum = parseUploadChecksum(header);
    const file = await spoolVerified(req, checksum, this.options.spoolDirectory, this.options.maxFileBytes);
    try {
      const web = this.#webRequest(req, Readable.toWeb(createReadStream(file)) as ReadableStream);
      this.#principals.set(web, principal);
      await sendWebResponse(res, await this.server.handleWeb(web));
    } finally {
      await rm(file, { force: true });
    }
  }

  #webRequest(req: IncomingMessage, body: ReadableStream | null): Request {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || name === 'upload-checksum') continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = `http://${req.headers.host ?? 'localhost'}${req.url}`;
    return new Request(url, { method: req.method!, headers, body, ...(body ? { duplex: 'half' } : {}) } as RequestInit);
  }
}

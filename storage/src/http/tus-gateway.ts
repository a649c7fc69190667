import { createReadStream, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Server, EVENTS } from '@tus/server';
import type { DataStore, Upload } from '@tus/utils';
import type { Logger } from 'pino';
import {
  AppError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthenticatedError,
  UploadMetadata,
  ValidationError,
  parseOrThrow,
  toErrorBody,
  type Principal,
} from '@videoloket/contracts';
import { CHECKSUM_ALGORITHMS, SPOOL_PREFIX, parseUploadChecksum, spoolVerified } from './checksum';
import { TooManySpoolsError } from '../errors';
import { bearerToken, fullUrl, requestBody, sendError, sendWebResponse, type NodeHandler } from './node-io';

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
  /** Checksummed PATCHes one seat may have spooling at once (each is capped at its upload's remaining bytes). */
  maxSpoolsPerSeat: number;
  /** Other browser origins allowed to call the endpoint (CORS); none = same origin only. */
  allowedOrigins?: string[] | undefined;
  logger: Logger;
}

// An upload's URL is `<path>/<id>` and nothing else. @tus/server, left alone, takes the id
// from the last "/" segment of the whole URL, query included, so `<path>/<mine>?/<yours>`
// passed our check as <mine> and ran on <yours> (issue 9, finding 1). This one parser decides
// the id for our authorisation and, through getFileIdFromRequest, for tus; the request
// target must match exactly: no query, no extra or empty segments, no dot segments, no
// percent-escapes (so no encoded "/").
const UPLOAD_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** The upload id of a request target (path and query, as sent), or null if it is not exactly `<mount>/<id>`. */
export function uploadIdOf(target: string, mount: string): string | null {
  const prefix = mount.replace(/\/$/, '') + '/';
  if (!target.startsWith(prefix)) return null;
  const id = target.slice(prefix.length);
  return UPLOAD_ID.test(id) ? id : null;
}

/** Is the target exactly the collection (`<mount>`, optionally with one trailing "/")? */
function isCollection(target: string, mount: string): boolean {
  const base = mount.replace(/\/$/, '');
  return target === base || target === `${base}/`;
}

/** The target (path + query) of a WHATWG Request, as tus's handlers see it. */
function targetOfWebRequest(req: Request): string {
  const url = new URL(req.url);
  return url.pathname + url.search;
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
  // Principals established by our auth, handed to tus's hooks by request identity: the
  // WHATWG Request we build for server.handleWeb.
  readonly #principals = new WeakMap<object, Principal>();
  /** Checksummed requests spooling now, per seat (participantId). */
  readonly #spools = new Map<string, number>();

  constructor(
    private readonly options: TusGatewayOptions,
    private readonly hooks: UploadHooks,
  ) {
    mkdirSync(options.spoolDirectory, { recursive: true, mode: 0o700 });
    // Chunks a crashed process left behind are never resumed: remove them.
    for (const name of readdirSync(options.spoolDirectory)) {
      if (name.startsWith(SPOOL_PREFIX)) rmSync(path.join(options.spoolDirectory, name), { force: true });
    }
    this.server = new Server({
      path: options.path,
      datastore: options.datastore,
      maxSize: options.maxFileBytes,
      relativeLocation: true,
      respectForwardedHeaders: false,
      disableTerminationForFinishedUploads: true,
      postReceiveInterval: 500,
      // Same parser as our authorisation (see uploadIdOf); by then #handle has refused
      // anything but the exact `<path>/<id>` target.
      getFileIdFromRequest: (req) => uploadIdOf(targetOfWebRequest(req), options.path) ?? undefined,
      // Without allowedOrigins @tus/server answers `Access-Control-Allow-Origin: *`; the
      // apps are same-origin, so only listed origins get CORS headers at all.
      allowedOrigins: (origin) => this.#originAllowed(origin),
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
    const p = this.#principals.get(req);
    if (!p) throw new UnauthenticatedError();
    return p;
  }

  #originAllowed(origin: string | null | undefined): boolean {
    return !!origin && (this.options.allowedOrigins ?? []).includes(origin);
  }

  /** Drops every CORS header from a response to an origin we do not serve. */
  #stripForeignCors(req: IncomingMessage, h: Headers): void {
    if (this.#originAllowed(req.headers.origin)) return;
    const names: string[] = [];
    h.forEach((_value, name) => names.push(name));
    for (const name of names) if (name.startsWith('access-control-')) h.delete(name);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // express's app.use() strips its mount path; tus routes on the full path.
    const target = fullUrl(req);
    const method = req.method ?? 'GET';
    const uploadId = uploadIdOf(target, this.options.path);
    if (!uploadId && !isCollection(target, this.options.path)) throw new NotFoundError('No such upload');
    // Both our check and tus read the id from this one canonical target.
    req.url = uploadId ? `${this.options.path.replace(/\/$/, '')}/${uploadId}` : this.options.path;
    if (method === 'OPTIONS') {
      const response = await this.server.handleWeb(this.#webRequest(req, null));
      await sendWebResponse(res, response, (h) => {
        const ext = h.get('Tus-Extension');
        if (ext) h.set('Tus-Extension', `${ext},${EXTRA_EXTENSIONS}`);
        h.set('Tus-Checksum-Algorithm', CHECKSUM_ALGORITHMS.join(','));
        this.#stripForeignCors(req, h);
      });
      return;
    }
    // Downloads go through signed links after the scan, never through tus's GET.
    if (method === 'GET') throw new NotFoundError('Downloads use signed document links');
    if ((method === 'POST') === !!uploadId) throw new NotFoundError('No such upload');

    const token = bearerToken(req);
    if (!token) throw new UnauthenticatedError('Authorization: Bearer <token> is required');
    const principal = await this.hooks.authenticate(token);

    let size = 0;
    if (uploadId) {
      await this.hooks.authorizeUpload(principal, uploadId);
    } else {
      const meta = parseOrThrow(UploadMetadata, parseMetadataHeader(req.headers['upload-metadata'] as string | undefined), 'Upload-Metadata');
      if (req.headers['upload-defer-length'] !== undefined) {
        throw new ValidationError('Upload-Length is required (deferred length is not supported)');
      }
      size = Number(req.headers['upload-length']);
      if (!Number.isSafeInteger(size) || size < 0) throw new ValidationError('Upload-Length must be a non-negative integer');
      await this.hooks.precheckCreate(principal, meta, size);
    }

    const checksumHeader = req.headers['upload-checksum'];
    if (typeof checksumHeader === 'string' && (method === 'PATCH' || method === 'POST')) {
      // A PATCH may carry at most what its upload still lacks; creation-with-upload at most Upload-Length.
      const remaining = uploadId ? await this.#remainingBytes(uploadId) : size;
      await this.#handleChecksummed(req, res, principal, checksumHeader, remaining);
      return;
    }
    // handleWeb with our own body stream, not server.handle: see requestBody.
    const body = method === 'PATCH' || method === 'POST' ? requestBody(req) : null;
    const web = this.#webRequest(req, body);
    // What server.handle's srvx request carries: tus aborts its write when the Node request errors.
    Object.defineProperty(web, 'runtime', { value: { node: { req, res } } });
    this.#principals.set(web, principal);
    await sendWebResponse(res, await this.server.handleWeb(web));
  }

  async #remainingBytes(uploadId: string): Promise<number> {
    let upload: Upload;
    try {
      upload = await this.options.datastore.getUpload(uploadId);
    } catch {
      throw new NotFoundError('No such upload');
    }
    return Math.max(0, (upload.size ?? this.options.maxFileBytes) - upload.offset);
  }

  async #handleChecksummed(req: IncomingMessage, res: ServerResponse, principal: Principal, header: string, remaining: number): Promise<void> {
    const checksum = parseUploadChecksum(header);
    // Refuse before reading a byte when the declared body cannot fit.
    const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
    if (declared !== null && !(Number.isSafeInteger(declared) && declared >= 0)) throw new ValidationError('Content-Length must be a non-negative integer');
    if (declared !== null && declared > remaining) {
      throw new PayloadTooLargeError(`The chunk is ${declared} bytes but the upload lacks only ${remaining}`);
    }
    const seat = principal.participantId;
    const running = this.#spools.get(seat) ?? 0;
    if (running >= this.options.maxSpoolsPerSeat) {
      throw new TooManySpoolsError(`At most ${this.options.maxSpoolsPerSeat} checksummed chunks may be sent at once; wait for one to finish`);
    }
    this.#spools.set(seat, running + 1);
    let file: string | null = null;
    try {
      file = await spoolVerified(req, checksum, this.options.spoolDirectory, remaining);
      const web = this.#webRequest(req, Readable.toWeb(createReadStream(file)) as ReadableStream);
      this.#principals.set(web, principal);
      const response = await this.server.handleWeb(web);
      // tus has read the body by now: the chunk is in the store (or refused) and its copy goes first.
      await rm(file, { force: true });
      await sendWebResponse(res, response, (h) => this.#stripForeignCors(req, h));
    } finally {
      // spoolVerified removes its file when it throws; here the verified one goes, whatever happened after.
      if (file) await rm(file, { force: true });
      const left = (this.#spools.get(seat) ?? 1) - 1;
      if (left > 0) this.#spools.set(seat, left);
      else this.#spools.delete(seat);
    }
  }

  #webRequest(req: IncomingMessage, body: ReadableStream | null): Request {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || name === 'upload-checksum') continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    // A fixed origin: the Host header is the client's and must not shape the URL tus parses.
    const url = `http://localhost${req.url}`;
    return new Request(url, { method: req.method!, headers, body, ...(body ? { duplex: 'half' } : {}) } as RequestInit);
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { toHttpError } from '@videoloket/contracts';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Sends an error as the shared JSON ErrorBody with its mapped status. */
export function sendError(res: ServerResponse, err: unknown, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { status, body: errorBody, retryAfterSeconds } = toHttpError(err);
  const body = JSON.stringify(errorBody);
  const retry = retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) };
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...retry, ...extraHeaders });
  res.end(body);
}

/** Writes a WHATWG Response (from tus's handleWeb) to a Node response. */
export async function sendWebResponse(res: ServerResponse, response: Response, patch?: (h: Headers) => void): Promise<void> {
  const headers = new Headers(response.headers);
  patch?.(headers);
  res.statusCode = response.status;
  headers.forEach((value, name) => res.setHeader(name, value));
  if (response.body) await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), res);
  else res.end();
}

export function bearerToken(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1]! : null;
}

/** The request's URL as the app received it: express's app.use() strips the mount path into req.url. */
export function fullUrl(req: IncomingMessage): string {
  return (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
}

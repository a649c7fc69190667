import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable, finished } from 'node:stream';
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

/**
 * A Node request's body as a web stream for tus's handleWeb, its chunks passed on as they
 * are. Readable.toWeb (what @tus/server's own Node entry uses, via srvx) copies every chunk
 * to detach it from Buffer's pool; on a large PATCH that copy and the garbage it makes were
 * the server's biggest cost (issue 11, item 5). The HTTP parser's chunks are not pooled,
 * and tus only reads them (into the store), never transfers them. Back-pressure as toWeb:
 * the request pauses while `highWaterMark` bytes wait.
 */
export function requestBody(req: IncomingMessage, highWaterMark = 1024 * 1024): ReadableStream<Uint8Array> {
  let settled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.pause();
        req.on('data', (chunk: Buffer) => {
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        // Ends on 'end'; a client gone mid-body errors the stream, so tus stops its write.
        finished(req, (err) => {
          if (settled) return;
          settled = true;
          if (err) controller.error(err);
          else controller.close();
        });
      },
      pull() {
        req.resume();
      },
      cancel(reason: unknown) {
        settled = true;
        req.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark, size: (chunk) => chunk.byteLength },
  );
}

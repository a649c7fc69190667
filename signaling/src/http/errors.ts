import type { ErrorRequestHandler, RequestHandler } from 'express';
import { toHttpError } from '@videoloket/contracts';
import type { Logger } from 'pino';

/** Express's end of the one error mapping (contracts' toHttpError): log the unexpected, answer the code. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const { status, body, unexpected, retryAfterSeconds } = toHttpError(err);
    if (unexpected) logger.error({ err, method: req.method, path: req.path }, 'unhandled error in HTTP handler');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(retryAfterSeconds));
    res.status(status).json(body);
  };
}

export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json({ code: 'NOT_FOUND', message: 'Not found' });
};

import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, RateLimitedError, toErrorBody } from '@videoloket/contracts';
import type { Logger } from 'pino';

/** The one place AppError codes become HTTP statuses (the table lives in contracts). */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    // express.json() reports bad JSON and oversized bodies with a status of its own.
    const status = typeof err?.status === 'number' ? (err.status as number) : undefined;
    if (!(err instanceof AppError) && status === 413) {
      res.status(413).json({ code: 'PAYLOAD_TOO_LARGE', message: 'Request body too large' });
      return;
    }
    if (!(err instanceof AppError) && status === 400) {
      res.status(400).json({ code: 'BAD_REQUEST', message: 'Malformed JSON body' });
      return;
    }
    if (!(err instanceof AppError)) logger.error({ err }, 'unhandled error in HTTP handler');
    if (err instanceof RateLimitedError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    res.status(err instanceof AppError ? err.httpStatus : 500).json(toErrorBody(err));
  };
}

export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json({ code: 'NOT_FOUND', message: 'Not found' });
};

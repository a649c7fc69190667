import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { NotFoundError, UnauthenticatedError } from '@videoloket/contracts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Lets through only `Authorization: Bearer <token>`; without a token configured, /metrics does not exist. */
export function requireMetricsToken(token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : digest(token);
  return (req, res, next) => {
    if (!expected) return next(new NotFoundError());
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    // Compare digests: constant time and independent of the given length.
    if (!given || !timingSafeEqual(digest(given), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return next(new UnauthenticatedError('Metrics need a bearer token'));
    }
    next();
  };
}

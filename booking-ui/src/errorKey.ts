import { isAppError } from '@videoloket/call-client';
import type { BookingKey } from './i18n';

/** The message for a failed back-office request, as translator arguments. */
export function errorKey(err: unknown): [BookingKey, Record<string, string>?] {
  if (!isAppError(err)) return ['errGeneric', { code: 'INTERNAL' }];
  switch (err.code) {
    case 'UNAVAILABLE':
      return ['errNetwork'];
    case 'CONFLICT':
      return ['errSlotTaken'];
    case 'UNPROCESSABLE':
      return ['errPast'];
    case 'NOT_FOUND':
      return ['errNotFound'];
    case 'BAD_REQUEST':
      return ['errFix'];
    case 'RATE_LIMITED':
      return ['errRateLimited'];
    case 'PROOF_INVALID':
    case 'PROOF_EXPIRED':
    case 'PROOF_REUSED':
      return ['errProof'];
    default:
      return ['errGeneric', { code: err.code }];
  }
}

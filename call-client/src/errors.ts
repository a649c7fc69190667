// From the errors file only: the package index would pull zod into the browser bundle.
import { AppError, type ErrorBody, type ErrorCode } from '@videoloket/contracts/errors';

// The browser side of the error contract: an error acknowledgement becomes an AppError
// with the server's code, so callers branch on `err.code`, never on message text.

/** The server answered a request with `{ ok: false, error }`. */
export class RequestError extends AppError {
  constructor(
    readonly event: string,
    body: ErrorBody,
  ) {
    super(body.code, body.message, body.issues);
  }
}

/** No acknowledgement arrived in time (socket down or server stuck). */
export class RequestTimeoutError extends AppError {
  constructor(readonly event: string, timeoutMs: number) {
    super('UNAVAILABLE', `No answer to ${event} within ${timeoutMs} ms`);
  }
}

/** The handshake was refused: the link or sign-in is invalid/expired (`UNAUTHENTICATED`) or the call ended (`GONE`). */
export class HandshakeRefusedError extends AppError {
  constructor(code: ErrorCode, message: string) {
    super(code, message);
  }
}

const KNOWN_CODES = new Set<string>([
  'BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'GONE', 'NOT_YET_OPEN', 'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE', 'UNPROCESSABLE', 'RATE_LIMITED', 'CHECKSUM_MISMATCH', 'INTERNAL', 'UNAVAILABLE',
]);

/** Socket.IO puts the server middleware's error message in `connect_error.message`; the protocol makes it a code. */
export function handshakeErrorCode(message: string): ErrorCode | undefined {
  return KNOWN_CODES.has(message) ? (message as ErrorCode) : undefined;
}

export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}

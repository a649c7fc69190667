// Named errors with a code, shared by server and clients. One table maps each code
// to its HTTP status; Socket.IO acknowledgements carry the code and message.

export const httpStatusByCode = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  /** A booking's proof of work does not solve its challenge, or the challenge is forged. */
  PROOF_INVALID: 400,
  /** The challenge's time ran out: fetch a new one and solve again. */
  PROOF_EXPIRED: 400,
  /** The challenge was already spent on another submission. */
  PROOF_REUSED: 409,
  /** A drawn signature with (almost) no ink. */
  SIGNATURE_EMPTY: 422,
  /** A drawn signature that spans too little of its box (a dot, a tick, a line under a name). */
  SIGNATURE_TOO_SMALL: 422,
  /** A typed signature that is not a full name. */
  SIGNATURE_NAME_INVALID: 422,
  /** A typed name with a character the form's font cannot print (drawing is the way then). */
  SIGNATURE_NAME_UNPRINTABLE: 422,
  CHECKSUM_MISMATCH: 460,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof httpStatusByCode;

/** One problem with one field of a request, as reported back to the caller. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The wire form of an error: in HTTP bodies and in Socket.IO acknowledgements. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = new.target.name;
  }

  get httpStatus(): number {
    return httpStatusByCode[this.code];
  }

  toBody(): ErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export class ValidationError extends AppError {
  constructor(message: string, issues?: FieldIssue[]) {
    super('BAD_REQUEST', message, issues);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = 'Not signed in or the link has expired') {
    super('UNAUTHENTICATED', message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed for your role in this call') {
    super('FORBIDDEN', message);
  }
}
export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super('NOT_FOUND', message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}
export class GoneError extends AppError {
  constructor(message: string) {
    super('GONE', message);
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super('PAYLOAD_TOO_LARGE', message);
  }
}
export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string) {
    super('UNSUPPORTED_MEDIA_TYPE', message);
  }
}
export class UnprocessableError extends AppError {
  constructor(message: string) {
    super('UNPROCESSABLE', message);
  }
}
/** A signature refused for what it is (clients show their own words per code: the server's text is English). */
export class SignatureRefusedError extends AppError {
  constructor(code: 'SIGNATURE_EMPTY' | 'SIGNATURE_TOO_SMALL' | 'SIGNATURE_NAME_INVALID' | 'SIGNATURE_NAME_UNPRINTABLE', message: string) {
    super(code, message);
  }
}
export class ProofError extends AppError {
  constructor(code: 'PROOF_INVALID' | 'PROOF_EXPIRED' | 'PROOF_REUSED', message: string) {
    super(code, message);
  }
}
export class UnavailableError extends AppError {
  constructor(message: string) {
    super('UNAVAILABLE', message);
  }
}
/** Too many requests: HTTP answers 429 with `Retry-After: retryAfterSeconds`. */
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('RATE_LIMITED', message);
  }
}

/** Turns anything thrown into the wire form without leaking internals. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) return err.toBody();
  return { code: 'INTERNAL', message: 'Internal error' };
}

/** HTTP client errors raised by the framework itself (body parser, static files) → our code, in our words. */
const frameworkErrors: Partial<Record<number, ErrorBody>> = {
  400: { code: 'BAD_REQUEST', message: 'Malformed request body' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body too large' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported body encoding or character set' },
};

/**
 * The one mapping from anything thrown to an HTTP answer. AppErrors carry a code and a
 * message written for the client; the framework's own client errors (a numeric 4xx
 * `status`, e.g. bad JSON or an unsupported charset) get our code and a fixed text; all
 * else is `unexpected`: the server logs its detail and the client gets INTERNAL with a
 * generic text, so no internal message (a TypeError, a driver error, a path) leaks.
 */
export function toHttpError(err: unknown): { status: number; body: ErrorBody; unexpected: boolean; retryAfterSeconds?: number } {
  if (err instanceof RateLimitedError) return { status: err.httpStatus, body: err.toBody(), unexpected: false, retryAfterSeconds: err.retryAfterSeconds };
  if (err instanceof AppError) return { status: err.httpStatus, body: err.toBody(), unexpected: false };
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = (Object.keys(httpStatusByCode) as ErrorCode[]).find((c) => httpStatusByCode[c] === status) ?? 'BAD_REQUEST';
    return { status, body: frameworkErrors[status] ?? { code, message: 'Request refused' }, unexpected: false };
  }
  return { status: 500, body: toErrorBody(err), unexpected: true };
}

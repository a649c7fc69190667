import { AppError, UnavailableError } from '@videoloket/contracts';

// Storage's named errors. Codes come from the shared table in contracts/src/errors.ts.

/** tus 1.0 checksum extension: the Upload-Checksum did not match the PATCH body (460). */
export class ChecksumMismatchError extends AppError {
  constructor(message = 'Upload-Checksum does not match the bytes received; the chunk was discarded') {
    super('CHECKSUM_MISMATCH', message);
  }
}

/** clamd did not answer (down, refused, timed out). Documents wait in `held`. */
export class ScannerUnavailableError extends UnavailableError {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** Stored ciphertext failed authentication or was written with another key. */
export class DecryptionError extends AppError {
  constructor(message: string) {
    super('INTERNAL', message);
  }
}

/** A seat already has its maximum of checksummed chunks spooling (tus checksum extension). */
export class TooManySpoolsError extends AppError {
  constructor(message: string) {
    super('RATE_LIMITED', message);
  }
}

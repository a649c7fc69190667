// Named errors of the PDF module. Each maps to a contracts code (and so to an HTTP
// status / Socket.IO ack) and carries a message that says what to do about it.
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  SignatureRefusedError,
  UnavailableError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  ValidationError,
  type FieldIssue,
} from '@videoloket/contracts';

export class NotAPdfError extends UnsupportedMediaTypeError {
  constructor(message = 'The file is not a PDF document') {
    super(message);
  }
}
export class PdfTooLargeError extends PayloadTooLargeError {}
export class TooManyPagesError extends PayloadTooLargeError {
  constructor(pages: number, limit: number) {
    super(`The PDF has ${pages} pages; at most ${limit} can be signed`);
  }
}
export class EncryptedPdfError extends UnprocessableError {
  constructor() {
    super('The PDF is encrypted or password-protected; upload an unprotected copy');
  }
}
/** JavaScript, a launch action or an embedded file: a viewer would run or open it. */
export class PdfActiveContentError extends UnprocessableError {
  constructor(where: string) {
    super(`The PDF contains active content (${where}); such documents are not accepted. Print it to a new PDF and send that`);
  }
}
export class UnknownFormError extends NotFoundError {
  constructor(formId: string) {
    super(`No form template "${formId}"`);
  }
}
export class FieldValueError extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super('Invalid form values', issues);
  }
}
export class InvalidSignatureImageError extends ValidationError {}
export class BlankSignatureError extends SignatureRefusedError {
  constructor() {
    super('SIGNATURE_EMPTY', 'The signature is empty; draw a signature and confirm again');
  }
}
export class SignatureTooSmallError extends SignatureRefusedError {
  constructor() {
    super('SIGNATURE_TOO_SMALL', 'The signature is too small; sign across the box and confirm again');
  }
}
export class InvalidTypedSignatureError extends SignatureRefusedError {
  constructor(unprintable?: string) {
    if (unprintable) super('SIGNATURE_NAME_UNPRINTABLE', `The character "${unprintable}" cannot be printed on this document; please draw your signature instead`);
    else super('SIGNATURE_NAME_INVALID', 'Type your full name to sign');
  }
}
export class SignerNotAllowedError extends ForbiddenError {}
/** The document is locked: a signature was given over what was shown, or it is final. */
export class FormLockedError extends ConflictError {}
export class FormIncompleteError extends UnprocessableError {}
export class SealingUnavailableError extends UnavailableError {}
/** A configuration problem with the sealing certificate (bad path, password, key). */
export class SealConfigError extends AppError {
  constructor(message: string) {
    super('INTERNAL', message);
  }
}

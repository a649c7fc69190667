import { AppError, ConflictError, GoneError, UnavailableError, UnprocessableError, ValidationError } from '@videoloket/contracts';

// Named errors of the SIP bridge. They extend the contracts' AppError so the
// signaling layer maps them to HTTP statuses and acknowledgements unchanged.

/** A SIP message or URI from the network (or a caller) is malformed. */
export class SipParseError extends ValidationError {
  constructor(message: string) {
    super(`SIP: ${message}`);
  }
}

/** The URI a clerk asked to dial is not allowed or not a SIP URI. */
export class InvalidDialTargetError extends ValidationError {
  constructor(message: string) {
    super(message);
  }
}

/** The far end rejected or never answered a call we placed. */
export class SipCallFailedError extends UnavailableError {
  constructor(
    readonly sipStatus: number,
    reason: string,
  ) {
    super(`the phone call failed: ${sipStatus} ${reason}`);
  }
}

/** Neither side has a codec the other can use (RFC 3264 §6: reject with 488). */
export class NoCommonCodecError extends UnprocessableError {
  constructor() {
    super('the phone offered no codec the bridge supports (Opus, PCMU, PCMA)');
  }
}

/** The bridge was closed, or not started. */
export class BridgeClosedError extends UnavailableError {
  constructor() {
    super('the SIP bridge is not running');
  }
}

/** A call already has the maximum number of phone legs. */
export class TooManyPhoneLegsError extends ConflictError {
  constructor(limit: number) {
    super(`this call already has ${limit} phone participant(s)`);
  }
}

/** The dial-in for a call was closed (call ended, revoked). */
export class DialInClosedError extends GoneError {
  constructor() {
    super('phone dial-in for this call is closed');
  }
}

export { AppError };

/** Every RTP port of the configured range is taken. */
export class NoRtpPortError extends UnavailableError {
  constructor(min: number, max: number) {
    super(`no free RTP port in ${min}-${max}`);
  }
}

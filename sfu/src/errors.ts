/**
 * Named errors with a stable code, so signalling can map them to
 * acknowledgements without string matching. Never throw plain strings.
 */
export type SfuErrorCode =
  | 'SFU_NOT_STARTED'
  | 'SFU_CLOSED'
  | 'ROOM_CLOSED'
  | 'MEDIA_UNAVAILABLE'
  | 'NOT_FOUND'
  | 'CANNOT_CONSUME'
  | 'LIMIT_REACHED'
  | 'INVALID_OPTIONS'
  | 'MEDIA_NODE_UNREACHABLE'
  | 'MEDIA_NODE_DRAINING'
  | 'NO_MEDIA_NODE';

/** Every code, for errors that come back over the media bus (node/wire.ts). */
export const SFU_ERROR_CODES: readonly SfuErrorCode[] = [
  'SFU_NOT_STARTED',
  'SFU_CLOSED',
  'ROOM_CLOSED',
  'MEDIA_UNAVAILABLE',
  'NOT_FOUND',
  'CANNOT_CONSUME',
  'LIMIT_REACHED',
  'INVALID_OPTIONS',
  'MEDIA_NODE_UNREACHABLE',
  'MEDIA_NODE_DRAINING',
  'NO_MEDIA_NODE',
];

export class SfuError extends Error {
  readonly code: SfuErrorCode;

  constructor(code: SfuErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SfuError';
    this.code = code;
  }
}

/** The Sfu was used before start() resolved, or after close(). */
export class SfuNotRunningError extends SfuError {
  constructor(closed: boolean) {
    super(closed ? 'SFU_CLOSED' : 'SFU_NOT_STARTED', closed ? 'the SFU is closed' : 'the SFU has not been started');
    this.name = 'SfuNotRunningError';
  }
}

/** The room was closed (call ended, or no worker left to host it). */
export class RoomClosedError extends SfuError {
  constructor(callId: string) {
    super('ROOM_CLOSED', `media room for call ${callId} is closed`);
    this.name = 'RoomClosedError';
  }
}

/**
 * The room's worker died and the room is moving to another one. The caller
 * should wait for the room's `reset` event and renegotiate.
 */
export class MediaUnavailableError extends SfuError {
  constructor(callId: string, cause?: unknown) {
    super('MEDIA_UNAVAILABLE', `media for call ${callId} is being moved to a new worker`, { cause });
    this.name = 'MediaUnavailableError';
  }
}

/**
 * A transport, producer or consumer id that does not exist in this room or
 * does not belong to the peer named in the request. Both cases get the same
 * error so a peer cannot probe for other peers' ids.
 */
export class NotFoundError extends SfuError {
  constructor(what: 'transport' | 'producer' | 'consumer' | 'peer', id: string) {
    super('NOT_FOUND', `${what} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

/** The consuming peer's RTP capabilities cannot receive the producer's codec. */
export class CannotConsumeError extends SfuError {
  constructor(producerId: string, reason: string) {
    super('CANNOT_CONSUME', `cannot consume producer ${producerId}: ${reason}`);
    this.name = 'CannotConsumeError';
  }
}

/**
 * A peer asked for more than one WebRTC transport per direction, or a second producer
 * of a source it already sends (issue 9, finding 7: 800 transports and 8 producers from
 * one citizen), or an alternate encoding the rules do not allow (MediaRoom.produce).
 */
export class LimitReachedError extends SfuError {
  constructor(message: string) {
    super('LIMIT_REACHED', message);
    this.name = 'LimitReachedError';
  }
}

/** SfuOptions failed validation. */
export class InvalidSfuOptionsError extends SfuError {
  constructor(message: string) {
    super('INVALID_OPTIONS', message);
    this.name = 'InvalidSfuOptionsError';
  }
}

/**
 * A request to a media node got no answer: the node's heartbeat stopped (`dead`), or the
 * request's deadline passed (`timeout`). Retryable: the request may or may not have run,
 * and running it again with the same request id is answered from the node's memory.
 */
export class MediaNodeUnreachableError extends SfuError {
  readonly nodeId: string;
  readonly reason: 'dead' | 'timeout' | 'closed';

  constructor(nodeId: string, reason: 'dead' | 'timeout' | 'closed') {
    const why = { dead: 'its heartbeat stopped', timeout: 'no answer before the deadline', closed: 'the bus client was closed' }[reason];
    super('MEDIA_NODE_UNREACHABLE', `media node ${nodeId} is unreachable: ${why}`);
    this.name = 'MediaNodeUnreachableError';
    this.nodeId = nodeId;
    this.reason = reason;
  }
}

/** The media node is draining: it serves its live calls but takes no new one. Place the call elsewhere. */
export class MediaNodeDrainingError extends SfuError {
  constructor(nodeId: string) {
    super('MEDIA_NODE_DRAINING', `media node ${nodeId} is draining and takes no new calls`);
    this.name = 'MediaNodeDrainingError';
  }
}

/** No live media node has room for a new call (all dead, draining, or over the load threshold). */
export class NoMediaNodeError extends SfuError {
  constructor(callId: string) {
    super('NO_MEDIA_NODE', `no media node can take call ${callId} now`);
    this.name = 'NoMediaNodeError';
  }
}

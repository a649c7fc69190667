export { CallSocket, type CallSocketOptions, type RawSocket } from './socket';
export { CallSession, type CallPhase, type CallSessionOptions, type SessionState } from './call-session';
export { MediaSession, CAMERA_ENCODINGS, type LocalSource, type LocalTracks, type RemoteTrack, type MediaSessionHooks } from './media-session';
export { SeatStore, seatKeyForLinkToken, type StoredSeat, type KeyValueStore } from './seat-store';
export { RequestError, RequestTimeoutError, HandshakeRefusedError, handshakeErrorCode, isAppError } from './errors';
export { linkifySegments, linkifyToFragment, type ChatSegment } from './linkify';
export * from './i18n';
export { type MediaStats, EMPTY_STATS } from './stats';
export { mark, resetMarks, type MarkName } from './debug';

// @videoloket/sfu: mediasoup workers, one room (router) per call, plain-data
// API for signalling. See Sfu and MediaRoom for the lifecycle and events.
export { Sfu, type SfuEvents } from './Sfu';
export { MediaRoom, type MediaRoomEvents } from './MediaRoom';
export { resolveSfuOptions, type SfuOptions, type ResolvedSfuOptions } from './SfuOptions';
export { mediaCodecs, cameraSimulcastEncodings } from './codecs';
export { pickLeastLoaded, type WorkerLoad } from './placement';
export {
  SfuError,
  SfuNotRunningError,
  RoomClosedError,
  MediaUnavailableError,
  NotFoundError,
  CannotConsumeError,
  LimitReachedError,
  InvalidSfuOptionsError,
  MediaNodeUnreachableError,
  MediaNodeDrainingError,
  NoMediaNodeError,
  type SfuErrorCode,
} from './errors';
export type * from './types';

// @videoloket/sfu: mediasoup workers, one room (router) per call, plain-data
// API for signalling. See Sfu and MediaRoom for the lifecycle and events.
export { Sfu, type SfuEvents } from './Sfu';
export { MediaRoom, type MediaRoomEvents } from './MediaRoom';
export type { MediaRoomApi, MediaRoomFactory, Awaitable } from './MediaRoomApi';
// Media nodes (issue 13 item 2): a room on another process, driven over Redis.
export { MediaNodes, type MediaNodesOptions } from './node/MediaNodes';
export { RemoteMediaRoom } from './node/RemoteMediaRoom';
export { MediaNode, type MediaNodeOptions } from './node/MediaNode';
export { pickMediaNode, type NodePlacementPolicy } from './node/placement';
export type { NodeRecord, NodeLoad } from './node/wire';
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

import type { MediaRoomEvents } from './MediaRoom';
import type {
  ConsumerParams,
  DtlsParameters,
  IceParameters,
  PlainTransportOptions,
  PlainTransportParams,
  PlainTransportRemote,
  ProduceOptions,
  ProducerInfo,
  ReceivedStreamInfo,
  RoomStats,
  RtpCapabilities,
  TransportDirection,
  WebRtcTransportParams,
} from './types';
import type { types } from 'mediasoup';

/** A value now (the local room) or later (a room on a media node, across the bus). */
export type Awaitable<T> = T | Promise<T>;

/**
 * What signalling needs of one call's media room, wherever the room lives: `MediaRoom` on
 * this process's workers, or `RemoteMediaRoom` on a media node driven over the bus. Reads the
 * local room answers at once are `Awaitable`: await them. No mediasoup object crosses it
 * (the phone bridge, which needs the router, stays on a local MediaRoom).
 */
export interface MediaRoomApi {
  readonly callId: string;
  readonly closed: boolean;
  /** What clients load their Device with (kept by a remote room, new after a 'reset'). */
  readonly rtpCapabilities: RtpCapabilities;

  on<K extends keyof MediaRoomEvents & string>(event: K, listener: (...args: MediaRoomEvents[K]) => void): unknown;
  once<K extends keyof MediaRoomEvents & string>(event: K, listener: (...args: MediaRoomEvents[K]) => void): unknown;
  off<K extends keyof MediaRoomEvents & string>(event: K, listener: (...args: MediaRoomEvents[K]) => void): unknown;

  createWebRtcTransport(peerId: string, direction: TransportDirection): Promise<WebRtcTransportParams>;
  connectTransport(peerId: string, transportId: string, dtlsParameters: DtlsParameters): Promise<void>;
  restartIce(peerId: string, transportId: string): Promise<IceParameters>;
  createPlainTransport(peerId: string, options: PlainTransportOptions): Promise<PlainTransportParams>;
  connectPlainTransport(peerId: string, transportId: string, remote: PlainTransportRemote): Promise<void>;
  closeTransport(peerId: string, transportId: string): Promise<void>;

  produce(peerId: string, transportId: string, options: ProduceOptions): Promise<ProducerInfo>;
  pauseProducer(peerId: string, producerId: string): Promise<void>;
  resumeProducer(peerId: string, producerId: string): Promise<void>;
  closeProducer(peerId: string, producerId: string): Promise<void>;
  listProducers(peerId?: string): Awaitable<ProducerInfo[]>;

  consume(consumerPeerId: string, producerId: string, rtpCapabilities: RtpCapabilities): Promise<ConsumerParams>;
  alternateWanted(producerId: string, rtpCapabilities: RtpCapabilities): Awaitable<{ peerId: string; mimeType: string } | undefined>;
  resumeConsumer(peerId: string, consumerId: string): Promise<void>;
  pauseConsumer(peerId: string, consumerId: string): Promise<void>;
  setConsumerPreferredLayers(peerId: string, consumerId: string, layers: types.ConsumerLayers): Promise<void>;
  closeConsumer(peerId: string, consumerId: string): Promise<void>;

  closePeer(peerId: string): Awaitable<void>;
  receivedStreams(peerId: string): Awaitable<ReceivedStreamInfo[]>;
  getStats(): Promise<RoomStats>;
  close(): Awaitable<void>;
}

/**
 * Where signalling gets a call's room: the in-process `Sfu` (rooms on this process's workers)
 * or `MediaNodes` (rooms on media node processes, through placement). Both satisfy it.
 */
export interface MediaRoomFactory {
  createRoom(callId: string): Promise<MediaRoomApi>;
}

/** The room operations a media node serves over the bus: every method of MediaRoomApi. */
export const ROOM_OPERATIONS = [
  'createWebRtcTransport',
  'connectTransport',
  'restartIce',
  'createPlainTransport',
  'connectPlainTransport',
  'closeTransport',
  'produce',
  'pauseProducer',
  'resumeProducer',
  'closeProducer',
  'listProducers',
  'consume',
  'alternateWanted',
  'resumeConsumer',
  'pauseConsumer',
  'setConsumerPreferredLayers',
  'closeConsumer',
  'closePeer',
  'receivedStreams',
  'getStats',
  'close',
] as const satisfies readonly (keyof MediaRoomApi)[];

export type RoomOperation = (typeof ROOM_OPERATIONS)[number];

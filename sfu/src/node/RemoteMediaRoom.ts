import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import { TypedEmitter } from '@videoloket/contracts/emitter';
import { RoomClosedError } from '../errors';
import type { MediaRoomEvents } from '../MediaRoom';
import type { MediaRoomApi, RoomOperation } from '../MediaRoomApi';
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
  RoomResetEvent,
  RoomStats,
  RtpCapabilities,
  TransportDirection,
  WebRtcTransportParams,
} from '../types';
import type { BusClient } from './BusClient';
import type { BusEvent } from './wire';

/**
 * A call's room on a media node, driven over the bus: the same methods and events as the
 * local MediaRoom (MediaRoomApi), each method one request to the node. Errors come back with
 * their SfuError codes; a node that stops beating fails requests with MEDIA_NODE_UNREACHABLE
 * (retryable) within their deadline. The router's capabilities are kept here (they change
 * only with a 'reset', whose event carries the new ones).
 */
export class RemoteMediaRoom extends TypedEmitter<MediaRoomEvents> implements MediaRoomApi {
  readonly callId: string;
  readonly nodeId: string;
  readonly #bus: BusClient;
  readonly #log: Logger;
  #rtpCapabilities: RtpCapabilities;
  #closed = false;

  constructor(bus: BusClient, nodeId: string, callId: string, rtpCapabilities: RtpCapabilities, logger: Logger) {
    super();
    this.#bus = bus;
    this.nodeId = nodeId;
    this.callId = callId;
    this.#rtpCapabilities = rtpCapabilities;
    this.#log = logger.child({ component: 'remote-media-room', callId, nodeId });
  }

  get closed(): boolean {
    return this.#closed;
  }

  get rtpCapabilities(): RtpCapabilities {
    if (this.#closed) throw new RoomClosedError(this.callId);
    return this.#rtpCapabilities;
  }

  createWebRtcTransport(peerId: string, direction: TransportDirection): Promise<WebRtcTransportParams> {
    return this.#call('createWebRtcTransport', peerId, direction);
  }

  connectTransport(peerId: string, transportId: string, dtlsParameters: DtlsParameters): Promise<void> {
    return this.#call('connectTransport', peerId, transportId, dtlsParameters);
  }

  restartIce(peerId: string, transportId: string): Promise<IceParameters> {
    return this.#call('restartIce', peerId, transportId);
  }

  createPlainTransport(peerId: string, options: PlainTransportOptions): Promise<PlainTransportParams> {
    return this.#call('createPlainTransport', peerId, options);
  }

  connectPlainTransport(peerId: string, transportId: string, remote: PlainTransportRemote): Promise<void> {
    return this.#call('connectPlainTransport', peerId, transportId, remote);
  }

  closeTransport(peerId: string, transportId: string): Promise<void> {
    return this.#call('closeTransport', peerId, transportId);
  }

  produce(peerId: string, transportId: string, options: ProduceOptions): Promise<ProducerInfo> {
    return this.#call('produce', peerId, transportId, options);
  }

  pauseProducer(peerId: string, producerId: string): Promise<void> {
    return this.#call('pauseProducer', peerId, producerId);
  }

  resumeProducer(peerId: string, producerId: string): Promise<void> {
    return this.#call('resumeProducer', peerId, producerId);
  }

  closeProducer(peerId: string, producerId: string): Promise<void> {
    return this.#call('closeProducer', peerId, producerId);
  }

  listProducers(peerId?: string): Promise<ProducerInfo[]> {
    return this.#call('listProducers', ...(peerId === undefined ? [] : [peerId]));
  }

  consume(consumerPeerId: string, producerId: string, rtpCapabilities: RtpCapabilities): Promise<ConsumerParams> {
    return this.#call('consume', consumerPeerId, producerId, rtpCapabilities);
  }

  async alternateWanted(producerId: string, rtpCapabilities: RtpCapabilities): Promise<{ peerId: string; mimeType: string } | undefined> {
    // undefined crosses JSON as null.
    return (await this.#call<{ peerId: string; mimeType: string } | null>('alternateWanted', producerId, rtpCapabilities)) ?? undefined;
  }

  resumeConsumer(peerId: string, consumerId: string): Promise<void> {
    return this.#call('resumeConsumer', peerId, consumerId);
  }

  pauseConsumer(peerId: string, consumerId: string): Promise<void> {
    return this.#call('pauseConsumer', peerId, consumerId);
  }

  setConsumerPreferredLayers(peerId: string, consumerId: string, layers: types.ConsumerLayers): Promise<void> {
    return this.#call('setConsumerPreferredLayers', peerId, consumerId, layers);
  }

  closeConsumer(peerId: string, consumerId: string): Promise<void> {
    return this.#call('closeConsumer', peerId, consumerId);
  }

  async closePeer(peerId: string): Promise<void> {
    if (this.#closed) return;
    await this.#call('closePeer', peerId);
  }

  receivedStreams(peerId: string): Promise<ReceivedStreamInfo[]> {
    return this.#call('receivedStreams', peerId);
  }

  getStats(): Promise<RoomStats> {
    return this.#call('getStats');
  }

  /**
   * Closed here at once ('close' emitted, as MediaRoom does); the node is told and closes the
   * router. A node that cannot be reached is logged: its room dies with it.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    const closing = this.#bus.request(this.nodeId, 'room', [this.callId, 'close']);
    this.#markClosed();
    await closing.catch((error: unknown) => this.#log.warn({ err: error }, 'could not close the room on its media node'));
  }

  /** @internal An event of this room from the node (MediaNodes routes them by node and call). */
  deliver(event: BusEvent): void {
    if (this.#closed) return;
    switch (event.name) {
      case 'close':
        this.#markClosed();
        return;
      case 'reset':
        this.#rtpCapabilities = (event.data[0] as RoomResetEvent).rtpCapabilities;
        break;
    }
    // The node sends only MediaRoom's own events, with their own payloads.
    this.emit(event.name as keyof MediaRoomEvents & string, ...(event.data as MediaRoomEvents[keyof MediaRoomEvents]));
  }

  /** @internal Its media node is dead: closed here, 'close' emitted (signalling's CallMedia reports the call's media lost). */
  lost(): void {
    this.#markClosed();
  }

  #markClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.emit('close');
  }

  async #call<T>(operation: RoomOperation, ...args: unknown[]): Promise<T> {
    if (this.#closed) throw new RoomClosedError(this.callId);
    return this.#bus.request<T>(this.nodeId, 'room', [this.callId, operation, ...args]);
  }

  protected override listenerFailed(error: unknown, event: string): void {
    this.#log.error({ err: error, event }, 'room event listener threw');
  }
}

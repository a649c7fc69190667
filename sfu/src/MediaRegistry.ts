import type { types } from 'mediasoup';
import { NotFoundError } from './errors';
import type { MediaKind, MediaSource, ProducerInfo, TransportDirection } from './types';

export interface TransportEntry {
  transport: types.WebRtcTransport | types.PlainTransport;
  peerId: string;
  direction: TransportDirection;
  kind: 'webrtc' | 'plain';
  /** Creation order, to find a peer's newest receive transport. */
  seq: number;
}

export interface ProducerEntry {
  producer: types.Producer;
  peerId: string;
  source: MediaSource;
  /** The producer this one re-encodes in another codec (ProduceOptions.alternateOf). */
  alternateOf?: string;
}

export interface ConsumerEntry {
  consumer: types.Consumer;
  peerId: string;
  producerPeerId: string;
  source: MediaSource;
}

export interface PipeEntry {
  pipeConsumer: types.Consumer;
  targetCallId: string;
}

/**
 * Who owns what in one room: the peers and their mediasoup objects, indexed
 * by id. Entries remove themselves when mediasoup closes the object (whoever
 * closed it). Lookups by peer enforce ownership.
 */
export class MediaRegistry {
  readonly peers = new Set<string>();
  readonly transports = new Map<string, TransportEntry>();
  readonly producers = new Map<string, ProducerEntry>();
  readonly consumers = new Map<string, ConsumerEntry>();
  readonly pipes = new Map<string, PipeEntry>();
  #seq = 0;

  /** Producers + consumers + pipes: what costs the worker CPU. */
  get streamCount(): number {
    return this.producers.size + this.consumers.size + this.pipes.size;
  }

  addTransport(entry: Omit<TransportEntry, 'seq'>): void {
    const { transport } = entry;
    this.peers.add(entry.peerId);
    this.transports.set(transport.id, { ...entry, seq: ++this.#seq });
    (transport as types.Transport).observer.once('close', () => this.transports.delete(transport.id));
  }

  addProducer(entry: ProducerEntry): void {
    const { producer } = entry;
    this.peers.add(entry.peerId);
    this.producers.set(producer.id, entry);
    producer.observer.once('close', () => this.producers.delete(producer.id));
  }

  addConsumer(entry: ConsumerEntry): void {
    const { consumer } = entry;
    this.consumers.set(consumer.id, entry);
    consumer.observer.once('close', () => this.consumers.delete(consumer.id));
  }

  addPipe(entry: PipeEntry): void {
    const { pipeConsumer } = entry;
    this.pipes.set(pipeConsumer.id, entry);
    pipeConsumer.observer.once('close', () => this.pipes.delete(pipeConsumer.id));
  }

  // The same NotFoundError whether the id does not exist or belongs to
  // another peer, so a peer cannot probe for other peers' ids.

  ownTransport(peerId: string, transportId: string): TransportEntry {
    const entry = this.transports.get(transportId);
    if (!entry || entry.peerId !== peerId) throw new NotFoundError('transport', transportId);
    return entry;
  }

  ownProducer(peerId: string, producerId: string): ProducerEntry {
    const entry = this.producers.get(producerId);
    if (!entry || entry.peerId !== peerId) throw new NotFoundError('producer', producerId);
    return entry;
  }

  ownConsumer(peerId: string, consumerId: string): ConsumerEntry {
    const entry = this.consumers.get(consumerId);
    if (!entry || entry.peerId !== peerId) throw new NotFoundError('consumer', consumerId);
    return entry;
  }

  /** The producers that re-encode `producerId` in another codec. */
  alternatesOf(producerId: string): ProducerEntry[] {
    return [...this.producers.values()].filter((entry) => entry.alternateOf === producerId);
  }

  newestTransport(peerId: string, direction: TransportDirection): TransportEntry | undefined {
    let newest: TransportEntry | undefined;
    for (const entry of this.transports.values()) {
      if (entry.peerId === peerId && entry.direction === direction && (!newest || entry.seq > newest.seq)) {
        newest = entry;
      }
    }
    return newest;
  }

  producerInfo(producerId: string): ProducerInfo {
    const entry = this.producers.get(producerId);
    if (!entry) throw new NotFoundError('producer', producerId);
    return {
      id: producerId,
      peerId: entry.peerId,
      kind: entry.producer.kind as MediaKind,
      source: entry.source,
      paused: entry.producer.paused,
      type: entry.producer.type,
      ...(entry.alternateOf ? { alternateOf: entry.alternateOf } : {}),
    };
  }

  /** Forgets all media (after the router closed); keeps the peers. */
  clearMedia(): void {
    this.transports.clear();
    this.producers.clear();
    this.consumers.clear();
    this.pipes.clear();
  }
}

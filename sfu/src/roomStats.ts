import type { MediaRegistry } from './MediaRegistry';
import { sumStreams, transportTotals } from './stats';
import type { ConsumerStats, MediaKind, PipeStats, ProducerStats, RoomStats, TransportStats } from './types';

/** Asks the worker for the stats of everything in the room, in parallel. */
export async function collectRoomStats(callId: string, workerPid: number, media: MediaRegistry): Promise<RoomStats> {
  const transports = Promise.all(
    [...media.transports.values()].map(async (e): Promise<TransportStats> => {
      const totals = transportTotals(await e.transport.getStats());
      return { id: e.transport.id, peerId: e.peerId, kind: e.kind, direction: e.direction, ...totals };
    }),
  );
  const producers = Promise.all(
    [...media.producers.values()].map(async (e): Promise<ProducerStats> => {
      const totals = sumStreams(await e.producer.getStats(), 'inbound-rtp');
      return {
        id: e.producer.id,
        peerId: e.peerId,
        kind: e.producer.kind as MediaKind,
        source: e.source,
        paused: e.producer.paused,
        ...totals,
      };
    }),
  );
  const consumers = Promise.all(
    [...media.consumers.values()].map(async (e): Promise<ConsumerStats> => {
      const { packetCount, byteCount, bitrate, score } = sumStreams(await e.consumer.getStats(), 'outbound-rtp');
      return {
        id: e.consumer.id,
        peerId: e.peerId,
        producerId: e.consumer.producerId,
        kind: e.consumer.kind as MediaKind,
        paused: e.consumer.paused,
        producerPaused: e.consumer.producerPaused,
        packetCount,
        byteCount,
        bitrate,
        ...(score === undefined ? {} : { score }),
      };
    }),
  );
  const pipes = Promise.all(
    [...media.pipes.values()].map(async (e): Promise<PipeStats> => {
      const { packetCount, byteCount } = sumStreams(await e.pipeConsumer.getStats(), 'outbound-rtp');
      return { producerId: e.pipeConsumer.producerId, targetCallId: e.targetCallId, packetCount, byteCount };
    }),
  );
  return {
    callId,
    workerPid,
    peers: [...media.peers],
    transports: await transports,
    producers: await producers,
    consumers: await consumers,
    pipes: await pipes,
  };
}

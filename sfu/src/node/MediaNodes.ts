import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { MediaNodeUnreachableError, NoMediaNodeError, SfuError } from '../errors';
import type { MediaRoomFactory } from '../MediaRoomApi';
import { BusClient } from './BusClient';
import type { OpenedRoom } from './MediaNode';
import { pickMediaNode, type NodePlacementPolicy } from './placement';
import { RemoteMediaRoom } from './RemoteMediaRoom';
import type { BusEvent, NodeRecord } from './wire';

export interface MediaNodesOptions {
  redis: Redis;
  prefix: string;
  logger: Logger;
  placement?: NodePlacementPolicy;
  /** Per request, ms. Default 10 000. */
  timeoutMs?: number;
  /** See BusClient. */
  livenessMs?: number;
  deadAfterMs?: number;
}

/**
 * The signalling node's view of the media nodes (the remote counterpart of Sfu.createRoom):
 * reads the live nodes from their heartbeat records, places a call's room (the node hosting
 * the call, else the least loaded under the thresholds; placement.ts), opens it there and
 * hands back a RemoteMediaRoom, to which it routes that room's events from the bus.
 */
export class MediaNodes implements MediaRoomFactory {
  readonly #redis: Redis;
  readonly #bus: BusClient;
  readonly #options: MediaNodesOptions;
  readonly #log: Logger;
  /** Open rooms by `nodeId/callId`. */
  readonly #rooms = new Map<string, RemoteMediaRoom>();

  constructor(options: MediaNodesOptions) {
    this.#options = options;
    this.#redis = options.redis;
    this.#log = options.logger.child({ component: 'media-nodes' });
    this.#bus = new BusClient({
      redis: options.redis,
      prefix: options.prefix,
      logger: options.logger,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.livenessMs === undefined ? {} : { livenessMs: options.livenessMs }),
      ...(options.deadAfterMs === undefined ? {} : { deadAfterMs: options.deadAfterMs }),
    });
    this.#bus.onEvent((event) => this.#route(event));
    this.#bus.onNodeDead(
      () => new Set([...this.#rooms.values()].map((room) => room.nodeId)),
      (nodeId) => this.#nodeDead(nodeId),
    );
  }

  start(): void {
    this.#bus.start();
  }

  /** Nodes whose heartbeat record has not expired, with their last load report. */
  async liveNodes(): Promise<NodeRecord[]> {
    const keys = this.#bus.keys;
    const ids = await this.#redis.smembers(keys.nodes);
    if (ids.length === 0) return [];
    const records = await this.#redis.mget(ids.map((id) => keys.node(id)));
    const live: NodeRecord[] = [];
    records.forEach((json, i) => {
      if (json) live.push(JSON.parse(json) as NodeRecord);
      // Expired: forgotten here; a node that comes back adds itself again on its next beat.
      else void this.#redis.srem(keys.nodes, ids[i]!).catch(() => undefined);
    });
    return live;
  }

  /**
   * The call's room: the one this client has open already, else opened on the node placed
   * for it. A node that started draining since its last report is skipped and the next one
   * tried. NoMediaNodeError when no live node may take the call; MediaNodeUnreachableError
   * (retryable) while this client's open room of the call sits on a node whose record is missing.
   */
  async createRoom(callId: string): Promise<RemoteMediaRoom> {
    const hostId = (await this.#redis.get(this.#bus.keys.call(callId))) ?? undefined;
    let nodes = await this.liveNodes();
    const mine = hostId === undefined ? undefined : this.#rooms.get(`${hostId}/${callId}`);
    if (mine && !mine.closed) {
      if (nodes.some((n) => n.id === hostId)) return mine;
      // Its node's record is missing: dead, or not yet back after a Redis restart. The watcher
      // decides within deadAfterMs (the room emits 'close' if the node is dead); until then, retry.
      throw new MediaNodeUnreachableError(mine.nodeId, 'dead');
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      const node = pickMediaNode(nodes, hostId, this.#options.placement);
      if (!node) break;
      try {
        const opened = await this.#bus.request<OpenedRoom>(node.id, 'openRoom', [callId, this.#bus.inbox]);
        return this.#adopt(node.id, opened);
      } catch (error) {
        if (!(error instanceof SfuError && error.code === 'MEDIA_NODE_DRAINING')) throw error;
        this.#log.info({ nodeId: node.id, callId }, 'placed on a node that just started draining; trying another');
        nodes = nodes.filter((n) => n.id !== node.id);
      }
    }
    throw new NoMediaNodeError(callId);
  }

  /** Fails requests in flight and stops reading the bus; the rooms stay on their nodes. */
  async close(): Promise<void> {
    await this.#bus.close();
  }

  #adopt(nodeId: string, opened: OpenedRoom): RemoteMediaRoom {
    const key = `${nodeId}/${opened.callId}`;
    const existing = this.#rooms.get(key);
    if (existing && !existing.closed) return existing;
    const room = new RemoteMediaRoom(this.#bus, nodeId, opened.callId, opened.rtpCapabilities, this.#options.logger);
    this.#rooms.set(key, room);
    room.once('close', () => {
      if (this.#rooms.get(key) === room) this.#rooms.delete(key);
    });
    return room;
  }

  /** Rooms on a node whose heartbeat stopped are lost: each emits 'close', as a local room with no worker left does. */
  #nodeDead(nodeId: string): void {
    for (const room of [...this.#rooms.values()]) {
      if (room.nodeId === nodeId && !room.closed) {
        this.#log.error({ nodeId, callId: room.callId }, 'media node stopped beating: its room is lost');
        room.lost();
      }
    }
  }

  #route(event: BusEvent): void {
    this.#rooms.get(`${event.nodeId}/${event.callId}`)?.deliver(event);
  }
}

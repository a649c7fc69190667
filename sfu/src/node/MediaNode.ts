import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { MediaNodeDrainingError, RoomClosedError } from '../errors';
import type { MediaRoom, MediaRoomEvents } from '../MediaRoom';
import { ROOM_OPERATIONS, type RoomOperation } from '../MediaRoomApi';
import type { Sfu } from '../Sfu';
import { BusServer } from './BusServer';
import { busKeys, type BusKeys, type NodeLoad, type NodeRecord } from './wire';

export interface MediaNodeOptions {
  /** A running Sfu; the node closes it on close(). */
  sfu: Sfu;
  redis: Redis;
  prefix: string;
  nodeId: string;
  logger: Logger;
  /** Heartbeat and load report interval, ms. The record expires after 3 intervals. Default 2000. */
  heartbeatMs?: number;
}

/** What the answer to openRoom carries. */
export interface OpenedRoom {
  callId: string;
  rtpCapabilities: MediaRoom['rtpCapabilities'];
}

const ROOM_EVENTS = ['close', 'reset', 'consumerclosed', 'consumerpaused', 'transportclosed', 'activespeaker', 'newproducer'] as const satisfies readonly (keyof MediaRoomEvents)[];
const OPERATIONS = new Set<string>(ROOM_OPERATIONS);

/** Deletes the call's host key only if it still names this node (another may host the call now). */
const RELEASE_CALL = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/**
 * A media node: one Sfu (its workers on this host) served over the bus. It registers itself
 * (id, announced address, load) with a heartbeat that expires when the process stops beating,
 * hosts at most one room per call, and sends each room's events to the inbox of the client
 * that opened it last (a signalling node taking over a call opens it again and gets them).
 *
 * Draining (SIGTERM): no new call, live calls served on; `drained` resolves when none is left.
 */
export class MediaNode {
  readonly id: string;
  readonly #sfu: Sfu;
  readonly #redis: Redis;
  readonly #keys: BusKeys;
  readonly #server: BusServer;
  readonly #log: Logger;
  readonly #heartbeatMs: number;
  readonly #rooms = new Map<string, { room: MediaRoom; inbox: string }>();
  /** Rooms being opened, per call, so two opens of one call get one room. */
  readonly #opening = new Map<string, Promise<OpenedRoom>>();
  readonly #startedAt = Date.now();
  #draining = false;
  #closed = false;
  #heartbeat: NodeJS.Timeout | undefined;
  #lastCpu: { at: number; byPid: Map<number, number> } | undefined;
  #load: NodeLoad = { rooms: 0, streams: 0, consumers: 0, cpu: 0, workers: 0 };
  readonly #drainedWaiters: (() => void)[] = [];

  constructor(options: MediaNodeOptions) {
    this.id = options.nodeId;
    this.#sfu = options.sfu;
    this.#redis = options.redis;
    this.#keys = busKeys(options.prefix);
    this.#heartbeatMs = options.heartbeatMs ?? 2000;
    this.#log = options.logger.child({ component: 'media-node', nodeId: options.nodeId });
    this.#server = new BusServer({
      redis: options.redis,
      prefix: options.prefix,
      nodeId: options.nodeId,
      logger: options.logger,
      handle: (op, args) => this.#handle(op, args),
    });
  }

  get draining(): boolean {
    return this.#draining;
  }

  get load(): NodeLoad {
    return this.#load;
  }

  /** Registers and starts serving. The Sfu must be running. */
  async start(): Promise<void> {
    await this.#beat();
    await this.#server.start();
    this.#heartbeat = setInterval(() => void this.#beat(), this.#heartbeatMs);
    this.#log.info({ address: this.#sfu.options.announcedAddress, heartbeatMs: this.#heartbeatMs }, 'media node serving');
  }

  /** No new calls from now on; resolves when the last live call's room has closed. */
  drain(): Promise<void> {
    if (!this.#draining) {
      this.#draining = true;
      this.#log.info({ rooms: this.#rooms.size }, 'draining: no new calls, live calls go on');
      void this.#beat();
    }
    return new Promise((resolve) => {
      if (this.#rooms.size === 0) resolve();
      else this.#drainedWaiters.push(resolve);
    });
  }

  /** Unregisters, stops serving, closes every room and the Sfu. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    await this.#server.close();
    await Promise.allSettled([this.#redis.del(this.#keys.node(this.id)), this.#redis.srem(this.#keys.nodes, this.id)]);
    await this.#sfu.close();
    this.#log.info('media node closed');
  }

  async #handle(op: string, args: unknown[]): Promise<unknown> {
    if (op === 'openRoom') return this.#openRoom(String(args[0]), String(args[1]));
    if (op === 'room') {
      const [callId, method, ...rest] = args;
      if (typeof method !== 'string' || !OPERATIONS.has(method)) throw new TypeError(`not a room operation: ${String(method)}`);
      const hosted = this.#rooms.get(String(callId));
      if (!hosted) throw new RoomClosedError(String(callId));
      const fn = hosted.room[method as RoomOperation] as (...a: unknown[]) => unknown;
      return fn.apply(hosted.room, rest);
    }
    throw new TypeError(`unknown media node operation: ${op}`);
  }

  /** The call's room here, made if this node does not host it yet; its events go to `inbox` from now on. */
  async #openRoom(callId: string, inbox: string): Promise<OpenedRoom> {
    const hosted = this.#rooms.get(callId);
    if (hosted) {
      hosted.inbox = inbox;
      return { callId, rtpCapabilities: hosted.room.rtpCapabilities };
    }
    const opening = this.#opening.get(callId);
    if (opening) return opening;
    if (this.#draining) throw new MediaNodeDrainingError(this.id);
    const open = this.#createRoom(callId, inbox).finally(() => this.#opening.delete(callId));
    this.#opening.set(callId, open);
    return open;
  }

  async #createRoom(callId: string, inbox: string): Promise<OpenedRoom> {
    const room = await this.#sfu.createRoom(callId);
    const hosted = { room, inbox };
    this.#rooms.set(callId, hosted);
    for (const name of ROOM_EVENTS) {
      room.on(name, (...data: unknown[]) => {
        this.#server.publish(hosted.inbox, { callId, name, data }).catch((error: unknown) => {
          this.#log.warn({ err: error, callId, event: name }, 'could not send a room event');
        });
      });
    }
    room.once('close', () => {
      this.#rooms.delete(callId);
      this.#redis.eval(RELEASE_CALL, 1, this.#keys.call(callId), this.id).catch((error: unknown) => {
        this.#log.warn({ err: error, callId }, 'could not release the call key');
      });
      if (this.#rooms.size === 0) for (const resolve of this.#drainedWaiters.splice(0)) resolve();
    });
    await this.#redis.set(this.#keys.call(callId), this.id);
    return { callId, rtpCapabilities: room.rtpCapabilities };
  }

  async #beat(): Promise<void> {
    try {
      this.#load = await this.#measure();
      const record: NodeRecord = {
        id: this.id,
        address: this.#sfu.options.announcedAddress,
        draining: this.#draining,
        startedAt: this.#startedAt,
        load: this.#load,
      };
      const beat = this.#redis
        .multi()
        .set(this.#keys.node(this.id), JSON.stringify(record), 'PX', this.#heartbeatMs * 3)
        .sadd(this.#keys.nodes, this.id);
      // A Redis restart without its data loses which node hosts which call: said again, unless another node claims the call now.
      for (const callId of this.#rooms.keys()) beat.set(this.#keys.call(callId), this.id, 'NX');
      await beat.exec();
    } catch (error) {
      this.#log.warn({ err: error }, 'heartbeat failed');
    }
  }

  /** Rooms and streams now; CPU as the busiest worker's share of a core since the last report. */
  async #measure(): Promise<NodeLoad> {
    const rooms = this.#sfu.rooms;
    const times = await this.#sfu.getWorkerCpuTimes();
    const now = Date.now();
    let cpu = 0;
    const last = this.#lastCpu;
    if (last && now > last.at) {
      for (const t of times) {
        const before = last.byPid.get(t.pid);
        if (before !== undefined) cpu = Math.max(cpu, (t.cpuMs - before) / (now - last.at));
      }
    }
    this.#lastCpu = { at: now, byPid: new Map(times.map((t) => [t.pid, t.cpuMs])) };
    return {
      rooms: rooms.length,
      streams: rooms.reduce((n, r) => n + r.streamCount, 0),
      consumers: rooms.reduce((n, r) => n + r.consumerCount, 0),
      cpu: Math.min(1, Math.round(cpu * 1000) / 1000),
      workers: times.length,
    };
  }
}

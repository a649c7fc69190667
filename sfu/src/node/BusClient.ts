import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { MediaNodeUnreachableError } from '../errors';
import { busKeys, decode, encode, fromWireError, type BusEvent, type BusKeys, type BusReply, type BusRequest } from './wire';

export interface BusClientOptions {
  redis: Redis;
  prefix: string;
  logger: Logger;
  /** Default time a request may take, ms. Default 10 000. */
  timeoutMs?: number;
  /** How often the nodes with requests in flight are checked for a heartbeat, ms. Default 1000. */
  livenessMs?: number;
  /**
   * How long a node's heartbeat record must stay missing before its requests fail, ms: more
   * than a node's reconnect delay plus one heartbeat, so a Redis restart (which loses every
   * record until the nodes' next heartbeat) is not taken for dead nodes. Default 5000.
   */
  deadAfterMs?: number;
  /** Block time of one inbox read, ms (bounds how long close() waits). Default 1000. */
  blockMs?: number;
}

interface Pending {
  nodeId: string;
  request: BusRequest;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** An inbox nobody reads any more (its client died) goes away after this long. */
const INBOX_TTL_MS = 10 * 60_000;

/**
 * The signalling node's end of the bus: sends requests to a media node's stream and reads
 * replies and room events from its own inbox stream.
 *
 * A request never hangs: it is answered, or fails with MediaNodeUnreachableError (retryable)
 * when its deadline passes or when its node's heartbeat record expired. After every Redis
 * reconnect the requests still in flight are sent again with the same id (a reply XADDed
 * just before a Redis restart is lost with the restart); the node answers each id once.
 */
export class BusClient {
  readonly clientId = randomUUID();
  readonly #redis: Redis;
  readonly #reader: Redis;
  readonly #keys: BusKeys;
  readonly #inbox: string;
  readonly #options: BusClientOptions;
  readonly #log: Logger;
  readonly #pending = new Map<string, Pending>();
  readonly #eventListeners = new Set<(event: BusEvent) => void>();
  readonly #deadListeners = new Set<(nodeId: string) => void>();
  /** Nodes watched besides those with requests in flight (the ones hosting open rooms). */
  #watched: () => Iterable<string> = () => [];
  #lastId = '0';
  #running = false;
  #loop: Promise<void> | undefined;
  #liveness: NodeJS.Timeout | undefined;
  /** Nodes with requests in flight whose record was missing at the last checks, since when. */
  readonly #missingSince = new Map<string, number>();
  readonly #onReady = () => {
    this.#missingSince.clear();
    this.#resend();
  };

  constructor(options: BusClientOptions) {
    this.#options = options;
    this.#redis = options.redis;
    this.#reader = options.redis.duplicate();
    this.#keys = busKeys(options.prefix);
    this.#inbox = this.#keys.inbox(this.clientId);
    this.#log = options.logger.child({ component: 'media-bus-client', clientId: this.clientId });
  }

  /** The stream replies and events for this client go to. */
  get inbox(): string {
    return this.#inbox;
  }

  get keys(): BusKeys {
    return this.#keys;
  }

  start(): void {
    this.#running = true;
    this.#redis.on('ready', this.#onReady);
    this.#loop = this.#readLoop();
    this.#liveness = setInterval(() => void this.#checkLiveness(), this.#options.livenessMs ?? 1000);
  }

  /** Every room event that reaches this client's inbox. */
  onEvent(listener: (event: BusEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  /**
   * Watches the nodes `nodes()` names, besides those with requests in flight: `listener` hears
   * of each whose heartbeat record stayed missing for `deadAfterMs`, once per check.
   */
  onNodeDead(nodes: () => Iterable<string>, listener: (nodeId: string) => void): void {
    this.#watched = nodes;
    this.#deadListeners.add(listener);
  }

  /**
   * Runs `op` on media node `nodeId`. `requestId` makes a caller's own retry idempotent
   * (default: a new id, so one call of request() runs at most once on the node).
   */
  request<T>(nodeId: string, op: string, args: unknown[], options: { timeoutMs?: number; requestId?: string } = {}): Promise<T> {
    if (!this.#running) return Promise.reject(new MediaNodeUnreachableError(nodeId, 'closed'));
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs ?? 10_000;
    const request: BusRequest = { id: options.requestId ?? randomUUID(), replyTo: this.#inbox, deadline: Date.now() + timeoutMs, op, args };
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => this.#fail(request.id, new MediaNodeUnreachableError(nodeId, 'timeout')), timeoutMs);
      this.#pending.set(request.id, { nodeId, request, resolve: resolve as (v: unknown) => void, reject, timer });
      this.#send(nodeId, request);
    });
  }

  /** Fails every request in flight (MediaNodeUnreachableError 'closed') and stops reading. */
  async close(): Promise<void> {
    this.#running = false;
    this.#redis.off('ready', this.#onReady);
    clearInterval(this.#liveness);
    for (const [id, p] of this.#pending) this.#fail(id, new MediaNodeUnreachableError(p.nodeId, 'closed'));
    this.#reader.disconnect();
    await this.#loop;
  }

  #send(nodeId: string, request: BusRequest): void {
    this.#redis.xadd(this.#keys.requests(nodeId), 'MAXLEN', '~', 10_000, '*', ...encode(request)).catch((error: unknown) => {
      // Sent again after the reconnect; the deadline still bounds the wait.
      this.#log.warn({ err: error, requestId: request.id, nodeId }, 'could not send a request; will resend after reconnecting');
    });
  }

  #resend(): void {
    if (this.#pending.size === 0) return;
    this.#log.info({ requests: this.#pending.size }, 'Redis reconnected: sending the requests in flight again');
    for (const p of this.#pending.values()) this.#send(p.nodeId, p.request);
  }

  #fail(id: string, error: Error): void {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    clearTimeout(p.timer);
    p.reject(error);
  }

  async #readLoop(): Promise<void> {
    while (this.#running) {
      try {
        const result = (await this.#reader.call('XREAD', 'COUNT', 100, 'BLOCK', this.#options.blockMs ?? 1000, 'STREAMS', this.#inbox, this.#lastId)) as
          | [string, [string, string[]][]][]
          | null;
        for (const [entryId, fields] of result?.[0]?.[1] ?? []) {
          this.#lastId = entryId;
          this.#dispatch(decode<BusReply | BusEvent>(fields));
        }
      } catch (error) {
        if (!this.#running) return;
        this.#log.warn({ err: error }, 'reading the inbox failed; retrying');
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  #dispatch(message: BusReply | BusEvent | undefined): void {
    if (message?.kind === 'event') {
      for (const listener of this.#eventListeners) {
        try {
          listener(message);
        } catch (error) {
          this.#log.error({ err: error, event: message.name }, 'media event listener threw');
        }
      }
      return;
    }
    if (message?.kind !== 'reply') return;
    const p = this.#pending.get(message.id);
    // Unknown: a second answer to a resent request, or an answer after the deadline.
    if (!p) return;
    this.#pending.delete(message.id);
    clearTimeout(p.timer);
    if (message.ok) p.resolve(message.value);
    else p.reject(fromWireError(message.error));
  }

  /** Requests to a node whose heartbeat record expired fail now, not at their deadline. */
  async #checkLiveness(): Promise<void> {
    try {
      await this.#redis.pexpire(this.#inbox, INBOX_TTL_MS);
      const nodes = new Set([...this.#pending.values()].map((p) => p.nodeId).concat([...this.#watched()]));
      for (const nodeId of this.#missingSince.keys()) if (!nodes.has(nodeId)) this.#missingSince.delete(nodeId);
      for (const nodeId of nodes) {
        if ((await this.#redis.exists(this.#keys.node(nodeId))) === 1) {
          this.#missingSince.delete(nodeId);
          continue;
        }
        const since = this.#missingSince.get(nodeId) ?? Date.now();
        this.#missingSince.set(nodeId, since);
        if (Date.now() - since < (this.#options.deadAfterMs ?? 5000)) continue;
        for (const [id, p] of this.#pending) {
          if (p.nodeId === nodeId) this.#fail(id, new MediaNodeUnreachableError(nodeId, 'dead'));
        }
        for (const listener of this.#deadListeners) listener(nodeId);
      }
    } catch (error) {
      // Redis away: the deadlines still hold.
      this.#log.debug({ err: error }, 'liveness check failed');
    }
  }
}

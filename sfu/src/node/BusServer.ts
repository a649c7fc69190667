import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { REQUEST_GROUP, busKeys, decode, encode, toWireError, type BusEvent, type BusKeys, type BusReply, type BusRequest } from './wire';

export interface BusServerOptions {
  redis: Redis;
  prefix: string;
  nodeId: string;
  /** Runs one request; what it returns or throws is the reply. */
  handle: (op: string, args: unknown[]) => Promise<unknown>;
  logger: Logger;
  /** How long a reply is kept for a retry with the same request id (≥ the longest deadline). Default 60 s. */
  replyMemoryMs?: number;
  /** Block time of one read, ms (bounds how long close() waits for the loop). Default 1000. */
  blockMs?: number;
}

/** A request that ran or is running: a retry gets the same answer instead of a second run. */
interface Remembered {
  reply: Promise<BusReply>;
  expires: number;
}

const READ_COUNT = 32;
/** Stream length kept per request stream and inbox (approximate trimming: cheap). */
const STREAM_MAX_LEN = 10_000;

/**
 * The media node's end of the bus: reads its request stream through a consumer group,
 * runs each request once, and XADDs the reply to the caller's inbox.
 *
 * - Deadline: a request whose deadline passed is acknowledged and dropped unrun (its caller
 *   has given up), so a node that restarts does not replay old work.
 * - Idempotent: the reply is remembered by request id; a retry (the caller resends after a
 *   Redis reconnect) joins the running request or gets the remembered reply.
 * - Left by a previous run of this node id: the group's pending entries (read, never
 *   acknowledged) are not run again: the rooms they named went with the old process. They
 *   are acknowledged and, if their caller still waits, answered MEDIA_UNAVAILABLE.
 * - Redis restarted without its data (no group): the group is made again and reading goes on.
 */
export class BusServer {
  readonly #redis: Redis;
  /** Blocking reads get a connection of their own. */
  readonly #reader: Redis;
  readonly #keys: BusKeys;
  readonly #stream: string;
  readonly #consumer: string;
  readonly #options: BusServerOptions;
  readonly #log: Logger;
  readonly #remembered = new Map<string, Remembered>();
  #running = false;
  #loop: Promise<void> | undefined;

  constructor(options: BusServerOptions) {
    this.#options = options;
    this.#redis = options.redis;
    this.#reader = options.redis.duplicate();
    this.#keys = busKeys(options.prefix);
    this.#stream = this.#keys.requests(options.nodeId);
    this.#consumer = options.nodeId;
    this.#log = options.logger.child({ component: 'media-bus-server', nodeId: options.nodeId });
  }

  async start(): Promise<void> {
    await this.#ensureGroup();
    await this.#answerLeftovers();
    this.#running = true;
    this.#loop = this.#readLoop();
  }

  /** Publishes an event of one room to the inbox of the client that drives it. */
  async publish(inbox: string, event: Omit<BusEvent, 'kind' | 'nodeId'>): Promise<void> {
    const message: BusEvent = { kind: 'event', nodeId: this.#options.nodeId, ...event };
    await this.#redis.xadd(inbox, 'MAXLEN', '~', STREAM_MAX_LEN, '*', ...encode(message));
  }

  /** Stops reading; requests being run finish and reply. */
  async close(): Promise<void> {
    this.#running = false;
    this.#reader.disconnect();
    await this.#loop;
  }

  async #ensureGroup(): Promise<void> {
    try {
      // From '0': after a Redis restart, requests added to the new stream before the group are read too.
      await this.#redis.xgroup('CREATE', this.#stream, REQUEST_GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
  }

  /** Entries a previous run of this node read and never acknowledged. */
  async #answerLeftovers(): Promise<void> {
    const entries = await this.#read('0', undefined);
    for (const [entryId, request] of entries) {
      if (request && request.deadline > Date.now()) {
        this.#log.warn({ requestId: request.id, op: request.op }, 'request left by an earlier run of this node: answered as failed');
        await this.#reply(request, {
          kind: 'reply',
          id: request.id,
          ok: false,
          error: { name: 'SfuError', code: 'MEDIA_UNAVAILABLE', message: 'the media node restarted while running this request' },
        });
      }
      await this.#redis.xack(this.#stream, REQUEST_GROUP, entryId);
    }
  }

  async #readLoop(): Promise<void> {
    while (this.#running) {
      try {
        const entries = await this.#read('>', this.#options.blockMs ?? 1000);
        for (const [entryId, request] of entries) this.#accept(entryId, request);
      } catch (error) {
        if (!this.#running) return;
        if (String(error).includes('NOGROUP')) {
          this.#log.warn('request stream or group gone (Redis restarted without data?): making it again');
          await this.#ensureGroup().catch((e: unknown) => this.#log.warn({ err: e }, 'could not make the request group'));
          continue;
        }
        this.#log.warn({ err: error }, 'reading requests failed; retrying');
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** XREADGROUP on the blocking connection; entries whose JSON does not parse come back as undefined. */
  async #read(from: '0' | '>', blockMs: number | undefined): Promise<[string, BusRequest | undefined][]> {
    const block = blockMs === undefined ? [] : ['BLOCK', blockMs];
    const result = (await this.#reader.call(
      'XREADGROUP', 'GROUP', REQUEST_GROUP, this.#consumer, 'COUNT', READ_COUNT, ...block, 'STREAMS', this.#stream, from,
    )) as [string, [string, string[] | null][]][] | null;
    const entries = result?.[0]?.[1] ?? [];
    return entries.map(([entryId, fields]) => [entryId, fields ? decode<BusRequest>(fields) : undefined]);
  }

  #accept(entryId: string, request: BusRequest | undefined): void {
    const ack = () => this.#redis.xack(this.#stream, REQUEST_GROUP, entryId).catch((e: unknown) => this.#log.warn({ err: e }, 'xack failed'));
    if (!request || typeof request.id !== 'string' || typeof request.replyTo !== 'string' || !Array.isArray(request.args)) {
      this.#log.warn({ entryId }, 'malformed request on the bus: dropped');
      void ack();
      return;
    }
    this.#forgetExpired();
    const known = this.#remembered.get(request.id);
    if (known) {
      // A retry: the same answer again, to the inbox the retry names.
      void known.reply.then((reply) => this.#reply(request, reply)).finally(ack);
      return;
    }
    if (request.deadline <= Date.now()) {
      this.#log.info({ requestId: request.id, op: request.op }, 'request past its deadline: dropped unrun');
      void ack();
      return;
    }
    const reply = this.#run(request);
    this.#remembered.set(request.id, { reply, expires: Date.now() + (this.#options.replyMemoryMs ?? 60_000) });
    void reply.then((r) => this.#reply(request, r)).finally(ack);
  }

  async #run(request: BusRequest): Promise<BusReply> {
    try {
      const value = await this.#options.handle(request.op, request.args);
      return { kind: 'reply', id: request.id, ok: true, value: value ?? null };
    } catch (error) {
      return { kind: 'reply', id: request.id, ok: false, error: toWireError(error) };
    }
  }

  async #reply(request: BusRequest, reply: BusReply): Promise<void> {
    try {
      await this.#redis.xadd(request.replyTo, 'MAXLEN', '~', STREAM_MAX_LEN, '*', ...encode(reply));
    } catch (error) {
      // The caller resends after a reconnect and gets the remembered reply then.
      this.#log.warn({ err: error, requestId: request.id }, 'could not send a reply');
    }
  }

  #forgetExpired(): void {
    const now = Date.now();
    for (const [id, entry] of this.#remembered) {
      if (entry.expires < now) this.#remembered.delete(id);
    }
  }
}

import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { NotCallOwnerError, STORED_CHAT_LIMIT, type CallStateStore, type StoredCall, type StoredCallState, type StoredChatMessage, type StoredSeat } from './CallStateStore';

export interface RedisCallStateStoreOptions {
  /** Key prefix, e.g. 'vl:' (tests: one of their own). */
  prefix: string;
  /**
   * A call's state expires this long after its owner last renewed its lease: a call no
   * process carries on (every node gone) does not stay in Redis for good.
   */
  stateTtlMs?: number;
}

// Every write checks the lease in the same script, so a process that lost its lease cannot
// overwrite what the new owner wrote. The call's keys share one hash tag ({callId}), so the
// scripts also run on Redis Cluster.
const OWNER_ONLY = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end`;

const SCRIPTS = {
  acquire: `local h = redis.call('GET', KEYS[1])
if h and h ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`,
  renew: `${OWNER_ONLY}
redis.call('PEXPIRE', KEYS[1], ARGV[2])
for i = 2, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
return 1`,
  release: `${OWNER_ONLY}
redis.call('DEL', KEYS[1])
return 1`,
  // KEYS: lease, record, seats, keys, chat. ARGV: node, state TTL, record, then (participant id, seat, key hash) per seat.
  save: `${OWNER_ONLY}
redis.call('HSET', KEYS[2], 'record', ARGV[3])
redis.call('DEL', KEYS[3], KEYS[4])
for i = 4, #ARGV, 3 do
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
  redis.call('HSET', KEYS[4], ARGV[i + 2], ARGV[i])
end
for i = 2, 5 do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
return 1`,
  // KEYS: lease, record, chat. ARGV: node, state TTL, message, limit.
  appendChat: `${OWNER_ONLY}
if redis.call('EXISTS', KEYS[2]) == 0 then return 1 end
redis.call('RPUSH', KEYS[3], ARGV[3])
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[4]), -1)
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return 1`,
  remove: `${OWNER_ONLY}
redis.call('DEL', unpack(KEYS))
return 1`,
} as const;

const keyHash = (resumeKey: string) => createHash('sha256').update(resumeKey).digest('hex');

/**
 * Live calls' state in Redis (issue 13): per call a hash with its record, a hash of its
 * seats, a hash from each seat's resume key (as SHA-256) to its participant id, a list of
 * its chat and the lease key. Takes the app's ioredis connection; never closes it.
 */
export class RedisCallStateStore implements CallStateStore {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #stateTtlMs: number;

  constructor(redis: Redis, options: RedisCallStateStoreOptions) {
    this.#redis = redis;
    this.#prefix = options.prefix;
    this.#stateTtlMs = options.stateTtlMs ?? 60 * 60_000;
  }

  async acquireLease(callId: string, nodeId: string, ttlMs: number): Promise<boolean> {
    return (await this.#run('acquire', [this.#keys(callId).lease], [nodeId, ttlMs])) === 1;
  }

  async renewLease(callId: string, nodeId: string, ttlMs: number): Promise<boolean> {
    const k = this.#keys(callId);
    return (await this.#run('renew', [k.lease, k.record, k.seats, k.resumeKeys, k.chat], [nodeId, ttlMs, this.#stateTtlMs])) === 1;
  }

  async releaseLease(callId: string, nodeId: string): Promise<void> {
    await this.#run('release', [this.#keys(callId).lease], [nodeId]);
  }

  async leaseHolder(callId: string): Promise<string | undefined> {
    return (await this.#redis.get(this.#keys(callId).lease)) ?? undefined;
  }

  async save(nodeId: string, call: StoredCall, seats: readonly StoredSeat[]): Promise<void> {
    const k = this.#keys(call.callId);
    const perSeat = seats.flatMap((s) => [s.participantId, JSON.stringify(s), keyHash(s.resumeKey)]);
    const done = await this.#run('save', [k.lease, k.record, k.seats, k.resumeKeys, k.chat], [nodeId, this.#stateTtlMs, JSON.stringify(call), ...perSeat]);
    if (done !== 1) throw new NotCallOwnerError(call.callId);
  }

  async appendChat(nodeId: string, callId: string, message: StoredChatMessage): Promise<void> {
    const k = this.#keys(callId);
    const done = await this.#run('appendChat', [k.lease, k.record, k.chat], [nodeId, this.#stateTtlMs, JSON.stringify(message), STORED_CHAT_LIMIT]);
    if (done !== 1) throw new NotCallOwnerError(callId);
  }

  async remove(nodeId: string, callId: string): Promise<void> {
    const k = this.#keys(callId);
    const done = await this.#run('remove', [k.lease, k.record, k.seats, k.resumeKeys, k.chat], [nodeId]);
    if (done !== 1) throw new NotCallOwnerError(callId);
  }

  async load(callId: string): Promise<StoredCallState | undefined> {
    const k = this.#keys(callId);
    const [[, record], [, seats], [, chat]] = (await this.#redis.multi().hget(k.record, 'record').hvals(k.seats).lrange(k.chat, 0, -1).exec()) as [
      [null, string | null],
      [null, string[]],
      [null, string[]],
    ];
    if (!record) return undefined;
    return {
      call: JSON.parse(record) as StoredCall,
      seats: seats.map((s) => JSON.parse(s) as StoredSeat),
      chat: chat.map((m) => JSON.parse(m) as StoredChatMessage),
    };
  }

  async seatByResumeKey(callId: string, resumeKey: string): Promise<StoredSeat | undefined> {
    const k = this.#keys(callId);
    const participantId = await this.#redis.hget(k.resumeKeys, keyHash(resumeKey));
    const seat = participantId ? await this.#redis.hget(k.seats, participantId) : null;
    return seat ? (JSON.parse(seat) as StoredSeat) : undefined;
  }

  #keys(callId: string) {
    const base = `${this.#prefix}call:{${callId}}`;
    return { record: base, seats: `${base}:seats`, resumeKeys: `${base}:keys`, chat: `${base}:chat`, lease: `${base}:lease` };
  }

  #run(script: keyof typeof SCRIPTS, keys: string[], args: (string | number)[]): Promise<unknown> {
    return this.#redis.eval(SCRIPTS[script], keys.length, ...keys, ...args);
  }
}

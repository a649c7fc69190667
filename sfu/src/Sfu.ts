import { availableParallelism } from 'node:os';
import * as mediasoup from 'mediasoup';
import { pino, type Logger } from 'pino';
import { MediaUnavailableError, SfuNotRunningError } from './errors';
import { MediaRoom } from './MediaRoom';
import type { MediaRoomFactory } from './MediaRoomApi';
import { MediaWorker } from './MediaWorker';
import { pickLeastLoaded } from './placement';
import { resolveSfuOptions, type ResolvedSfuOptions, type SfuOptions } from './SfuOptions';
import { TypedEmitter } from '@videoloket/contracts/emitter';
import type { WorkerDiedEvent, WorkerInfo, WorkerReplacedEvent } from './types';

export interface SfuEvents extends Record<string, unknown[]> {
  /**
   * A worker process died. Its rooms are already unusable (their methods
   * throw MediaUnavailableError); each will emit 'reset' once moved to a
   * live worker, or 'close' if none is left.
   */
  workerdied: [WorkerDiedEvent];
  /** A new worker took the dead one's index and ports. */
  workerreplaced: [WorkerReplacedEvent];
  /** Starting a replacement failed; the dead worker's rooms went to the remaining workers. */
  workerreplacefailed: [{ workerIndex: number; error: Error }];
}

const REPLACE_ATTEMPTS = 3;
const REPLACE_RETRY_MS = 500;

/**
 * The SFU: a pool of mediasoup workers and one MediaRoom (router) per call.
 * Knows nothing of Socket.IO; signalling drives it through MediaRoom's
 * methods and listens to its events.
 *
 * Worker death: 'workerdied' → (replacement started, 'workerreplaced') →
 * every affected room is moved to the least-loaded live worker and emits
 * 'reset' with the new router's RTP capabilities; signalling then tells its
 * clients to recreate transports, producers and consumers.
 */
export class Sfu extends TypedEmitter<SfuEvents> implements MediaRoomFactory {
  readonly options: ResolvedSfuOptions;
  /** Parent of every component logger (each child sets its own `component`). */
  readonly #root: Logger;
  readonly #log: Logger;
  /** Slot per worker index; undefined while a dead worker is being replaced. */
  readonly #workers: (MediaWorker | undefined)[] = [];
  #state: 'new' | 'starting' | 'running' | 'closed' = 'new';
  #closing: Promise<void> | undefined;

  constructor(options: SfuOptions = {}) {
    super();
    // Default: one worker per CPU core.
    this.options = resolveSfuOptions({ cpuCount: availableParallelism(), ...options });
    this.#root = options.logger ?? pino({ level: 'info' });
    this.#log = this.#root.child({ component: 'sfu' });
  }

  get running(): boolean {
    return this.#state === 'running';
  }

  /** Starts the workers and their WebRtcServers. Rejects (and cleans up) if any fails. */
  async start(): Promise<void> {
    if (this.#state !== 'new') throw new Error(`Sfu.start() called in state ${this.#state}`);
    this.#state = 'starting';
    const mediasoupLog = this.#root.child({ component: 'mediasoup' });
    mediasoup.setLogEventListeners({
      onwarn: (namespace, log) => mediasoupLog.warn({ namespace }, log),
      onerror: (namespace, log, error) => mediasoupLog.error({ namespace, err: error }, log),
    });
    const results = await Promise.allSettled(
      Array.from({ length: this.options.workerCount }, (_, i) => MediaWorker.create(i, this.options, this.#root)),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const r of results) {
      if (r.status === 'fulfilled') this.#install(r.value);
    }
    if (failed || !this.#isOpen()) {
      for (const w of this.#workers) w?.close();
      this.#workers.length = 0;
      this.#state = 'closed';
      throw failed?.reason ?? new SfuNotRunningError(true);
    }
    this.#state = 'running';
    this.#log.info({ workers: this.options.workerCount, mediasoup: mediasoup.version }, 'sfu started');
  }

  /**
   * A new room on the least-loaded worker. `callId` labels it (logs, stats); the caller
   * owns it — signalling's Call creates one per call and closes it — so the SFU keeps no
   * map of calls: the workers know which rooms they host.
   */
  async createRoom(callId: string): Promise<MediaRoom> {
    this.#assertRunning();
    const host = this.#leastLoaded();
    if (!host) throw new MediaUnavailableError(callId);
    const room = await MediaRoom.create(callId, host, this.options, this.#root);
    if (this.#state !== 'running') {
      room.close();
      throw new SfuNotRunningError(true);
    }
    return room;
  }

  /** Open rooms on live workers. */
  get rooms(): MediaRoom[] {
    return this.#live().flatMap((w) => w.hostedRooms as MediaRoom[]);
  }

  /** Live workers with their load and bound ports (for metrics, tests and the firewall check). */
  getWorkers(): WorkerInfo[] {
    return this.#live().map((w) => ({
      index: w.index,
      pid: w.pid,
      rooms: w.rooms,
      streams: w.streams,
      udpPort: w.udpPort,
      tcpPort: w.tcpPort,
    }));
  }

  /**
   * CPU time each live worker process has used so far, ms (user + system, from mediasoup's
   * getResourceUsage): a media node turns two readings into its load report.
   */
  async getWorkerCpuTimes(): Promise<{ index: number; pid: number; cpuMs: number }[]> {
    return Promise.all(
      this.#live().map(async (w) => {
        const usage = await w.worker.getResourceUsage();
        return { index: w.index, pid: w.pid, cpuMs: usage.ru_utime + usage.ru_stime };
      }),
    );
  }

  /** Closes every room and worker; resolves when the worker processes have exited. Safe to call twice. */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#state = 'closed';
    for (const room of this.rooms) room.close();
    const exits = this.#live().map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.worker.subprocessClosed) return resolve();
          w.worker.once('subprocessclose', () => resolve());
          w.close();
        }),
    );
    this.#workers.length = 0;
    this.#closing = Promise.all(exits).then(() => this.#log.info('sfu closed'));
    return this.#closing;
  }

  #install(worker: MediaWorker): void {
    this.#workers[worker.index] = worker;
    worker.once('died', (error) => {
      void this.#onWorkerDied(worker, error);
    });
  }

  async #onWorkerDied(dead: MediaWorker, error: Error): Promise<void> {
    if (this.#workers[dead.index] === dead) this.#workers[dead.index] = undefined;
    const rooms = dead.hostedRooms.map((r) => r as MediaRoom);
    this.emit('workerdied', { workerIndex: dead.index, pid: dead.pid, error, callIds: rooms.map((r) => r.callId) });
    if (this.#state === 'closed') return;

    const replacement = await this.#replace(dead.index);
    // close() may have run while we waited for the new worker.
    if (!this.#isOpen()) {
      replacement?.close();
      for (const room of rooms) room.close();
      return;
    }
    if (replacement) {
      this.#install(replacement);
      this.emit('workerreplaced', { workerIndex: dead.index, oldPid: dead.pid, newPid: replacement.pid });
    }

    for (const room of rooms) {
      if (room.closed) continue;
      const host = this.#leastLoaded();
      if (!host) {
        this.#log.error({ callId: room.callId }, 'no live worker left; closing room');
        room.close();
        continue;
      }
      try {
        await room.moveTo(host);
      } catch (moveError) {
        this.#log.error({ err: moveError, callId: room.callId }, 'could not move room to a new worker; closing it');
        room.close();
      }
    }
  }

  async #replace(index: number): Promise<MediaWorker | undefined> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= REPLACE_ATTEMPTS; attempt++) {
      if (this.#state === 'closed') return undefined;
      try {
        return await MediaWorker.create(index, this.options, this.#root);
      } catch (error) {
        lastError = error;
        this.#log.warn({ err: error, workerIndex: index, attempt }, 'starting replacement worker failed');
        // The dead process's sockets may take a moment to be released.
        await new Promise((r) => setTimeout(r, REPLACE_RETRY_MS));
      }
    }
    const error = lastError instanceof Error ? lastError : new Error(String(lastError));
    this.emit('workerreplacefailed', { workerIndex: index, error });
    return undefined;
  }

  #live(): MediaWorker[] {
    return this.#workers.filter((w): w is MediaWorker => w !== undefined && !w.closed);
  }

  #leastLoaded(): MediaWorker | undefined {
    return pickLeastLoaded(this.#live());
  }

  /** A method, not a field read, so TypeScript does not narrow #state across awaits. */
  #isOpen(): boolean {
    return this.#state !== 'closed';
  }

  #assertRunning(): void {
    if (this.#state !== 'running') throw new SfuNotRunningError(this.#state === 'closed');
  }

  protected override listenerFailed(error: unknown, event: string): void {
    this.#log.error({ err: error, event }, 'sfu event listener threw');
  }
}

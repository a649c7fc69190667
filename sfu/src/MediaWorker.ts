import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import type { ResolvedSfuOptions } from './SfuOptions';
import { TypedEmitter } from '@videoloket/contracts/emitter';
import type { WorkerLoad } from './placement';

export interface MediaWorkerEvents extends Record<string, unknown[]> {
  /** The worker process exited unexpectedly. Not emitted after close(). */
  died: [Error];
}

/** Anything hosted on a worker that counts towards its load. */
export interface HostedRoom {
  readonly callId: string;
  /** Producers + consumers. */
  readonly streamCount: number;
}

/**
 * One mediasoup worker process plus its WebRtcServer. Worker `index` owns
 * UDP port udpBasePort + index and TCP port tcpBasePort + index, so all
 * WebRTC media of that worker goes through those two ports whatever the
 * number of calls, and a replacement worker takes the same ports again.
 */
export class MediaWorker extends TypedEmitter<MediaWorkerEvents> implements WorkerLoad {
  readonly index: number;
  readonly worker: types.Worker;
  readonly webRtcServer: types.WebRtcServer;
  readonly udpPort: number;
  readonly tcpPort: number;
  readonly #rooms = new Set<HostedRoom>();
  readonly #log: Logger;
  #closed = false;

  static async create(index: number, options: ResolvedSfuOptions, logger: Logger): Promise<MediaWorker> {
    const signalListeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
    const worker = await mediasoup.createWorker({
      logLevel: options.workerLogLevel,
      logTags: ['info', 'ice', 'dtls', 'rtp', 'srtp', 'rtcp'],
      rtcMinPort: options.rtcPortRange.min,
      rtcMaxPort: options.rtcPortRange.max,
      appData: { index },
    });
    // mediasoup (since 3.2x) closes its workers itself on the process's SIGINT/SIGTERM. The
    // process decides when media stops: a media node drains on SIGTERM with its calls still
    // running, the desk ends its calls cleanly first. So its handlers are taken off again.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal)) if (!signalListeners[signal].includes(listener)) process.removeListener(signal, listener);
    }
    try {
      const listen = (protocol: 'udp' | 'tcp', base: number): types.TransportListenInfo => ({
        protocol,
        ip: options.listenIp,
        announcedAddress: options.announcedAddress,
        // Port 0/undefined: the worker picks a free one from rtcPortRange (tests).
        ...(base === 0 ? {} : { port: base + index }),
      });
      const webRtcServer = await worker.createWebRtcServer({
        listenInfos: [listen('udp', options.udpBasePort), listen('tcp', options.tcpBasePort)],
      });
      const dump = await webRtcServer.dump();
      const udpPort = dump.udpSockets[0]?.port ?? 0;
      const tcpPort = dump.tcpServers[0]?.port ?? 0;
      return new MediaWorker(index, worker, webRtcServer, udpPort, tcpPort, logger);
    } catch (error) {
      worker.close();
      throw error;
    }
  }

  private constructor(
    index: number,
    worker: types.Worker,
    webRtcServer: types.WebRtcServer,
    udpPort: number,
    tcpPort: number,
    logger: Logger,
  ) {
    super();
    this.index = index;
    this.worker = worker;
    this.webRtcServer = webRtcServer;
    this.udpPort = udpPort;
    this.tcpPort = tcpPort;
    this.#log = logger.child({ component: 'media-worker', workerIndex: index, pid: worker.pid });
    this.#log.info({ udpPort, tcpPort }, 'worker started');
    worker.on('died', (error) => {
      if (this.#closed) return;
      this.#closed = true;
      this.#log.error({ err: error }, 'worker died');
      this.emit('died', error);
    });
  }

  protected override listenerFailed(error: unknown, event: string): void {
    this.#log.error({ err: error, event }, 'worker event listener threw');
  }

  get pid(): number {
    return this.worker.pid;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get rooms(): number {
    return this.#rooms.size;
  }

  get streams(): number {
    let n = 0;
    for (const room of this.#rooms) n += room.streamCount;
    return n;
  }

  get hostedRooms(): HostedRoom[] {
    return [...this.#rooms];
  }

  attach(room: HostedRoom): void {
    this.#rooms.add(room);
  }

  detach(room: HostedRoom): void {
    this.#rooms.delete(room);
  }

  createRouter(mediaCodecs: types.RouterRtpCodecCapability[], callId: string): Promise<types.Router> {
    return this.worker.createRouter({ mediaCodecs, appData: { callId } });
  }

  /** Stops the worker process. Safe to call twice; rooms must be closed or moved first. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#rooms.clear();
    this.worker.close();
    this.#log.info('worker closed');
  }
}

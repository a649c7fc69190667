import type { Logger } from 'pino';
import { InvalidSfuOptionsError } from './errors';

/**
 * What the SFU needs from the process's config module. The SFU reads no
 * environment variables itself.
 */
export interface SfuOptions {
  /** Number of mediasoup workers (processes). Default: `cpuCount`. */
  workerCount?: number;
  /** Used for the default workerCount. Sfu fills in `os.availableParallelism()`. */
  cpuCount?: number;
  /** Local address the WebRtcServers and plain transports bind to. Default '0.0.0.0'. */
  listenIp?: string;
  /**
   * Address (IP or host name) put into ICE candidates and given to SIP/RTP
   * peers, e.g. the public IP in front of NAT. Default: the listen IP, or
   * 127.0.0.1 when listening on all interfaces.
   */
  announcedAddress?: string;
  /**
   * WebRTC media ports. Worker i listens on udpBasePort + i (UDP) and
   * tcpBasePort + i (TCP), so the whole SFU uses 2 × workerCount ports.
   * 0 lets the OS choose free ports (tests). Default 40000 for both.
   */
  udpBasePort?: number;
  tcpBasePort?: number;
  /**
   * Port range for plain (SIP/RTP) and pipe transports; WebRTC media does
   * not use it. Default 40100–40999.
   */
  rtcPortRange?: { min: number; max: number };
  /**
   * Initial outgoing bitrate estimate for WebRTC transports, bps. Default 300 000: a receiver
   * starts on the smallest simulcast layer (150 kbit/s) and climbs as the estimate grows, so a
   * weak phone's first seconds are not frozen under layers it cannot carry (issue 16).
   */
  initialAvailableOutgoingBitrate?: number;
  /** Cap on what one client may send us, bps (0 = no cap). Default 3 000 000. */
  maxIncomingBitrate?: number;
  /** mediasoup worker log level. Default 'warn'. */
  workerLogLevel?: 'debug' | 'warn' | 'error' | 'none';
  /** Active speaker detection interval, ms. Default 300. */
  activeSpeakerInterval?: number;
  /** pino logger; the SFU makes one child per component. Default: a new pino logger at level 'info'. */
  logger?: Logger;
}

/** SfuOptions with every default filled in and checked. */
export interface ResolvedSfuOptions {
  workerCount: number;
  listenIp: string;
  announcedAddress: string;
  udpBasePort: number;
  tcpBasePort: number;
  rtcPortRange: { min: number; max: number };
  initialAvailableOutgoingBitrate: number;
  maxIncomingBitrate: number;
  workerLogLevel: 'debug' | 'warn' | 'error' | 'none';
  activeSpeakerInterval: number;
}

const isPort = (n: number, allowZero: boolean) => Number.isInteger(n) && n >= (allowZero ? 0 : 1) && n <= 65535;

/** Fills in defaults and throws InvalidSfuOptionsError on nonsense. Pure. */
export function resolveSfuOptions(options: SfuOptions = {}): ResolvedSfuOptions {
  const cpuCount = options.cpuCount ?? 1;
  const workerCount = options.workerCount ?? Math.max(1, cpuCount);
  if (!Number.isInteger(workerCount) || workerCount < 1 || workerCount > 256) {
    throw new InvalidSfuOptionsError(`workerCount must be an integer from 1 to 256, got ${workerCount}`);
  }

  const listenIp = options.listenIp ?? '0.0.0.0';
  const wildcard = listenIp === '0.0.0.0' || listenIp === '::';
  const announcedAddress = options.announcedAddress ?? (wildcard ? '127.0.0.1' : listenIp);
  if (announcedAddress === '0.0.0.0' || announcedAddress === '::' || announcedAddress === '') {
    throw new InvalidSfuOptionsError('announcedAddress must be an address clients can reach');
  }

  const udpBasePort = options.udpBasePort ?? 40000;
  const tcpBasePort = options.tcpBasePort ?? 40000;
  for (const [name, base] of [['udpBasePort', udpBasePort], ['tcpBasePort', tcpBasePort]] as const) {
    if (!isPort(base, true) || (base !== 0 && base + workerCount - 1 > 65535)) {
      throw new InvalidSfuOptionsError(`${name} ${base} + ${workerCount} workers does not fit in 1–65535`);
    }
  }

  const rtcPortRange = options.rtcPortRange ?? { min: 40100, max: 40999 };
  if (!isPort(rtcPortRange.min, false) || !isPort(rtcPortRange.max, false) || rtcPortRange.min > rtcPortRange.max) {
    throw new InvalidSfuOptionsError(`rtcPortRange ${rtcPortRange.min}–${rtcPortRange.max} is not a valid port range`);
  }
  const overlaps = (base: number) =>
    base !== 0 && base <= rtcPortRange.max && base + workerCount - 1 >= rtcPortRange.min;
  if (overlaps(udpBasePort) || overlaps(tcpBasePort)) {
    throw new InvalidSfuOptionsError('the WebRTC ports (base port + worker index) overlap rtcPortRange');
  }

  const initialAvailableOutgoingBitrate = options.initialAvailableOutgoingBitrate ?? 300_000;
  const maxIncomingBitrate = options.maxIncomingBitrate ?? 3_000_000;
  if (!(initialAvailableOutgoingBitrate > 0) || !(maxIncomingBitrate >= 0)) {
    throw new InvalidSfuOptionsError('bitrates must be positive');
  }
  const activeSpeakerInterval = options.activeSpeakerInterval ?? 300;
  if (!Number.isInteger(activeSpeakerInterval) || activeSpeakerInterval < 100) {
    throw new InvalidSfuOptionsError('activeSpeakerInterval must be an integer ≥ 100 ms');
  }

  return {
    workerCount,
    listenIp,
    announcedAddress,
    udpBasePort,
    tcpBasePort,
    rtcPortRange: { ...rtcPortRange },
    initialAvailableOutgoingBitrate,
    maxIncomingBitrate,
    workerLogLevel: options.workerLogLevel ?? 'warn',
    activeSpeakerInterval,
  };
}

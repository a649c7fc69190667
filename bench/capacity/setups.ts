// The two things compared, given the same streams: "ours" is the sfu package as signalling
// drives it (Sfu with its worker settings, one MediaRoom per call with its active-speaker
// observer, the MediaRoom calls CallMedia makes for a participant); "bare" is mediasoup
// alone (a worker with mediasoup's defaults, a router per call with the same codecs,
// transports, producers and consumers, nothing else).
import { mediasoup, type mediasoupTypes as types } from '@videoloket/sfu/testing';
import { pino } from 'pino';
import { mediaCodecs, Sfu, type MediaRoom, type RtpParameters } from '@videoloket/sfu';
import { AUDIO_LEVEL_EXTENSION_ID, AUDIO_PT, VIDEO_PT } from './rtp';

export type SetupName = 'ours' | 'bare';

/** The SSRCs one participant sends with. */
export interface ParticipantSsrcs {
  audio: number;
  /** One per simulcast layer, lowest first. */
  video: number[];
}

export interface MediaSetup {
  readonly name: SetupName;
  /** The worker process measured. */
  readonly pid: number;
  /**
   * Opens one 1:1 call: both participants send audio and simulcast video and receive the
   * other's. Returns the port each participant sends to.
   */
  addCall(index: number, participants: readonly [ParticipantSsrcs, ParticipantSsrcs], receiverPorts: readonly [number, number]): Promise<[number, number]>;
  /** Ends the most recently opened call. */
  removeLastCall(): void;
  close(): Promise<void>;
}

const LOCALHOST = '127.0.0.1';
const videoFeedback = [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }];

/** What a browser sends for its microphone: Opus with the audio level (the active-speaker observer reads it). */
export function audioParameters(ssrc: number): RtpParameters {
  return {
    codecs: [{ mimeType: 'audio/opus', payloadType: AUDIO_PT, clockRate: 48_000, channels: 2, parameters: { useinbandfec: 1 }, rtcpFeedback: [] }],
    headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level', id: AUDIO_LEVEL_EXTENSION_ID }],
    encodings: [{ ssrc }],
  };
}

/** Camera VP8 in simulcast, one SSRC per layer (as a browser's SDP gives them). */
export function videoParameters(ssrcs: readonly number[]): RtpParameters {
  return {
    codecs: [{ mimeType: 'video/VP8', payloadType: VIDEO_PT, clockRate: 90_000, rtcpFeedback: videoFeedback }],
    headerExtensions: [],
    encodings: ssrcs.map((ssrc) => ({ ssrc, scalabilityMode: 'L1T1' })),
  };
}

/** What the receiving bots can take: the same codecs, NACK/PLI/FIR like a browser. */
export const botRtpCapabilities: types.RtpCapabilities = {
  codecs: [
    { kind: 'audio', mimeType: 'audio/opus', preferredPayloadType: AUDIO_PT, clockRate: 48_000, channels: 2, rtcpFeedback: [] },
    { kind: 'video', mimeType: 'video/VP8', preferredPayloadType: VIDEO_PT, clockRate: 90_000, rtcpFeedback: videoFeedback },
  ],
  headerExtensions: [],
};

const PEERS = ['a', 'b'] as const;

/** The sfu package as signalling uses it: Sfu.createRoom, then MediaRoom's methods per participant. */
export async function startOurs(portRange: { min: number; max: number }): Promise<MediaSetup> {
  const sfu = new Sfu({
    workerCount: 1,
    listenIp: LOCALHOST,
    udpBasePort: 0,
    tcpBasePort: 0,
    rtcPortRange: portRange,
    // 'error': the worker's warnings (RTP inactivity when the bots stop feeding a setup)
    // still cross the channel as in production, but do not flood the bench's output.
    logger: pino({ level: 'error' }),
  });
  await sfu.start();
  const pid = sfu.getWorkers()[0]!.pid;
  const rooms: MediaRoom[] = [];
  return {
    name: 'ours',
    pid,
    async addCall(index, participants, receiverPorts) {
      const room = await sfu.createRoom(`bench-call-${index}`);
      rooms.push(room);
      const sendPorts: number[] = [];
      const producers: string[][] = [];
      for (const [i, peer] of PEERS.entries()) {
        const send = await room.createPlainTransport(peer, { direction: 'send' });
        const recv = await room.createPlainTransport(peer, { direction: 'recv' });
        await room.connectPlainTransport(peer, recv.id, { ip: LOCALHOST, port: receiverPorts[i]! });
        const ssrcs = participants[i]!;
        const audio = await room.produce(peer, send.id, { kind: 'audio', source: 'microphone', rtpParameters: audioParameters(ssrcs.audio) });
        const video = await room.produce(peer, send.id, { kind: 'video', source: 'camera', rtpParameters: videoParameters(ssrcs.video) });
        sendPorts.push(send.port);
        producers.push([audio.id, video.id]);
      }
      for (const [i, peer] of PEERS.entries()) {
        for (const producerId of producers[1 - i]!) {
          const consumer = await room.consume(peer, producerId, botRtpCapabilities);
          await room.resumeConsumer(peer, consumer.id);
        }
      }
      return [sendPorts[0]!, sendPorts[1]!];
    },
    removeLastCall: () => rooms.pop()?.close(),
    close: () => sfu.close(),
  };
}

/** mediasoup alone, with its defaults. */
export async function startBare(portRange: { min: number; max: number }): Promise<MediaSetup> {
  const worker = await mediasoup.createWorker({ rtcMinPort: portRange.min, rtcMaxPort: portRange.max });
  const listenInfo = { protocol: 'udp', ip: LOCALHOST } as const;
  const routers: types.Router[] = [];
  return {
    name: 'bare',
    pid: worker.pid,
    async addCall(_index, participants, receiverPorts) {
      const router = await worker.createRouter({ mediaCodecs });
      routers.push(router);
      const sendPorts: number[] = [];
      const producers: types.Producer[][] = [];
      const recvs: types.PlainTransport[] = [];
      for (const [i, ssrcs] of participants.entries()) {
        const send = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: true });
        const recv = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: false });
        await recv.connect({ ip: LOCALHOST, port: receiverPorts[i]! });
        const audio = await send.produce({ kind: 'audio', rtpParameters: audioParameters(ssrcs.audio) });
        const video = await send.produce({ kind: 'video', rtpParameters: videoParameters(ssrcs.video) });
        sendPorts.push(send.tuple.localPort);
        producers.push([audio, video]);
        recvs.push(recv);
      }
      for (const [i, recv] of recvs.entries()) {
        for (const producer of producers[1 - i]!) {
          const consumer = await recv.consume({ producerId: producer.id, rtpCapabilities: botRtpCapabilities, paused: true });
          await consumer.resume();
        }
      }
      return [sendPorts[0]!, sendPorts[1]!];
    },
    removeLastCall: () => routers.pop()?.close(),
    close: () =>
      new Promise<void>((resolve) => {
        if (worker.subprocessClosed) return resolve();
        worker.once('subprocessclose', () => resolve());
        worker.close();
      }),
  };
}

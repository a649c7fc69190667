import type { types } from 'mediasoup';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LimitReachedError, NotFoundError, type MediaRoom, type Sfu } from '../src';
import { startSfu, waitFor } from './helpers';

// Alternates on a real worker: a producer's second encoding in another codec, consumed by
// peers that cannot decode the first (an H264-only browser and a VP8 camera).

const H264_PARAMETERS = { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 };

function vp8(ssrc: number): types.RtpParameters {
  return { codecs: [{ mimeType: 'video/VP8', clockRate: 90000, payloadType: 96, rtcpFeedback: [] }], encodings: [{ ssrc }] };
}

function h264(ssrc: number): types.RtpParameters {
  return { codecs: [{ mimeType: 'video/H264', clockRate: 90000, payloadType: 102, parameters: H264_PARAMETERS, rtcpFeedback: [] }], encodings: [{ ssrc }] };
}

const H264_ONLY: types.RtpCapabilities = {
  codecs: [{ kind: 'video', mimeType: 'video/H264', clockRate: 90000, preferredPayloadType: 102, parameters: H264_PARAMETERS, rtcpFeedback: [] }],
  headerExtensions: [],
};

let sfu: Sfu;
let room: MediaRoom;
let clerkSend: string;

beforeEach(async () => {
  sfu = await startSfu({ workerCount: 1 });
  room = await sfu.createRoom('alternates');
  clerkSend = (await room.createPlainTransport('clerk', { direction: 'send' })).id;
  await room.createPlainTransport('citizen', { direction: 'recv' });
  await room.createPlainTransport('interpreter', { direction: 'recv' });
});

afterEach(async () => {
  await sfu.close();
});

const camera = (rtpParameters: types.RtpParameters, alternateOf?: string) => ({
  kind: 'video' as const,
  rtpParameters,
  source: 'camera' as const,
  ...(alternateOf ? { alternateOf } : {}),
});

describe('alternate encodings', () => {
  it('an H264-only peer is told whom to ask for H264, then gets the alternate; a VP8 peer keeps the VP8 producer', async () => {
    const primary = await room.produce('clerk', clerkSend, camera(vp8(1111)));
    await expect(room.consume('citizen', primary.id, H264_ONLY)).rejects.toMatchObject({ code: 'CANNOT_CONSUME' });
    expect(room.alternateWanted(primary.id, H264_ONLY)).toEqual({ peerId: 'clerk', mimeType: 'video/H264' });

    const alternate = await room.produce('clerk', clerkSend, camera(h264(2222), primary.id));
    expect(alternate.alternateOf).toBe(primary.id);
    // Nothing more to ask for once the alternate is there.
    expect(room.alternateWanted(primary.id, H264_ONLY)).toBeUndefined();

    const h264Consumer = await room.consume('citizen', primary.id, H264_ONLY);
    expect(h264Consumer.producerId).toBe(alternate.id);
    expect((h264Consumer.rtpParameters.codecs[0]?.mimeType ?? '').toLowerCase()).toBe('video/h264');

    const vp8Consumer = await room.consume('interpreter', primary.id, room.rtpCapabilities);
    expect(vp8Consumer.producerId).toBe(primary.id);
  });

  it('pausing the producer pauses its alternate; closing it closes the alternate', async () => {
    const primary = await room.produce('clerk', clerkSend, camera(vp8(1111)));
    const alternate = await room.produce('clerk', clerkSend, camera(h264(2222), primary.id));
    await room.pauseProducer('clerk', primary.id);
    expect(room.listProducers('clerk').find((p) => p.id === alternate.id)?.paused).toBe(true);
    await room.resumeProducer('clerk', primary.id);
    expect(room.listProducers('clerk').find((p) => p.id === alternate.id)?.paused).toBe(false);
    await room.closeProducer('clerk', primary.id);
    await waitFor('the alternate closed with its producer', () => room.listProducers('clerk').length === 0);
  });

  it('refuses an alternate of someone else’s producer, of an alternate, in the same codec, of another source, or a second one', async () => {
    const citizenSend = (await room.createPlainTransport('citizen', { direction: 'send' })).id;
    const citizenCamera = await room.produce('citizen', citizenSend, camera(vp8(3333)));
    const primary = await room.produce('clerk', clerkSend, camera(vp8(1111)));
    const mic = await room.produce('clerk', clerkSend, {
      kind: 'audio',
      source: 'microphone',
      rtpParameters: { codecs: [{ mimeType: 'audio/opus', clockRate: 48000, payloadType: 101, channels: 2 }], encodings: [{ ssrc: 4444 }] },
    });
    const before = room.listProducers().map((p) => p.id).sort();

    await expect(room.produce('clerk', clerkSend, camera(h264(2222), citizenCamera.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(room.produce('clerk', clerkSend, camera(h264(2222), 'no-such-producer'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(room.produce('clerk', clerkSend, camera(vp8(2222), primary.id))).rejects.toBeInstanceOf(LimitReachedError);
    await expect(room.produce('clerk', clerkSend, { ...camera(h264(2222), primary.id), source: 'screen' })).rejects.toBeInstanceOf(LimitReachedError);
    await expect(room.produce('clerk', clerkSend, { ...camera(h264(2222), mic.id), source: 'microphone' })).rejects.toBeInstanceOf(LimitReachedError);
    expect(room.listProducers().map((p) => p.id).sort()).toEqual(before);

    const alternate = await room.produce('clerk', clerkSend, camera(h264(2222), primary.id));
    await expect(room.produce('clerk', clerkSend, camera(h264(5555), primary.id))).rejects.toBeInstanceOf(LimitReachedError);
    await expect(room.produce('clerk', clerkSend, camera(vp8(5555), alternate.id))).rejects.toBeInstanceOf(LimitReachedError);
    // A second camera that is no alternate is refused as before.
    await expect(room.produce('clerk', clerkSend, camera(h264(6666)))).rejects.toBeInstanceOf(LimitReachedError);
    expect(room.listProducers()).toHaveLength(before.length + 1);
  });

  it('asks for no alternate of audio, or for a peer that can decode no router video codec', async () => {
    const primary = await room.produce('clerk', clerkSend, camera(vp8(1111)));
    expect(room.alternateWanted(primary.id, { codecs: [], headerExtensions: [] })).toBeUndefined();
    const mic = await room.produce('clerk', clerkSend, {
      kind: 'audio',
      source: 'microphone',
      rtpParameters: { codecs: [{ mimeType: 'audio/opus', clockRate: 48000, payloadType: 101, channels: 2 }], encodings: [{ ssrc: 4444 }] },
    });
    expect(room.alternateWanted(mic.id, H264_ONLY)).toBeUndefined();
  });
});

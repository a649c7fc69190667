import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FFMPEG_SOURCE, opusRtpParameters, sfuPerTest, waitFor } from './helpers';

// The worker beyond WebRTC: RTP from Debian's ffmpeg into a PlainTransport,
// forwarded by the router to a plain RTP receiver. Counts come from the
// worker's own stats and from packets actually arriving on a UDP socket.

const bed = sfuPerTest({ workerCount: 1 });

describe('PlainTransport fed by ffmpeg', () => {
  it('receives Opus RTP and forwards it only to a peer that consumes it', async () => {
    const room = await bed.sfu.createRoom('sip-call');
    const ssrc = 22_334_455;
    const send = await room.createPlainTransport('gateway', FFMPEG_SOURCE);
    expect(send.ip).toBe('127.0.0.1');
    const producer = await room.produce('gateway', send.id, {
      kind: 'audio',
      rtpParameters: opusRtpParameters(ssrc),
      source: 'microphone',
    });
    bed.ffmpegOpus(send, ssrc);

    // Producer side: packets counted by the worker.
    const first = await waitFor('producer packets', async () => {
      const s = (await room.getStats()).producers.find((p) => p.id === producer.id);
      return s && s.packetCount > 10 ? s : undefined;
    });
    expect(first.kind).toBe('audio');
    expect(first.byteCount).toBeGreaterThan(first.packetCount * 12);

    // Two receivers: one consumes, one is in the waiting room (transport, no consumer).
    const sink = await bed.rtpSink();
    const listen = await room.createPlainTransport('clerk', { direction: 'recv' });
    await room.connectPlainTransport('clerk', listen.id, { ip: '127.0.0.1', port: sink.port });
    const waiting = await room.createPlainTransport('citizen', { direction: 'recv' });
    const waitingSink = await bed.rtpSink();
    await room.connectPlainTransport('citizen', waiting.id, { ip: '127.0.0.1', port: waitingSink.port });

    const consumer = await room.consume('clerk', producer.id, room.rtpCapabilities);
    expect(consumer.producerPaused).toBe(false);
    // Consumers start paused: nothing flows before resume.
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.packets()).toBe(0);
    await room.resumeConsumer('clerk', consumer.id);

    await waitFor('packets at the sink', () => sink.packets() > 20);
    const stats = await room.getStats();
    const c = stats.consumers.find((x) => x.id === consumer.id);
    expect(c?.packetCount).toBeGreaterThan(20);
    expect(c?.paused).toBe(false);
    const p = stats.producers.find((x) => x.id === producer.id)!;
    expect(p.packetCount).toBeGreaterThan(first.packetCount);

    // The waiting peer got nothing: no bytes sent on its transport, no packets at its socket.
    const w = stats.transports.find((t) => t.id === waiting.id);
    expect(w?.bytesSent).toBe(0);
    expect(waitingSink.packets()).toBe(0);

    // Producer paused (mute): consumers are told and forwarding stops.
    const paused: boolean[] = [];
    room.on('consumerpaused', (e) => paused.push(e.paused));
    await room.pauseProducer('gateway', producer.id);
    await new Promise((r) => setTimeout(r, 300));
    const before = sink.packets();
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.packets()).toBe(before);
    await room.resumeProducer('gateway', producer.id);
    await waitFor('packets after resume', () => sink.packets() > before + 10);
    expect(paused).toEqual([true, false]);
  });

  it('decrypts SRTP from ffmpeg (libsrtp2 behind the libsrtp 3 API)', async () => {
    const room = await bed.sfu.createRoom('srtp-call');
    const ssrc = 33_445_566;
    const send = await room.createPlainTransport('gateway', { ...FFMPEG_SOURCE, srtp: true });
    expect(send.srtpParameters?.cryptoSuite).toBe('AES_CM_128_HMAC_SHA1_80');
    const keyBase64 = randomBytes(30).toString('base64'); // 16-byte key + 14-byte salt
    await room.connectPlainTransport('gateway', send.id, {
      srtpParameters: { cryptoSuite: 'AES_CM_128_HMAC_SHA1_80', keyBase64 },
    });
    const producer = await room.produce('gateway', send.id, {
      kind: 'audio',
      rtpParameters: opusRtpParameters(ssrc),
      source: 'microphone',
    });
    bed.ffmpegOpus(send, ssrc, keyBase64);
    const stats = await waitFor('decrypted packets', async () => {
      const s = (await room.getStats()).producers.find((p) => p.id === producer.id);
      return s && s.packetCount > 20 ? s : undefined;
    });
    // Nothing was refused: every packet that reached the transport was decrypted.
    expect(stats.packetsLost).toBe(0);
  });
});

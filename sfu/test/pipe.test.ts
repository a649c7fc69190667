import { describe, expect, it } from 'vitest';
import { FFMPEG_SOURCE, opusRtpParameters, sfuPerTest, waitFor } from './helpers';

// Scale-out: a producer in a room on one worker piped into a room on another
// worker (pipeToRouter), consumed there.

const bed = sfuPerTest({ workerCount: 2 });

describe('pipeToRouter between workers', () => {
  // With srtp the pipe runs through libsrtp2 and our libsrtp 3 compatibility
  // header (protect on A, unprotect on B).
  it.each([{ srtp: false }, { srtp: true }])('carries RTP from a producer on worker A to a consumer on worker B (%j)', async ({ srtp }) => {
    const a = await bed.sfu.createRoom('origin');
    const b = await bed.sfu.createRoom('edge');
    expect(b.workerPid).not.toBe(a.workerPid);

    const ssrc = 55_667_788;
    const send = await a.createPlainTransport('gateway', FFMPEG_SOURCE);
    const producer = await a.produce('gateway', send.id, { kind: 'audio', rtpParameters: opusRtpParameters(ssrc), source: 'microphone' });
    bed.ffmpegOpus(send, ssrc);

    const { pipeProducerId } = await a.pipeProducerTo(producer.id, b, { targetPeerId: 'remote-gateway', srtp });
    expect(b.listProducers('remote-gateway').map((p) => p.id)).toEqual([pipeProducerId]);

    const sink = await bed.rtpSink();
    const recv = await b.createPlainTransport('listener', { direction: 'recv' });
    await b.connectPlainTransport('listener', recv.id, { ip: '127.0.0.1', port: sink.port });
    const consumer = await b.consume('listener', pipeProducerId, b.rtpCapabilities);
    await b.resumeConsumer('listener', consumer.id);

    await waitFor('piped packets at the sink', () => sink.packets() > 20);

    // The pipe consumer on A counted what went through the pipe...
    const pipe = await waitFor('pipe stats', async () => {
      const s = (await a.getStats()).pipes[0];
      return s && s.packetCount > 20 ? s : undefined;
    });
    expect(pipe.targetCallId).toBe('edge');
    expect(pipe.producerId).toBe(producer.id);
    // ...the piped producer on B received it, and B's consumer sent it on.
    const bStats = await b.getStats();
    expect(bStats.producers.find((p) => p.id === pipeProducerId)?.packetCount).toBeGreaterThan(20);
    expect(bStats.consumers.find((c) => c.id === consumer.id)?.packetCount).toBeGreaterThan(20);

    // Closing the source producer closes the piped one and B's consumer is told.
    const closed = new Promise((resolve) => b.once('consumerclosed', resolve));
    await a.closeProducer('gateway', producer.id);
    await expect(closed).resolves.toMatchObject({ peerId: 'listener', consumerId: consumer.id, reason: 'producer-closed' });
    expect(b.listProducers()).toEqual([]);
    expect((await a.getStats()).pipes).toEqual([]);
  });
});

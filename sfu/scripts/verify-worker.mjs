#!/usr/bin/env node
// Smoke test for the mediasoup worker binary: starts a Worker, a Router with
// our codecs, a WebRtcServer and a WebRtcTransport on it, prints what it got,
// and exits non-zero on any failure. Run by scripts/setup.d/30-mediasoup-worker.sh
// after a build; by hand: `node sfu/scripts/verify-worker.mjs`.
import * as mediasoup from 'mediasoup';

const started = Date.now();
const worker = await mediasoup.createWorker({ logLevel: 'warn' });
try {
  const router = await worker.createRouter({
    mediaCodecs: [
      { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
      { kind: 'video', mimeType: 'video/VP8', clockRate: 90000 },
      { kind: 'video', mimeType: 'video/H264', clockRate: 90000, parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' } },
    ],
  });
  const webRtcServer = await worker.createWebRtcServer({
    listenInfos: [
      { protocol: 'udp', ip: '127.0.0.1' },
      { protocol: 'tcp', ip: '127.0.0.1' },
    ],
  });
  const transport = await router.createWebRtcTransport({ webRtcServer, enableUdp: true, enableTcp: true });
  const plain = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, comedia: true });
  const candidates = transport.iceCandidates.map((c) => `${c.protocol}:${c.address}:${c.port}`).join(' ');
  console.log(
    `    worker ok: mediasoup ${mediasoup.version}, bin ${mediasoup.workerBin}, pid ${worker.pid}, ` +
      `${router.rtpCapabilities.codecs?.length} codecs, ICE ${candidates}, plain udp ${plain.tuple.localPort} ` +
      `(${Date.now() - started} ms)`,
  );
} finally {
  worker.close();
}

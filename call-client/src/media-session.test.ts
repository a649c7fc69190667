import { describe, expect, it, vi } from 'vitest';
import { testFakeParameters } from 'mediasoup-client';
import type { IceConfig, TransportOptions } from '@videoloket/contracts';
import { MediaSession, PreparedDevice, type TransportPair } from './media-session';
import type { CallSocket } from './socket';

// A Chromium whose codec reading (two throw-away peer connections) is counted.
const nativeReads = vi.hoisted(() => [] as string[]);
vi.mock('mediasoup-client', async (original) => ({ ...(await original<typeof import('mediasoup-client')>()), detectDevice: () => 'Chrome111' }));
vi.mock('mediasoup-client/handlers/Chrome111', async () => {
  const { testFakeParameters: fake } = await import('mediasoup-client');
  return {
    Chrome111: {
      createFactory: () => ({
        name: 'Chrome111',
        factory: () => {
          throw new Error('no transports in this test');
        },
        getNativeRtpCapabilities: async ({ direction }: { direction: string }) => {
          nativeReads.push(direction);
          return fake.generateNativeRtpCapabilities();
        },
        getNativeSctpCapabilities: async () => fake.generateNativeSctpCapabilities(),
      }),
    },
  };
});

// Admission after a wait (issue 11 item 4, bench:join): the transport pair made while waiting
// is taken over instead of asked for again, with the TURN credentials only an admitted seat gets.

const turn: IceConfig = { iceServers: [{ urls: ['turn:127.0.0.1:3478'], username: '1:seat', credential: 'c' }], iceTransportPolicy: 'all', expiresInSeconds: 600 };

const transport = (id: string, ice: IceConfig): TransportOptions => ({ id, iceParameters: {}, iceCandidates: [], dtlsParameters: {}, ice });

/** A socket that answers every request at once and remembers what was asked. */
function fakeSocket() {
  const asked: string[] = [];
  let made = 0;
  const socket = {
    connected: true,
    request: async (event: string, payload: { direction?: string }) => {
      asked.push(payload.direction ? `${event} ${payload.direction}` : event);
      if (event === 'media:createTransport') return transport(`asked-${payload.direction}-${++made}`, turn);
      if (event === 'media:iceConfig') return turn;
      throw new Error(`unexpected ${event}`);
    },
  } as unknown as CallSocket;
  return { socket, asked };
}

/** A loaded mediasoup-client Device stand-in: records the options its transports were made with. */
function fakeDevice() {
  const created: { direction: string; id: string; iceServers: unknown }[] = [];
  const make = (direction: string) => (o: { id: string; iceServers?: unknown }) => {
    created.push({ direction, id: o.id, iceServers: o.iceServers });
    return { id: o.id, direction, closed: false, on() {}, close() {} };
  };
  const device = { createSendTransport: make('send'), createRecvTransport: make('recv'), canProduce: () => true, rtpCapabilities: {} };
  return { prepared: { capabilitiesKey: '{}', loaded: Promise.resolve(device) } as unknown as PreparedDevice, created };
}

const hooks = { onRemoteTracksChanged: () => undefined, onError: (err: unknown) => { throw err; } };

describe('MediaSession.start', () => {
  it('takes over the pair made while waiting: no new transports, the admitted seat’s TURN credentials on both', async () => {
    const { socket, asked } = fakeSocket();
    const { prepared, created } = fakeDevice();
    const noRelay: IceConfig = { iceServers: [], iceTransportPolicy: 'all' };
    const early: Promise<TransportPair> = Promise.resolve([transport('early-send', noRelay), transport('early-recv', noRelay)]);
    const media = new MediaSession(socket, hooks);
    const started = media.start(prepared, {}, {}, early);
    // Asked before start() first waits: nothing the page does next (rendering the call) holds it back.
    expect(asked).toEqual(['media:iceConfig']);
    await started;
    expect(asked).toEqual(['media:iceConfig']);
    expect(created).toEqual([
      { direction: 'send', id: 'early-send', iceServers: turn.iceServers },
      { direction: 'recv', id: 'early-recv', iceServers: turn.iceServers },
    ]);
    media.close();
  });

  it('asks for both transports when none was made while waiting, or making them failed', async () => {
    for (const early of [undefined, Promise.reject(new Error('CONFLICT'))]) {
      const { socket, asked } = fakeSocket();
      const { prepared, created } = fakeDevice();
      const media = new MediaSession(socket, hooks);
      await media.start(prepared, {}, {}, early);
      // (With a failed pair the admitted seat's TURN credentials were already asked for: unused, harmless.)
      expect(asked.filter((a) => a !== 'media:iceConfig').sort()).toEqual(['media:createTransport recv', 'media:createTransport send']);
      expect(created.map((c) => c.id).sort()).toEqual(['asked-recv-2', 'asked-send-1'].sort());
      media.close();
    }
  });
});

describe('PreparedDevice', () => {
  it('reads the browser’s codecs once per page, however many devices load (a rejoin, a worker replaced)', async () => {
    const router = testFakeParameters.generateRouterRtpCapabilities();
    const first = await PreparedDevice.prepare(router).loaded;
    const second = await PreparedDevice.prepare(router).loaded;
    expect(nativeReads.sort()).toEqual(['recvonly', 'sendonly']);
    expect(first.loaded && second.loaded).toBe(true);
    expect(second.rtpCapabilities).toEqual(first.rtpCapabilities);
  });
});

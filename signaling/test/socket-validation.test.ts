import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientRequests } from '@videoloket/contracts';
import { connect, request, startTestServer, type ClientSocket, type TestServer } from './support';

// Every client event, fed garbage: each must answer with an error acknowledgement,
// and neither the socket nor the process may go down.

let server: TestServer;
let clerk: ClientSocket;
let citizen: ClientSocket;
let clerkToken: string;
let callId: string;

beforeAll(async () => {
  server = await startTestServer();
  const token = await server.login();
  const call = await server.createCall(token);
  clerkToken = token;
  callId = call.call.callId;
  clerk = await connect(server.app.url, { token, callId });
  expect(await request(clerk, 'call:join', {})).toMatchObject({ ok: true });
  citizen = await connect(server.app.url, { token: call.citizenToken });
  expect(await request(citizen, 'call:join', { displayName: 'Jan' })).toMatchObject({ ok: true, data: { self: { status: 'waiting' } } });
});

afterAll(async () => {
  clerk?.close();
  citizen?.close();
  await server?.stop();
});

const events = Object.keys(clientRequests);
const malformed: [string, unknown][] = [
  ['null', null],
  ['a string', 'hello'],
  ['a number', 42],
  ['an array', [1, 2, 3]],
  ['unknown fields', { evil: true, __proto__: { polluted: true } }],
  ['oversized fields', { displayName: 'x'.repeat(200_000), text: 'x'.repeat(200_000), participantId: 'x'.repeat(200_000), transportId: 'y'.repeat(100_000) }],
  ['wrong types', { displayName: 12, text: [], participantId: {}, direction: 'sideways', producerId: null }],
];

describe('every client event rejects malformed payloads with an error acknowledgement', () => {
  for (const event of events) {
    it(event, async () => {
      // A socket per event, so the per-socket rate limit does not kick in.
      const socket = await connect(server.app.url, { token: clerkToken, callId });
      for (const [what, payload] of malformed) {
        const ack = await request(socket, event, payload);
        expect(ack, `${event} with ${what}`).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      }
      expect(socket.connected).toBe(true);
      socket.close();
    });
  }
});

describe('roles and the waiting room are enforced on the server', () => {
  it('refuses clerk-only events from a citizen', async () => {
    for (const event of ['call:admit', 'call:refuse', 'call:remove']) {
      const ack = await request(citizen, event, { participantId: 'abc' });
      expect(ack, event).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await request(citizen, 'call:end', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('gives a waiting citizen no connected transport, no consumer and no chat', async () => {
    // It may make its transport pair while it waits, but not connect it (waiting-transports.test.ts).
    expect(await request(citizen, 'media:connectTransport', { transportId: 'abc', dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AB' }] } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(citizen, 'media:consume', { producerId: 'p', rtpCapabilities: {} })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(citizen, 'chat:send', { text: 'hallo' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('answers an event without acknowledgement callback without crashing', async () => {
    (citizen as unknown as { emit: (e: string, p: unknown) => void }).emit('chat:send', { text: 'no ack' });
    expect(await request(citizen, 'media:consume', { producerId: 'p', rtpCapabilities: {} })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(citizen.connected).toBe(true);
  });

  it('refuses a handshake without or with a forged token', async () => {
    await expect(connect(server.app.url, { token: 'nonsense' })).rejects.toThrow('UNAUTHENTICATED');
    await expect(connect(server.app.url, { token: '' })).rejects.toThrow('UNAUTHENTICATED');
  });
});

describe('floods', () => {
  it('answers a flood with RATE_LIMITED and serves the socket again after a pause', async () => {
    const socket = await connect(server.app.url, { token: clerkToken, callId });
    const acks = await Promise.all(Array.from({ length: 120 }, () => request(socket, 'chat:send', { text: 'spam' })));
    const limited = acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length;
    expect(limited).toBeGreaterThan(40);
    await new Promise((r) => setTimeout(r, 500));
    // Served again: the payload is looked at (and found wanting) rather than rate-limited.
    expect(await request(socket, 'chat:send', { text: '' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(socket.connected).toBe(true);
    socket.close();
  });
});

describe('after all that', () => {
  it('still serves a new call end to end', async () => {
    expect(clerk.connected && citizen.connected).toBe(true);
    const token = await server.login();
    const call = await server.createCall(token, 'Nieuw gesprek');
    const newClerk = await connect(server.app.url, { token, callId: call.call.callId });
    const join = await request(newClerk, 'call:join', {});
    expect(join).toMatchObject({ ok: true, data: { self: { role: 'clerk', status: 'admitted' } } });
    expect((join as { data: { routerRtpCapabilities: { codecs: unknown[] } } }).data.routerRtpCapabilities.codecs.length).toBeGreaterThan(0);
    newClerk.close();
  });
});

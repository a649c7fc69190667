import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IceConfig, TransportOptions } from '@videoloket/contracts';
import { turnPassword } from '../src/turn/TurnCredentials';
import { allocates, startCoturn, type RunningCoturn } from './coturn';
import { join, request, socketPool, startTestServer, type ClientSocket, type TestServer } from './support';

// Issue 16 item 1: per-seat TURN credentials against the real coturn (Debian's package,
// started by scripts/services/coturn.sh like `npm start` does).

let coturn: RunningCoturn;
let server: TestServer;
let clerkToken: string;
let serverLog = '';
const pool = socketPool(() => server, () => clerkToken);
// Everything the server logs, at the most talkative level, to look for secrets in.
const logger = pino(
  { level: 'trace' },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      serverLog += chunk.toString();
      done();
    },
  }),
);

beforeAll(async () => {
  coturn = await startCoturn({ listenIp: '127.0.0.1', peerIp: '127.0.0.1' });
  server = await startTestServer(
    { TURN_URLS: coturn.urls.join(','), TURN_SECRET: coturn.secret, TURN_CREDENTIAL_TTL_SECONDS: '300', LOG_LEVEL: 'trace' },
    { logger },
  );
  clerkToken = await server.login();
});

afterAll(async () => {
  pool.closeAll();
  await server?.stop();
  await coturn?.stop();
});

/** A call with the clerk in it and a citizen admitted. */
async function admittedCitizen(): Promise<{ clerk: ClientSocket; citizen: ClientSocket; citizenSeat: string; clerkSeat: string }> {
  const call = await pool.openCall('TURN');
  const clerkSeat = (await join(call.clerk)).self.participantId; // joining again on the same socket is idempotent
  const citizen = await pool.open({ token: call.citizenToken });
  const joined = await join(citizen, { displayName: 'Ilse' });
  expect(await request(call.clerk, 'call:admit', { participantId: joined.self.participantId })).toMatchObject({ ok: true });
  return { clerk: call.clerk, citizen, citizenSeat: joined.self.participantId, clerkSeat };
}

async function transportIce(socket: ClientSocket): Promise<IceConfig> {
  const ack = await request(socket, 'media:createTransport', { direction: 'send' });
  if (!ack.ok) throw new Error(JSON.stringify(ack.error));
  return (ack.data as TransportOptions).ice;
}

describe('TURN credentials', () => {
  it('come with the transport: the configured URLs, username <expiry>:<own seat>, working on UDP, TCP and TLS', async () => {
    const { citizen, citizenSeat } = await admittedCitizen();
    const before = Math.floor(Date.now() / 1000);
    const ice = await transportIce(citizen);
    expect(ice.iceTransportPolicy).toBe('all');
    expect(ice.expiresInSeconds).toBe(300);
    const [entry] = ice.iceServers;
    expect(entry!.urls).toEqual(coturn.urls);
    const [expiry, seat] = entry!.username.split(':');
    expect(seat).toBe(citizenSeat);
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 300);
    expect(Number(expiry)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 300);
    for (const over of ['udp', 'tcp', 'tls'] as const) {
      expect(await allocates(coturn, over, entry!.username, entry!.credential), over).toBe(true);
    }
  });

  it('an expired credential (right secret, expiry passed) and a forged one are refused by coturn', async () => {
    const expired = `${Math.floor(Date.now() / 1000) - 5}:seat-x`;
    expect(await allocates(coturn, 'udp', expired, turnPassword(coturn.secret, expired))).toBe(false);
    expect(await allocates(coturn, 'tls', expired, turnPassword(coturn.secret, expired))).toBe(false);
    const future = `${Math.floor(Date.now() / 1000) + 300}:seat-x`;
    expect(await allocates(coturn, 'udp', future, turnPassword('not-the-secret-'.repeat(3), future))).toBe(false);
    // A seat's valid credential with another seat's name put in: the password no longer matches.
    const { citizen } = await admittedCitizen();
    const [{ username, credential }] = (await transportIce(citizen)).iceServers as [IceConfig['iceServers'][number]];
    expect(await allocates(coturn, 'udp', username.replace(/:.*/, ':someone-else'), credential)).toBe(false);
  });

  it('media:iceConfig refreshes the caller\'s own credentials, and no seat can ask for another\'s', async () => {
    const { citizen, clerk, citizenSeat, clerkSeat } = await admittedCitizen();
    const fresh = await request(citizen, 'media:iceConfig', {});
    expect(fresh).toMatchObject({ ok: true });
    const ice = (fresh as { data: IceConfig }).data;
    expect(ice.iceServers[0]!.username.endsWith(`:${citizenSeat}`)).toBe(true);
    // Naming a seat is not part of the request: refused, and nothing is issued.
    expect(await request(citizen, 'media:iceConfig', { participantId: clerkSeat })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await request(clerk, 'media:iceConfig', { seat: citizenSeat })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const clerkIce = await request(clerk, 'media:iceConfig', {});
    expect((clerkIce as { data: IceConfig }).data.iceServers[0]!.username.endsWith(`:${clerkSeat}`)).toBe(true);
  });

  it('a citizen still in the waiting room gets none', async () => {
    const call = await pool.openCall('TURN waiting');
    const citizen = await pool.open({ token: call.citizenToken });
    await join(citizen, { displayName: 'Wachtend' });
    expect(await request(citizen, 'media:iceConfig', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  // Last: it stops coturn to read its whole log.
  it('neither the secret nor a password reaches the server\'s or coturn\'s log', async () => {
    const { citizen } = await admittedCitizen();
    const [{ username, credential }] = (await transportIce(citizen)).iceServers as [IceConfig['iceServers'][number]];
    expect(await allocates(coturn, 'tls', username, credential)).toBe(true);
    const expired = `${Math.floor(Date.now() / 1000) - 5}:${username.split(':')[1]}`;
    const expiredPassword = turnPassword(coturn.secret, expired);
    expect(await allocates(coturn, 'tcp', expired, expiredPassword)).toBe(false);
    const turnLog = await coturn.stop();
    expect(serverLog.length).toBeGreaterThan(0);
    expect(turnLog).toContain(`user <${expired}>`); // coturn logged the refusal: the name, not the password
    for (const log of [serverLog, turnLog]) {
      for (const secret of [coturn.secret, credential, expiredPassword]) expect(log).not.toContain(secret);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransportOptions } from '@videoloket/contracts';
import { join, request, socketPool, startTestServer, type TestServer } from './support';

// Issue 9, finding 9 (the socket side): the clerk's call:end acknowledgement was lost
// because the sockets closed first, and texts of internal errors (mediasoup's TypeError
// messages) reached clients in acknowledgements.

let server: TestServer;
let clerkToken: string;
const { open, closeAll: closeSockets } = socketPool(() => server, () => clerkToken);

async function callWithAdmittedCitizen(title: string) {
  const call = await server.createCall(clerkToken, title);
  const clerk = await open({ token: clerkToken, callId: call.call.callId });
  await join(clerk);
  const citizen = await open({ token: call.citizenToken });
  const seat = await join(citizen, { displayName: 'Jan' });
  expect(await request(clerk, 'call:admit', { participantId: seat.self.participantId })).toMatchObject({ ok: true });
  return { clerk, citizen, callId: call.call.callId, citizenId: seat.self.participantId };
}

beforeAll(async () => {
  server = await startTestServer();
  clerkToken = await server.login();
});

afterAll(async () => {
  closeSockets();
  await server?.stop();
});

describe('call:end', () => {
  it('acknowledges to the clerk, then closes everyone’s connection; other calls carry on', async () => {
    const ending = await callWithAdmittedCitizen('Einde');
    const other = await callWithAdmittedCitizen('Loopt door');

    const citizenEnded = new Promise((resolve) => ending.citizen.once('call:ended', resolve));
    const citizenGone = new Promise<void>((resolve) => ending.citizen.once('disconnect', () => resolve()));
    const clerkGone = new Promise<void>((resolve) => ending.clerk.once('disconnect', () => resolve()));

    expect(await request(ending.clerk, 'call:end', {})).toEqual({ ok: true, data: { ended: true } });
    expect(await citizenEnded).toEqual({ reason: 'ended-by-clerk' });
    await Promise.all([citizenGone, clerkGone]);
    expect(() => server.app.registry.get(ending.callId)).toThrow(expect.objectContaining({ code: 'GONE' }));

    // The other call: both still connected and talking.
    expect(other.clerk.connected && other.citizen.connected).toBe(true);
    const heard = new Promise((resolve) => other.citizen.once('chat:message', resolve));
    expect(await request(other.clerk, 'chat:send', { text: 'Nog daar?' })).toMatchObject({ ok: true });
    expect(await heard).toMatchObject({ text: 'Nog daar?' });
  });
});

describe('call:leave', () => {
  it('acknowledges to the one who leaves, then closes their connection; the clerk sees them gone', async () => {
    const { clerk, citizen, citizenId } = await callWithAdmittedCitizen('Vertrek');
    const citizenGone = new Promise<void>((resolve) => citizen.once('disconnect', () => resolve()));

    expect(await request(citizen, 'call:leave', {})).toEqual({ ok: true, data: { left: true } });
    await citizenGone;
    const view = (await request(clerk, 'call:join', {})) as { ok: true; data: { call: { participants: { id: string }[] } } };
    expect(view.data.call.participants.map((p) => p.id)).not.toContain(citizenId);
  });
});

describe('internal error texts', () => {
  it('a parameter mediasoup rejects gets a named code and our own words, not mediasoup’s', async () => {
    const { citizen } = await callWithAdmittedCitizen('Foutteksten');
    const send = (await request(citizen, 'media:createTransport', { direction: 'send' })) as { ok: true; data: TransportOptions };
    // Valid for the schema; mediasoup throws `TypeError: invalid FingerprintAlgorithm`.
    const ack = await request(citizen, 'media:connectTransport', {
      transportId: send.data.id,
      dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'md4', value: 'AB:CD' }] },
    });
    expect(ack).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: 'The media parameters were not accepted by the media server' } });
    // Someone else's id gets the same answer as a made-up one, without echoing it.
    const probe = await request(citizen, 'media:restartIce', { transportId: '5e0f1a3c-0000-4000-8000-000000000000' });
    expect(probe).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No such transport, producer or consumer of yours in this call' } });
    expect(citizen.connected).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallView, ConsumerOptions, JoinResponse, PhoneLegSummary, TransportOptions } from '@videoloket/contracts';
import { startBaresip, type Baresip } from '@videoloket/sip-bridge/testing';
import { connect, request, startTestServer, type ClientSocket, type TestServer } from './support';

// Issue 5, item 2, wired into the real server (SIP_ENABLED=true): the clerk dials a phone
// interpreter (Debian's baresip, auto-answering) over socket events; the phone leg becomes an
// interpreter seat whose audio producer the clerk's browser can consume; hanging up removes it.

let server: TestServer;
let phone: Baresip;
let clerk: ClientSocket;
let callId: string;

beforeAll(async () => {
  const env = {
    SIP_ENABLED: 'true',
    SIP_PORT: '0',
    SIP_RTP_PORT_MIN: '43000',
    SIP_RTP_PORT_MAX: '43999',
    // baresip listens on a loopback port; production keeps the phone-numbers-only default.
    SIP_DIAL_ALLOW: '^sip:[a-z0-9]+@127\\.0\\.0\\.1:\\d+$',
  };
  server = await startTestServer(env, { configure: (config) => expect(config.sip).toMatchObject({ port: 0, dialAllow: env.SIP_DIAL_ALLOW }) });
  phone = await startBaresip();
  const token = await server.login();
  callId = (await server.createCall(token, 'Tolk per telefoon')).call.callId;
  clerk = await connect(server.app.url, { token, callId });
}, 60_000);

afterAll(async () => {
  clerk?.close();
  await phone?.stop();
  await server?.stop();
});

function stateUntil(until: (v: CallView) => boolean, timeoutMs = 15_000): Promise<CallView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('call:state never matched')), timeoutMs);
    const on = (v: CallView) => {
      if (!until(v)) return;
      clearTimeout(timer);
      clerk.off('call:state', on);
      resolve(v);
    };
    clerk.on('call:state', on);
  });
}

describe('phone interpreter through the SIP bridge', () => {
  it('dials out, shows the phone as an interpreter seat the clerk can consume, and removes it on hang-up', async () => {
    const joined = (await request(clerk, 'call:join', {})) as { ok: true; data: JoinResponse };
    expect(joined.ok).toBe(true);

    const phoneSeat = stateUntil((v) => v.participants.some((p) => p.role === 'interpreter' && p.producers.some((pr) => pr.kind === 'audio')));
    const dial = (await request(clerk, 'phone:dialOut', { uri: `sip:interpreter@127.0.0.1:${phone.sipPort}`, displayName: 'Tolk Arabisch (telefoon)' })) as { ok: true; data: PhoneLegSummary };
    expect(dial).toMatchObject({ ok: true, data: { participantId: expect.stringMatching(/^sip:/) } });
    const view = await phoneSeat;
    const seat = view.participants.find((p) => p.id === dial.data.participantId)!;
    expect(seat).toMatchObject({ role: 'interpreter', displayName: 'Tolk Arabisch (telefoon)', status: 'admitted', connected: true });

    // The clerk's browser side: a receive transport and a consumer of the phone's audio.
    const recv = (await request(clerk, 'media:createTransport', { direction: 'recv' })) as { ok: true; data: TransportOptions };
    expect(recv.ok).toBe(true);
    const consumed = (await request(clerk, 'media:consume', { producerId: seat.producers[0]!.id, rtpCapabilities: joined.data.routerRtpCapabilities })) as { ok: boolean; data: ConsumerOptions };
    expect(consumed).toMatchObject({ ok: true, data: { kind: 'audio', participantId: seat.id } });

    // RTP from the phone (baresip's tone) reaches the worker: its producer's packet counter grows.
    const room = server.app.registry.get(callId).media.room;
    expect(room.listProducers(seat.id)).toHaveLength(1);
    const phonePackets = async () => (await room.getStats()).producers.find((p) => p.peerId === seat.id)?.packetCount ?? 0;
    await expect.poll(phonePackets, { timeout: 10_000 }).toBeGreaterThan(25);

    // Hang-up from the desk: the seat leaves the call.
    const gone = stateUntil((v) => !v.participants.some((p) => p.id === seat.id));
    expect(await request(clerk, 'phone:hangUp', { legId: dial.data.legId })).toMatchObject({ ok: true });
    await gone;
  }, 60_000);

  it('refuses dial targets outside the allow-list and opens a dial-in with extension and PIN', async () => {
    expect(await request(clerk, 'phone:dialOut', { uri: 'sip:attacker@203.0.113.9:5060', displayName: 'x' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const dialIn = await request(clerk, 'phone:openDialIn', {});
    expect(dialIn).toMatchObject({ ok: true, data: { extension: expect.stringMatching(/^\d{6}$/), pin: expect.stringMatching(/^\d{6}$/), uri: expect.stringMatching(/^sip:/) } });
  });
});

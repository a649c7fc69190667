import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaRoom, Sfu } from '@videoloket/sfu';
import type { PhoneLeg, PhoneLegEnded, SipBridge, SipBridgeOptions } from '../src';
import { typicalToneShare } from './audio';
import { startBaresip, type Baresip, type BaresipAccount } from './baresip';
import { listener, sleep, startBridge, startSfu, toneParticipant, waitFor } from './helpers';
import { DOMAIN, startKamailio, type Kamailio } from './kamailio';

// Issue 14, items 3 and 4 (signalling): the bridge on a real trunk. Debian's
// Kamailio plays the municipality's proxy/registrar (digest on REGISTER and
// INVITE, record-routing); baresip is the interpreter's phone, registered
// there and offering only PCMA. Covered: REGISTER with digest and its
// refresh (UDP and TCP), dial-out through the proxy with audio by content,
// hold/resume by re-INVITE, BYE from the phone, dial-in through the proxy
// over TCP, RFC 4028 session expiry when the phone vanishes, early media.

const PHONE_HZ = 440;
const CLERK_HZ = 660;
const ANNOUNCEMENT_HZ = 1000;

/** ffmpeg sending a PCMA tone as RTP (payload type 8) to the bridge's phone-facing port. */
function announce(port: number, frequency: number): { stop: () => void } {
  const child = spawn(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-f', 'lavfi', '-i', `sine=frequency=${frequency}:sample_rate=8000`, '-t', '30',
      '-c:a', 'pcm_alaw', '-ar', '8000', '-ac', '1', '-f', 'rtp', `rtp://127.0.0.1:${port}?pkt_size=172`],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return { stop: () => child.exitCode === null && child.kill('SIGKILL') };
}

let sfu: Sfu;
let room: MediaRoom;
let kamailio: Kamailio;
let bridge: SipBridge | undefined;
let phone: Baresip | undefined;
const cleanups: Array<() => void> = [];

beforeEach(async () => {
  sfu = await startSfu();
  room = await sfu.createRoom(`call-${Date.now()}`);
  kamailio = await startKamailio();
});

afterEach(async () => {
  for (const fn of cleanups.splice(0)) fn();
  await bridge?.close();
  bridge = undefined;
  await phone?.stop();
  phone = undefined;
  await kamailio?.stop();
  await sfu?.close();
});

function trunkBridge(transport: 'udp' | 'tcp', extra: Partial<SipBridgeOptions> = {}): Promise<SipBridge> {
  return startBridge({
    trunk: {
      proxy: `127.0.0.1:${kamailio.port}`,
      transport,
      register: true,
      domain: DOMAIN,
      username: 'videoloket',
      password: kamailio.bridgePassword,
      registerExpiresS: 4,
    },
    dialAllow: `^sip:interpreter@${DOMAIN.replace('.', '\\.')}$`,
    ...extra,
  });
}

async function registeredPhone(account: Partial<BaresipAccount> = {}): Promise<Baresip> {
  const p = await startBaresip('pcma', PHONE_HZ, {
    aor: `sip:interpreter@${DOMAIN}`,
    params: `auth_pass=${kamailio.phonePassword};outbound="sip:127.0.0.1:${kamailio.port};transport=udp";regint=60`,
    ...account,
  });
  await waitFor('baresip registered at kamailio', () => /200 OK .*binding/.test(p.output()), 10_000);
  return p;
}

function endedOf(leg: PhoneLeg): Promise<PhoneLegEnded> {
  return new Promise((resolve) => leg.once('ended', resolve));
}

describe('through Kamailio as the municipal proxy/registrar', () => {
  it('registers with digest and refreshes before the registration runs out (UDP); a wrong password is refused', async () => {
    bridge = await trunkBridge('udp');
    expect(bridge.registration?.registered).toBe(true);
    let refreshes = 0;
    bridge.registration!.on('registered', () => refreshes++);
    // Granted 4 s: refreshed at 2 s, 4 s, … so it never lapses.
    await sleep(5000);
    expect(refreshes).toBeGreaterThanOrEqual(2);
    expect(bridge.registration?.registered).toBe(true);

    const impostor = await startBridge({
      trunk: { proxy: `127.0.0.1:${kamailio.port}`, register: true, domain: DOMAIN, username: 'videoloket', password: 'guessed' },
    });
    cleanups.push(() => void impostor.close());
    expect(impostor.registration?.registered).toBe(false);
  });

  it('dials a PCMA-only interpreter through the proxy (407 digest): audio both ways by content, hold/resume, BYE from the phone', async () => {
    bridge = await trunkBridge('udp');
    phone = await registeredPhone();
    const clerk = await toneParticipant(room, 'clerk', CLERK_HZ);
    cleanups.push(clerk.stop);
    const leg = await bridge.dialOut(room, { uri: `sip:interpreter@${DOMAIN}`, displayName: 'Tolk' });
    await waitFor('leg connected', () => leg.state === 'connected', 20_000);
    expect(leg.info().codec).toBe('PCMA');
    const citizen = await listener(room, 'citizen', leg.info().producerId!);
    cleanups.push(citizen.close);
    await waitFor('the phone at the citizen', () => citizen.packets() > 100, 20_000);
    expect(typicalToneShare(citizen.heard(), PHONE_HZ)).toBeGreaterThan(0.3);

    // Hold: baresip re-INVITEs with a=sendonly; the bridge answers recvonly and stops sending.
    await waitFor('the room at the phone', async () => (await leg.stats()).toPhone > 50, 10_000);
    await phone.command('hold');
    await waitFor('leg on hold', () => leg.info().onHold, 10_000);
    const held = (await leg.stats()).toPhone;
    await sleep(1000);
    expect((await leg.stats()).toPhone).toBe(held);
    await phone.command('resume');
    await waitFor('leg resumed', () => !leg.info().onHold, 10_000);
    await waitFor('audio to the phone again', async () => (await leg.stats()).toPhone > held + 50, 10_000);
    expect(leg.state).toBe('connected');

    // The phone hangs up: its BYE comes through the proxy (record-routed).
    const ended = endedOf(leg);
    await phone.command('hangup');
    expect((await ended).reason).toBe('remote-hung-up');
    await sleep(300);
    const atPhone = await phone.heard();
    expect(typicalToneShare(atPhone, CLERK_HZ)).toBeGreaterThan(0.3);
    expect(typicalToneShare(atPhone, PHONE_HZ)).toBeLessThan(0.05);
  });

  it('over TCP: registers, and a dial-in routed by the proxy to the bridge connects (PIN in the dialled number)', async () => {
    bridge = await trunkBridge('tcp');
    expect(bridge.registration?.registered).toBe(true);
    phone = await registeredPhone();
    const dialIn = bridge.openDialIn(room);
    const legs: PhoneLeg[] = [];
    bridge.on('leg', (l) => legs.push(l));
    await phone.command('dial', `sip:${dialIn.extension}*${dialIn.pin}@${DOMAIN}`);
    const leg = await waitFor('inbound leg', () => legs[0], 15_000);
    await waitFor('connected', () => leg.state === 'connected', 15_000);
    expect(leg.info().codec).toBe('PCMA');
    await waitFor('phone audio in the room', async () => (await leg.stats()).producerPackets > 50, 15_000);
    const ended = endedOf(leg);
    leg.hangUp();
    expect((await ended).reason).toBe('hung-up');
    await waitFor('baresip got the BYE over the proxy', () => /terminated|closed/i.test(phone!.output().split(/Call established|answered/).pop() ?? ''), 10_000);
  });

  it('ends a leg whose phone vanished without BYE when the session refresh fails (RFC 4028), long before the media timeout', async () => {
    bridge = await trunkBridge('udp', { sessionExpiresS: 10, mediaTimeoutMs: 120_000 });
    phone = await registeredPhone();
    const leg = await bridge.dialOut(room, { uri: `sip:interpreter@${DOMAIN}`, displayName: 'Tolk' });
    await waitFor('leg connected', () => leg.state === 'connected', 20_000);
    const ended = endedOf(leg);
    const vanishedAt = Date.now();
    phone.kill();
    const reason = (await ended).reason;
    expect(reason).toBe('session-expired');
    // Refresh at 5 s, unanswered until the session's end at 10 s (+ margin for a busy machine).
    expect(Date.now() - vanishedAt).toBeLessThan(20_000);
    expect(room.listProducers().some((p) => p.peerId === leg.peerId)).toBe(false);
  });

  it('plays early media (183) into the room while the far end still rings, then connects on the answer', async () => {
    bridge = await trunkBridge('udp');
    phone = await registeredPhone({ answermode: 'early' });
    const leg = await bridge.dialOut(room, { uri: `sip:interpreter@${DOMAIN}`, displayName: 'Tolk' });
    let early = false;
    leg.once('early-media', () => (early = true));
    await waitFor('183 with SDP', () => early, 20_000);
    expect(leg.state).toBe('ringing');
    // baresip 1.0 answers 183 with SDP but sends no early audio itself, so the interpreter service's
    // announcement (a 1000 Hz tone, PCMA) comes from the address its SDP named — as from a media server.
    const announcement = announce((await leg.stats()).rtpPort, ANNOUNCEMENT_HZ);
    cleanups.push(announcement.stop);
    const clerk = await listener(room, 'clerk', leg.info().producerId!);
    cleanups.push(clerk.close);
    await waitFor('the announcement at the clerk before the answer', () => clerk.packets() > 50, 15_000);
    expect(leg.state).toBe('ringing');
    expect(typicalToneShare(clerk.heard(), ANNOUNCEMENT_HZ)).toBeGreaterThan(0.3);
    announcement.stop();
    await phone.command('accept');
    await waitFor('connected on the answer', () => leg.state === 'connected', 15_000);
    // After the answer the phone's own voice (from its own RTP port) is what the room gets.
    const before = clerk.packets();
    await waitFor('the phone after the answer', () => clerk.packets() > before + 100, 15_000);
    const heard = clerk.heard();
    const afterAnswer = { rate: heard.rate, samples: heard.samples.subarray(heard.samples.length - 8000) };
    expect(typicalToneShare(afterAnswer, PHONE_HZ)).toBeGreaterThan(0.3);
  });
});

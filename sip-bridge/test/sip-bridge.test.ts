import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaRoom, Sfu } from '@videoloket/sfu';
import type { PhoneLeg, PhoneLegEnded, SipBridge } from '../src';
import { audibleSeconds, typicalToneShare } from './audio';
import { startBaresip, type Baresip } from './baresip';
import { listener, sleep, startBridge, startSfu, toneParticipant, waitFor } from './helpers';

// The phone interpreter joins a call's audio through the SIP bridge.
// Phone: Debian's baresip (real SIP + RTP stack). Room: a real mediasoup
// worker. Counters on both sides: the worker's producer/consumer stats, the
// bridge's relay counters, a third participant's socket, and the audio
// baresip decoded (written to WAV by its sndfile module).

let sfu: Sfu;
let room: MediaRoom;
let bridge: SipBridge;
let phone: Baresip;
const cleanups: Array<() => void> = [];

beforeEach(async () => {
  sfu = await startSfu();
  room = await sfu.createRoom(`call-${Date.now()}`);
  bridge = await startBridge();
  phone = await startBaresip('opus');
});

afterEach(async () => {
  for (const fn of cleanups.splice(0)) fn();
  await bridge?.close();
  await phone?.stop();
  await sfu?.close();
});

async function assertAudioBothWays(leg: PhoneLeg, clerkProducerId: string): Promise<void> {
  const info = leg.info();
  expect(info.codec).toBe('opus');
  expect(info.producerId).toBeTruthy();
  // Phone → room: the worker counts the phone's producer packets, and another participant receives them.
  const citizen = await listener(room, 'citizen', info.producerId!);
  cleanups.push(citizen.close);
  await waitFor('phone audio at the citizen', () => citizen.packets() > 50);
  // Room → phone: the worker sent packets to the phone's consumer, the relay passed them on.
  let last: unknown;
  const stats = await waitFor('stats both ways', async () => {
    const s = await leg.stats();
    last = { ...s, hearing: leg.info().hearingPeerIds, producers: (await room.getStats()).producers };
    return s.producerPackets > 50 && s.consumerPackets > 50 && s.toPhone > 50 ? s : undefined;
  }).catch((error: Error) => {
    throw new Error(`${error.message}: ${JSON.stringify(last)}`);
  });
  expect(stats.fromPhone).toBeGreaterThanOrEqual(stats.toRoom);
  expect(stats.toRoom).toBeGreaterThan(50);
  const roomStats = await room.getStats();
  const producer = roomStats.producers.find((p) => p.peerId === leg.peerId);
  expect(producer?.source).toBe('microphone');
  expect(producer?.packetCount).toBeGreaterThan(50);
  expect(leg.info().hearingPeerIds).toEqual(['clerk']);
  expect(roomStats.consumers.find((c) => c.peerId === leg.peerId && c.producerId === clerkProducerId)?.paused).toBe(false);
}

async function endedOf(leg: PhoneLeg): Promise<PhoneLegEnded> {
  return new Promise((resolve) => leg.once('ended', resolve));
}

describe('SipBridge with baresip as the phone', () => {
  it('dials out to the phone; audio flows both ways; the phone hears the clerk; hang-up ends both sides', async () => {
    const clerk = await toneParticipant(room, 'clerk');
    cleanups.push(clerk.stop);
    const leg = await bridge.dialOut(room, { uri: `sip:interpreter@127.0.0.1:${phone.sipPort}`, displayName: 'Tolk NL-AR' });
    expect(leg.state).toBe('dialing');
    await waitFor('leg connected', () => leg.state === 'connected');
    await assertAudioBothWays(leg, clerk.producerId);
    await sleep(1500);

    const ended = endedOf(leg);
    leg.hangUp();
    expect((await ended).reason).toBe('hung-up');
    // baresip got our BYE and closed its call (and its WAV dump).
    await waitFor('baresip saw the hang-up', () => /terminated|closed|BYE/i.test(phone.output()), 5000);
    await sleep(300);
    // The clerk's 660 Hz tone reached the phone's speaker (Opus mix), not the phone's own 440 Hz.
    const heard = await phone.heard();
    expect(audibleSeconds(heard)).toBeGreaterThan(1);
    expect(typicalToneShare(heard, 660)).toBeGreaterThan(0.3);
    expect(typicalToneShare(heard, 440)).toBeLessThan(0.05);
    expect(room.listProducers().some((p) => p.peerId === leg.peerId)).toBe(false);
  });

  it('accepts a dial-in with the PIN keyed as DTMF; nothing reaches the room before the PIN', async () => {
    const clerk = await toneParticipant(room, 'clerk');
    cleanups.push(clerk.stop);
    const dialIn = bridge.openDialIn(room);
    expect(dialIn.extension).toMatch(/^\d{6}$/);
    expect(dialIn.pin).toMatch(/^\d{6}$/);
    const legs: PhoneLeg[] = [];
    bridge.on('leg', (l) => legs.push(l));
    await phone.command('dial', `sip:${dialIn.extension}@127.0.0.1:${bridge.sipPort}`);
    const leg = await waitFor('inbound leg', () => legs[0]);
    await waitFor('PIN prompt', () => leg.state === 'awaiting-pin');
    await sleep(800);
    // Answered but gated: the phone's audio reached the bridge, not the room, and the room sent nothing.
    const gated = await leg.stats();
    expect(gated.fromPhone).toBeGreaterThan(10);
    expect(gated.toRoom).toBe(0);
    expect(gated.toPhone).toBe(0);
    expect(room.listProducers().some((p) => p.peerId === leg.peerId)).toBe(false);

    await phone.keys(`${dialIn.pin}#`);
    await waitFor('leg connected after PIN', () => leg.state === 'connected', 10_000);
    expect(leg.direction).toBe('inbound');
    await assertAudioBothWays(leg, clerk.producerId);

    // The phone hangs up: the leg ends as remote-hung-up and leaves the room.
    const ended = endedOf(leg);
    await phone.command('hangup');
    expect((await ended).reason).toBe('remote-hung-up');
    expect(room.listProducers().some((p) => p.peerId === leg.peerId)).toBe(false);
  });

  it('refuses a wrong PIN in the dialled number and an unknown extension; ends phone legs when the call ends', async () => {
    const dialIn = bridge.openDialIn(room);
    const wrong = dialIn.pin === '000000' ? '111111' : '000000';
    const legs: PhoneLeg[] = [];
    bridge.on('leg', (l) => legs.push(l));
    await phone.command('dial', `sip:${dialIn.extension}*${wrong}@127.0.0.1:${bridge.sipPort}`);
    await waitFor('403 at the phone', () => /403/.test(phone.output()), 5000);
    await phone.command('dial', `sip:999999@127.0.0.1:${bridge.sipPort}`);
    await waitFor('404 at the phone', () => /404/.test(phone.output()), 5000);
    expect(legs).toHaveLength(0);
    expect(room.listProducers()).toHaveLength(0);

    // The right PIN in the dialled number connects; then the call ends and the phone leg with it.
    await phone.command('dial', `sip:${dialIn.extension}*${dialIn.pin}@127.0.0.1:${bridge.sipPort}`);
    const leg = await waitFor('leg', () => legs[0]);
    await waitFor('leg connected', () => leg.state === 'connected');
    expect(room.listProducers().some((p) => p.peerId === leg.peerId)).toBe(true);
    const ended = endedOf(leg);
    room.close();
    expect((await ended).reason).toBe('call-ended');
    await waitFor('baresip got the BYE', () => /terminated|BYE|closed/i.test(phone.output().split('Call established').pop() ?? ''), 5000);
    // The dial-in closed with the call: calling the same extension again is 404.
    await phone.command('dial', `sip:${dialIn.extension}*${dialIn.pin}@127.0.0.1:${bridge.sipPort}`);
    await waitFor('second 404', () => (phone.output().match(/404/g) ?? []).length >= 2, 5000);
  });

  it('locks a dial-in after too many wrong PINs keyed in', async () => {
    const dialIn = bridge.openDialIn(room);
    const wrong = dialIn.pin === '000000' ? '111111' : '000000';
    const legs: PhoneLeg[] = [];
    bridge.on('leg', (l) => legs.push(l));
    await phone.command('dial', `sip:${dialIn.extension}@127.0.0.1:${bridge.sipPort}`);
    const leg = await waitFor('leg', () => legs[0]);
    await waitFor('PIN prompt', () => leg.state === 'awaiting-pin');
    const reasons: string[] = [];
    leg.on('ended', (e) => reasons.push(e.reason));
    // A typo may be corrected: the caller can retry until maxPinAttempts wrong PINs.
    for (let attempt = 1; attempt < bridge.options.maxPinAttempts; attempt++) {
      await phone.keys(`${wrong}#`);
      await sleep(500);
      expect(leg.state).toBe('awaiting-pin');
    }
    await phone.keys(`${wrong}#`);
    await waitFor('last wrong PIN ends the leg', () => leg.state === 'ended', 10_000);
    expect(reasons).toEqual(['wrong-pin']);
    expect((await leg.stats()).toRoom).toBe(0);
    // Locked: even the right PIN now gets 404 (the extension is gone).
    const before = (phone.output().match(/404/g) ?? []).length;
    await phone.command('dial', `sip:${dialIn.extension}*${dialIn.pin}@127.0.0.1:${bridge.sipPort}`);
    await waitFor('404 after lock', () => (phone.output().match(/404/g) ?? []).length > before, 5000);
    expect(room.listProducers()).toHaveLength(0);
  });

  it('refuses dial targets outside the allow-list without touching the network', async () => {
    await expect(bridge.dialOut(room, { uri: 'sip:attacker@203.0.113.9:5060', displayName: 'x' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(bridge.legs()).toHaveLength(0);
  });
});

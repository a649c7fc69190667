import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaRoom, Sfu } from '@videoloket/sfu';
import type { PhoneLeg, SipBridge } from '../src';
import { typicalToneShare } from './audio';
import { startBaresip, type Baresip, type BaresipCodec } from './baresip';
import { listener, sleep, startBridge, startSfu, toneParticipant, waitFor } from './helpers';

// Issue 14, item 1: a phone that speaks only G.711 (PCMA in Europe, PCMU in
// the US) joins the call; the bridge transcodes to and from the room's Opus.
// Checked by content: the clerk's 660 Hz tone is what baresip decodes, and
// baresip's 440 Hz tone is what another participant decodes from the phone's
// producer.

// Thresholds: a clean tone scores ~1, the other party's tone ~0; > 0.3 leaves room for the mix's
// underrun glitches on a heavily loaded test machine while still telling present from absent.
const PHONE_HZ = 440;
const CLERK_HZ = 660;

let sfu: Sfu;
let room: MediaRoom;
let bridge: SipBridge;
let phone: Baresip | undefined;
const cleanups: Array<() => void> = [];

beforeEach(async () => {
  sfu = await startSfu();
  room = await sfu.createRoom(`call-${Date.now()}`);
  bridge = await startBridge();
});

afterEach(async () => {
  for (const fn of cleanups.splice(0)) fn();
  await bridge?.close();
  await phone?.stop();
  phone = undefined;
  await sfu?.close();
});

/** Audio both ways by content: the phone's tone at a citizen, the clerk's tone at the phone. */
async function assertG711Audio(leg: PhoneLeg, expected: 'PCMA' | 'PCMU'): Promise<void> {
  expect(leg.info().codec).toBe(expected);
  const citizen = await listener(room, 'citizen', leg.info().producerId!);
  cleanups.push(citizen.close);
  await waitFor('2 s of the phone at the citizen', () => citizen.packets() > 100, 20_000);
  const atCitizen = citizen.heard();
  expect(typicalToneShare(atCitizen, PHONE_HZ)).toBeGreaterThan(0.3);
  expect(typicalToneShare(atCitizen, CLERK_HZ)).toBeLessThan(0.05);
  await waitFor('2 s of the room at the phone', async () => (await leg.stats()).toPhone > 100, 20_000);
  const ended = new Promise((r) => leg.once('ended', r));
  leg.hangUp();
  await ended;
  await waitFor('baresip saw the hang-up', () => /terminated|closed|BYE/i.test(phone!.output()), 5000);
  await sleep(300);
  const atPhone = await phone!.heard();
  expect(atPhone.rate).toBe(8000); // baresip decoded G.711, not Opus
  expect(typicalToneShare(atPhone, CLERK_HZ)).toBeGreaterThan(0.3);
  expect(typicalToneShare(atPhone, PHONE_HZ)).toBeLessThan(0.05);
}

describe.each(['pcma', 'pcmu'] as const)('a phone offering only %s', (codec: BaresipCodec) => {
  const name = codec.toUpperCase() as 'PCMA' | 'PCMU';

  it(`dial-out: negotiates ${name}; tones cross both ways, transcoded`, async () => {
    phone = await startBaresip(codec, PHONE_HZ);
    const clerk = await toneParticipant(room, 'clerk', CLERK_HZ);
    cleanups.push(clerk.stop);
    const leg = await bridge.dialOut(room, { uri: `sip:interpreter@127.0.0.1:${phone.sipPort}`, displayName: 'Tolk' });
    await waitFor('leg connected', () => leg.state === 'connected');
    // baresip's SDP answer carries its only codec; the producer in the room is Opus all the same.
    expect(room.listProducers().find((p) => p.peerId === leg.peerId)?.kind).toBe('audio');
    await assertG711Audio(leg, name);
  });

  it(`dial-in: ${name} offer answered with ${name}; the PIN keyed as RFC 4733 events still works`, async () => {
    phone = await startBaresip(codec, PHONE_HZ);
    const clerk = await toneParticipant(room, 'clerk', CLERK_HZ);
    cleanups.push(clerk.stop);
    const dialIn = bridge.openDialIn(room);
    const legs: PhoneLeg[] = [];
    bridge.on('leg', (l) => legs.push(l));
    await phone.command('dial', `sip:${dialIn.extension}@127.0.0.1:${bridge.sipPort}`);
    const leg = await waitFor('inbound leg', () => legs[0]);
    await waitFor('PIN prompt', () => leg.state === 'awaiting-pin');
    await phone.keys(`${dialIn.pin}#`);
    await waitFor('connected after the PIN', () => leg.state === 'connected', 10_000);
    await assertG711Audio(leg, name);
  });
});

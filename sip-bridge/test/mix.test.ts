import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaRoom, Sfu } from '@videoloket/sfu';
import type { SipBridge } from '../src';
import { typicalToneShare } from './audio';
import { startBaresip, type Baresip } from './baresip';
import { listener, sleep, startBridge, startSfu, toneParticipant, waitFor } from './helpers';

// Issue 14, item 2: the phone interpreter hears everyone at once — a mix of
// every other party, never their own voice — while the browsers keep hearing
// the phone as its own participant. The clerk speaks 660 Hz, the citizen
// 1000 Hz, the phone 440 Hz; baresip's decoded audio must hold both call
// tones and not its own.

const PHONE_HZ = 440;
const CLERK_HZ = 660;
const CITIZEN_HZ = 1000;

let sfu: Sfu;
let room: MediaRoom;
let bridge: SipBridge;
let phone: Baresip;
const cleanups: Array<() => void> = [];

beforeEach(async () => {
  sfu = await startSfu();
  room = await sfu.createRoom(`call-${Date.now()}`);
  bridge = await startBridge();
  phone = await startBaresip('pcma', PHONE_HZ);
});

afterEach(async () => {
  for (const fn of cleanups.splice(0)) fn();
  await bridge?.close();
  await phone?.stop();
  await sfu?.close();
});

describe('what a phone interpreter hears', () => {
  it('hears the clerk and the citizen at the same time, and not itself; a browser-side listener hears the phone alone', async () => {
    const clerk = await toneParticipant(room, 'clerk', CLERK_HZ);
    cleanups.push(clerk.stop);
    const citizen = await toneParticipant(room, 'citizen', CITIZEN_HZ);
    cleanups.push(citizen.stop);
    const leg = await bridge.dialOut(room, { uri: `sip:interpreter@127.0.0.1:${phone.sipPort}`, displayName: 'Tolk' });
    await waitFor('leg connected', () => leg.state === 'connected');
    await waitFor('both parties consumed', () => leg.info().hearingPeerIds.length === 2);
    expect(leg.info().hearingPeerIds.sort()).toEqual(['citizen', 'clerk']);

    // The clerk's browser (here: a PlainTransport listener) consumes the phone as its own producer.
    const atClerk = await listener(room, 'clerk', leg.info().producerId!);
    cleanups.push(atClerk.close);
    await waitFor('3 s of the room at the phone', async () => (await leg.stats()).toPhone > 150, 20_000);
    await waitFor('2 s of the phone at the clerk', () => atClerk.packets() > 100, 20_000);
    const clerkHeard = atClerk.heard();
    expect(typicalToneShare(clerkHeard, PHONE_HZ)).toBeGreaterThan(0.6);
    expect(typicalToneShare(clerkHeard, CITIZEN_HZ)).toBeLessThan(0.05);

    leg.hangUp();
    await waitFor('baresip saw the hang-up', () => /terminated|closed|BYE/i.test(phone.output()), 5000);
    await sleep(300);
    const heard = await phone.heard();
    // Two tones of equal level: each about half of the power; the phone's own tone absent.
    expect(typicalToneShare(heard, CLERK_HZ)).toBeGreaterThan(0.15);
    expect(typicalToneShare(heard, CITIZEN_HZ)).toBeGreaterThan(0.15);
    expect(typicalToneShare(heard, PHONE_HZ)).toBeLessThan(0.02);
  });
});

import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaRoom, RoomResetEvent, Sfu } from '@videoloket/sfu';
import type { SipBridge } from '../src';
import { toneSeconds, typicalToneShare } from './audio';
import { startBaresip, type Baresip } from './baresip';
import { listener, startBridge, startSfu, toneParticipant, waitFor } from './helpers';

// Issue 16, item 5: "after a media worker dies … phone legs are re-attached too". The call's
// only worker is SIGKILLed mid-call; the SFU starts a new one and moves the room there with
// no media. The phone (Debian's baresip) must stay on the line: the bridge makes its
// PlainTransports, producer and consumers again on the new router and re-points its relay.
// The test plays the browsers' part of the renegotiation: the clerk produces again (now at
// another pitch, so what the phone hears afterwards cannot be left over from before) and the
// citizen consumes the phone's new producer.

const PHONE_HZ = 440;
const CLERK_BEFORE_HZ = 660;
const CLERK_AFTER_HZ = 1000;

let sfu: Sfu;
let room: MediaRoom;
let bridge: SipBridge;
let phone: Baresip;
const cleanups: Array<() => void> = [];

beforeEach(async () => {
  // The kill below is deliberate: its error logs stay out of the test output.
  sfu = await startSfu({ logger: pino({ level: 'silent' }) });
  room = await sfu.createRoom(`call-${Date.now()}`);
  bridge = await startBridge();
  phone = await startBaresip('opus', PHONE_HZ);
});

afterEach(async () => {
  for (const fn of cleanups.splice(0)) fn();
  await bridge?.close();
  await phone?.stop();
  await sfu?.close();
});

describe('a phone leg when the media worker dies', () => {
  it('stays on the line and hears and is heard again on the new worker', async () => {
    const clerk = await toneParticipant(room, 'clerk', CLERK_BEFORE_HZ);
    cleanups.push(clerk.stop);
    const leg = await bridge.dialOut(room, { uri: `sip:interpreter@127.0.0.1:${phone.sipPort}`, displayName: 'Tolk' });
    await waitFor('leg connected', () => leg.state === 'connected');
    await waitFor('the phone consumes the clerk', () => leg.info().hearingPeerIds.includes('clerk'));
    const producerBefore = leg.info().producerId!;
    const before = await listener(room, 'citizen', producerBefore);
    cleanups.push(before.close);
    await waitFor('the citizen hears the phone', () => before.packets() > 50, 20_000);
    await waitFor('the phone hears the clerk', async () => (await leg.stats()).fromRoom > 50, 20_000);

    const deadPid = room.workerPid;
    const reset = new Promise<RoomResetEvent>((resolve) => room.once('reset', resolve));
    const reattached = new Promise<void>((resolve) => leg.once('reattached', resolve));
    process.kill(deadPid, 'SIGKILL');
    expect((await reset).peerIds).toContain(leg.peerId);
    // The browsers' renegotiation: the clerk speaks again, on the new router.
    clerk.stop();
    const clerkAgain = await toneParticipant(room, 'clerk', CLERK_AFTER_HZ);
    cleanups.push(clerkAgain.stop);
    await reattached;
    expect(room.workerPid).not.toBe(deadPid);

    // The phone is in the new router under a new producer, and hears the clerk there.
    const producerAfter = leg.info().producerId;
    expect(producerAfter).toBeDefined();
    expect(producerAfter).not.toBe(producerBefore);
    await waitFor('the phone consumes the clerk again', () => leg.info().hearingPeerIds.includes('clerk'));
    const after = await listener(room, 'citizen', producerAfter!);
    cleanups.push(after.close);
    await waitFor('the citizen hears the phone again', () => after.packets() > 100, 20_000);
    expect(typicalToneShare(after.heard(), PHONE_HZ)).toBeGreaterThan(0.6);

    // The clerk's new tone at the phone (baresip's decoded audio, written as it plays); the line was never dropped.
    await waitFor('the phone hears the clerk again', async () => toneSeconds(await phone.receivedPcm(), CLERK_AFTER_HZ) >= 1, 30_000);
    expect(leg.state).toBe('connected');
    expect(phone.output()).not.toMatch(/terminated|BYE/i);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaRoom, Sfu } from '@videoloket/sfu';
import type { SipBridge } from '../src';
import { typicalToneShare } from './audio';
import { startBaresip, type Baresip } from './baresip';
import { makeTestCerts, type TestCerts } from './certs';
import { listener, sleep, startBridge, startSfu, toneParticipant, waitFor } from './helpers';

// Issue 14, item 4: SIP over TLS with SRTP (SDES, RFC 4568) to baresip, with a
// CA and certificate made by openssl for this test. baresip requires SRTP
// (mediaenc=srtp-mand) and speaks only PCMA; audio is checked by content.

const PHONE_HZ = 440;
const CLERK_HZ = 660;

let certs: TestCerts;
let sfu: Sfu;
let room: MediaRoom;
let bridge: SipBridge;
let phone: Baresip;
const cleanups: Array<() => void> = [];

beforeEach(async () => {
  certs = await makeTestCerts();
  sfu = await startSfu();
  room = await sfu.createRoom(`call-${Date.now()}`);
  bridge = await startBridge({
    srtp: 'optional',
    tls: { certFile: certs.certFile, keyFile: certs.keyFile, caFile: certs.caFile, port: 0 },
    dialAllow: '^sips:interpreter@127\\.0\\.0\\.1:\\d+;transport=tls$',
  });
  phone = await startBaresip('pcma', PHONE_HZ, {
    params: 'regint=0;mediaenc=srtp-mand',
    config: `sip_certificate\t${certs.bundleFile}\nsip_cafile\t${certs.caFile}\nmodule\t\t\tsrtp.so`,
  });
});

afterEach(async () => {
  for (const fn of cleanups.splice(0)) fn();
  await bridge?.close();
  await phone?.stop();
  await sfu?.close();
  await certs?.remove();
});

describe('TLS + SRTP leg', () => {
  it('dials over TLS (certificate checked against the test CA), keys SRTP by SDES, and audio crosses both ways', async () => {
    const clerk = await toneParticipant(room, 'clerk', CLERK_HZ);
    cleanups.push(clerk.stop);
    // baresip listens for TLS on its SIP port + 1.
    const leg = await bridge.dialOut(room, { uri: `sips:interpreter@127.0.0.1:${phone.sipPort + 1};transport=tls`, displayName: 'Tolk' });
    await waitFor('leg connected', () => leg.state === 'connected', 20_000);
    expect(leg.info()).toMatchObject({ codec: 'PCMA', srtp: true });
    expect(phone.output()).toMatch(/SRTP is Enabled \(cryptosuite=AES_CM_128_HMAC_SHA1_80\)/);

    const citizen = await listener(room, 'citizen', leg.info().producerId!);
    cleanups.push(citizen.close);
    await waitFor('the phone at the citizen', () => citizen.packets() > 100, 20_000);
    expect(typicalToneShare(citizen.heard(), PHONE_HZ)).toBeGreaterThan(0.3);
    // Every SRTP packet from the phone authenticated and decrypted (a wrong key would fail them all).
    const stats = await leg.stats();
    expect(stats.unauthenticated).toBe(0);
    expect(stats.toRoom).toBeGreaterThan(100);

    await waitFor('the room at the phone', async () => (await leg.stats()).toPhone > 100, 20_000);
    leg.hangUp();
    await waitFor('baresip saw the hang-up', () => /terminated|closed/i.test(phone.output().split('SRTP is Enabled').pop() ?? ''), 10_000);
    await sleep(300);
    expect(typicalToneShare(await phone.heard(), CLERK_HZ)).toBeGreaterThan(0.3);
  });
});

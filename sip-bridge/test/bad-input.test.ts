import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaRoom, Sfu } from '@videoloket/sfu';
import type { PhoneLeg, SipBridge } from '../src';
import { startBaresip, type Baresip } from './baresip';
import { sleep, startBridge, startSfu, toneParticipant, waitFor } from './helpers';

// Issue 14, item 6: what an attacker (or a broken trunk) sends the bridge.
// Malformed SIP over UDP and TCP, an offer with no common codec, an INVITE
// flood from one address: each refused, the process up, and a phone leg in
// another call (baresip, connected before the attack) untouched — still
// connected, still receiving audio.

let sfu: Sfu;
let room: MediaRoom;
let other: MediaRoom;
let bridge: SipBridge;
let phone: Baresip;
let leg: PhoneLeg;
const cleanups: Array<() => void> = [];

beforeEach(async () => {
  sfu = await startSfu();
  room = await sfu.createRoom(`call-${Date.now()}`);
  other = await sfu.createRoom(`other-${Date.now()}`);
  bridge = await startBridge({ maxInvitesPerSource: 20 });
  phone = await startBaresip('pcma');
  const clerk = await toneParticipant(other, 'clerk');
  cleanups.push(clerk.stop);
  leg = await bridge.dialOut(other, { uri: `sip:interpreter@127.0.0.1:${phone.sipPort}`, displayName: 'Tolk' });
  await waitFor('the other call’s phone leg connected', () => leg.state === 'connected');
});

afterEach(async () => {
  for (const fn of cleanups.splice(0)) fn();
  await bridge?.close();
  await phone?.stop();
  await sfu?.close();
});

/** A raw SIP peer on UDP from `address` (any 127.0.0.0/8 address is loopback on Linux). */
async function udpPeer(address = '127.0.0.1') {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, address, r));
  const responses: string[] = [];
  socket.on('message', (m) => responses.push(m.toString('latin1')));
  cleanups.push(() => socket.close());
  return {
    port: socket.address().port,
    responses,
    send: (text: string | Buffer) => new Promise<void>((r) => socket.send(text, bridge.sipPort, '127.0.0.1', () => r())),
  };
}

function request(method: string, uri: string, from: { address: string; port: number }, n: number, body = '', extra = ''): string {
  const branch = `z9hG4bK-${method}-${n}-${Math.random().toString(36).slice(2)}`;
  return (
    `${method} ${uri} SIP/2.0\r\nVia: SIP/2.0/UDP ${from.address}:${from.port};branch=${branch};rport\r\nMax-Forwards: 70\r\n` +
    `From: <sip:attacker@${from.address}>;tag=t${n}\r\nTo: <${uri}>\r\nCall-ID: c${n}-${branch}@attacker\r\nCSeq: 1 ${method}\r\n` +
    `Contact: <sip:attacker@${from.address}:${from.port}>\r\n${extra}${body ? 'Content-Type: application/sdp\r\n' : ''}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

function offer(address: string, codecs: string): string {
  return `v=0\r\no=- 1 1 IN IP4 ${address}\r\ns=-\r\nc=IN IP4 ${address}\r\nt=0 0\r\nm=audio 40000 RTP/AVP ${codecs}\r\n`;
}

async function assertOtherLegUntouched(): Promise<void> {
  expect(leg.state).toBe('connected');
  const before = (await leg.stats()).toPhone;
  await waitFor('audio still flowing to the other call’s phone', async () => (await leg.stats()).toPhone > before + 25, 10_000);
  // And the bridge still answers a well-formed request.
  const probe = await udpPeer();
  await probe.send(request('OPTIONS', `sip:probe@127.0.0.1:${bridge.sipPort}`, { address: '127.0.0.1', port: probe.port }, 0));
  await waitFor('200 to OPTIONS', () => probe.responses.some((r) => r.startsWith('SIP/2.0 200')), 5000);
}

describe('bad input to the SIP bridge', () => {
  it('drops malformed SIP over UDP and cuts off unframeable TCP streams; nothing else changes', async () => {
    const peer = await udpPeer();
    const from = { address: '127.0.0.1', port: peer.port };
    const garbage: Array<string | Buffer> = [
      Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]),
      'INVITE\r\n\r\n',
      'INVITE sip:x SIP/2.0\r\nVia SIP/2.0/UDP nowhere\r\n\r\n',
      request('INVITE', 'sip:1@127.0.0.1', from, 1).replace(/Content-Length: \d+/, 'Content-Length: 9999'),
      request('INVITE', 'sip:1@127.0.0.1', from, 2).replace(/CSeq: 1 INVITE/, 'CSeq: banana'),
      request('INVITE', 'not-a-uri', from, 3),
      request('INVITE', 'sip:1@127.0.0.1', from, 4, 'v=0\r\nthis is not SDP\r\n'),
      `OPTIONS sip:x SIP/2.0\r\nX-Long: ${'a'.repeat(60_000)}\r\n\r\n`,
    ];
    for (const g of garbage) await peer.send(g);
    await sleep(500);
    // Nothing became a call; unparseable requests get at most a 400, never a 2xx.
    expect(peer.responses.filter((r) => /^SIP\/2\.0 2/.test(r))).toEqual([]);
    expect(bridge.legs(room.callId)).toHaveLength(0);

    // TCP: a message without Content-Length (mandatory on streams) and an endless header are cut off.
    for (const payload of ['OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bKx\r\n\r\n', `OPTIONS sip:x SIP/2.0\r\nX: ${'b'.repeat(70_000)}`]) {
      const socket = net.connect(bridge.sipPort, '127.0.0.1');
      const closed = new Promise<void>((r) => socket.on('close', () => r()));
      socket.on('error', () => undefined);
      socket.write(payload);
      await Promise.race([closed, sleep(5000).then(() => Promise.reject(new Error('the bridge kept a stream it cannot frame')))]);
    }
    await assertOtherLegUntouched();
  });

  it('answers 488 to an offer with no common codec (G.729 only), and to SRTP when SRTP is off', async () => {
    const dialIn = bridge.openDialIn(room);
    const peer = await udpPeer();
    const from = { address: '127.0.0.1', port: peer.port };
    const uri = `sip:${dialIn.extension}*${dialIn.pin}@127.0.0.1:${bridge.sipPort}`;
    await peer.send(request('INVITE', uri, from, 10, offer('127.0.0.1', '18')));
    await waitFor('488', () => peer.responses.some((r) => r.startsWith('SIP/2.0 488')), 5000);
    const savp = offer('127.0.0.1', '8').replace('RTP/AVP', 'RTP/SAVP') + 'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:' + Buffer.alloc(30, 7).toString('base64') + '\r\n';
    await peer.send(request('INVITE', uri, from, 11, savp));
    await waitFor('second 488', () => peer.responses.filter((r) => r.startsWith('SIP/2.0 488')).length >= 2, 5000);
    expect(bridge.legs(room.callId)).toHaveLength(0);
    // The dial-in is still usable: a codec mismatch is not a wrong PIN.
    expect(room.listProducers()).toHaveLength(0);
    await assertOtherLegUntouched();
  });

  it('rate-limits an INVITE flood from one address with 503 Retry-After; another address still gets through', async () => {
    const dialIn = bridge.openDialIn(room);
    const attacker = await udpPeer('127.0.0.1');
    const from = { address: '127.0.0.1', port: attacker.port };
    // Bounded: 120 INVITEs in bursts of 20 (a loaded test machine drops longer UDP bursts in the kernel).
    for (let i = 0; i < 120; i++) {
      if (i % 20 === 19) await sleep(20);
      await attacker.send(request('INVITE', `sip:${100000 + i}@127.0.0.1:${bridge.sipPort}`, from, 100 + i, offer('127.0.0.1', '8')));
    }
    // UDP may lose some of a burst; most must come back refused, none accepted.
    const finals = () => attacker.responses.filter((r) => /^SIP\/2\.0 [3-6]\d\d/.test(r));
    await waitFor('503s to the flood', () => finals().filter((r) => r.startsWith('SIP/2.0 503')).length >= 70, 20_000);
    await sleep(500);
    const unavailable = finals().filter((r) => r.startsWith('SIP/2.0 503'));
    // Only the first maxInvitesPerSource (20) got as far as the dial-in check (404, then 403 once blocked).
    expect(attacker.responses.filter((r) => r.startsWith('SIP/2.0 100')).length).toBeLessThanOrEqual(20);
    expect(unavailable[0]).toMatch(/\r\nRetry-After: 10\r\n/i);
    expect(attacker.responses.some((r) => /^SIP\/2\.0 2/.test(r))).toBe(false);
    expect(bridge.legs(room.callId)).toHaveLength(0);

    // Someone else (another source address) can still dial in with the right PIN.
    const caller = await udpPeer('127.0.0.2');
    await caller.send(
      request('INVITE', `sip:${dialIn.extension}*${dialIn.pin}@127.0.0.1:${bridge.sipPort}`, { address: '127.0.0.2', port: caller.port }, 999, offer('127.0.0.2', '8')),
    );
    await waitFor('200 for the legitimate caller', () => caller.responses.some((r) => r.startsWith('SIP/2.0 200')), 10_000);
    await assertOtherLegUntouched();
  });
});

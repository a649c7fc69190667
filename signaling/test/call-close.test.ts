import dgram from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sfu } from '@videoloket/sfu';
import { SipBridge, type PhoneLeg } from '@videoloket/sip-bridge';
import { listForms } from '@videoloket/pdf';
import type { Call, CallEndReason } from '../src/call/Call';
import { CallRegistry } from '../src/call/CallRegistry';
import { createForms } from '../src/forms-setup';
import type { FormService } from '../src/forms';
import { startBaresip, type Baresip } from '@videoloket/sip-bridge/testing';
import { testConfig } from './support';

// Issue 10, item 1: a call owns its media room, its form and its phone lines, and close()
// closes each of them exactly once, whatever ended the call. Real parts: a mediasoup worker,
// the SIP bridge calling Debian's baresip (auto-answering), a PDF form from the catalogue.

const logger = pino({ level: 'silent' });
let dataDir: string;
let sfu: Sfu;
let bridge: SipBridge;
let phone: Baresip;
let forms: FormService;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'videoloket-call-close-'));
  const config = testConfig(dataDir, {
    SIP_ENABLED: 'true',
    SIP_PORT: '0',
    SIP_RTP_PORT_MIN: '44000',
    SIP_RTP_PORT_MAX: '44999',
    SIP_DIAL_ALLOW: '^sip:[a-z0-9]+@127\\.0\\.0\\.1:\\d+$',
  });
  sfu = await startSfu(0);
  bridge = new SipBridge(config.sip!, logger);
  await bridge.start();
  phone = await startBaresip();
  forms = await createForms(config, logger);
}, 60_000);

afterAll(async () => {
  await phone?.stop();
  await bridge?.close();
  await sfu?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function startSfu(udpPort: number): Promise<Sfu> {
  const started = new Sfu({ workerCount: 1, listenIp: '127.0.0.1', udpBasePort: udpPort, tcpBasePort: 0, rtcPortRange: { min: 20000, max: 29999 }, logger });
  await started.start();
  return started;
}

function registry(media: Sfu, idleTimeoutMs = 60_000): CallRegistry {
  return new CallRegistry({ sfu: media, forms, telephony: bridge, logger, idleTimeoutMs });
}

interface Counts {
  ended: CallEndReason[];
  roomClosed: number;
  legEnded: string[];
}

/** A call with a form open and a phone interpreter on the line, and counters on every part. */
async function busyCall(calls: CallRegistry): Promise<{ call: Call; leg: PhoneLeg; counts: Counts }> {
  const call = await calls.create({ title: 'Reistoestemming', createdByClerkId: 'clerk-1' });
  const counts: Counts = { ended: [], roomClosed: 0, legEnded: [] };
  call.on('ended', (reason) => counts.ended.push(reason));
  call.media.room.on('close', () => counts.roomClosed++);
  await forms.open(call.forms, listForms()[0]!.id, { clerkName: 'An Balie' });
  const seated = new Promise<void>((resolve) => call.session.on('changed', () => call.session.allSeats().some((s) => s.phone) && resolve()));
  const dialled = await call.phone.dialOut({ uri: `sip:interpreter@127.0.0.1:${phone.sipPort}`, displayName: 'Tolk (telefoon)' });
  await seated;
  const leg = call.phone.legs.find((l) => l.id === dialled.legId)!;
  leg.on('ended', (e) => counts.legEnded.push(e.reason));
  expect(call.forms.session).toBeDefined();
  return { call, leg, counts };
}

function expectClosedOnce(call: Call, counts: Counts, reason: CallEndReason, calls: CallRegistry): void {
  expect(counts.ended).toEqual([reason]);
  expect(call.endReason).toBe(reason);
  expect(counts.roomClosed).toBe(1);
  expect(call.media.room.closed).toBe(true);
  expect(counts.legEnded).toEqual(['hung-up']);
  expect(call.phone.legs).toEqual([]);
  expect(call.forms.closed).toBe(true);
  expect(call.forms.session).toBeUndefined();
  expect(call.session.status).toBe('ended');
  // Gone from the registry; its links answer "ended".
  expect(calls.find(call.id)).toBeUndefined();
  expect(() => calls.get(call.id)).toThrow(expect.objectContaining({ code: 'GONE' }));
  // A second close, by anything, changes nothing.
  call.close('shutdown');
  expect(counts.ended).toEqual([reason]);
  expect(counts.roomClosed).toBe(1);
  expect(counts.legEnded).toHaveLength(1);
}

describe("a call's close()", () => {
  it('the clerk ends it: media, form and phone line close once', async () => {
    const calls = registry(sfu);
    const { call, counts } = await busyCall(calls);
    call.close('ended-by-clerk', { clerkId: 'clerk-1' });
    expectClosedOnce(call, counts, 'ended-by-clerk', calls);
  });

  it('it expires once everyone has left (a phone line does not count)', async () => {
    const calls = registry(sfu, 3_000);
    const { call, counts } = await busyCall(calls);
    // Nobody has joined yet: the call waits for its links, however long.
    await new Promise((r) => setTimeout(r, 4_000));
    expect(counts.ended).toEqual([]);
    call.session.join({ role: 'clerk', clerkId: 'clerk-1', displayName: 'An Balie' }, 'c1');
    call.session.disconnect('c1');
    await expect.poll(() => counts.ended, { timeout: 20_000 }).toEqual(['expired']);
    expectClosedOnce(call, counts, 'expired', calls);
  });

  it('the process shuts down: every call closes once', async () => {
    const calls = registry(sfu);
    const first = await busyCall(calls);
    const second = await busyCall(calls);
    calls.closeAll('shutdown');
    expectClosedOnce(first.call, first.counts, 'shutdown', calls);
    expectClosedOnce(second.call, second.counts, 'shutdown', calls);
  });

  it('its media worker is lost for good: the call ends, phone and form close once', async () => {
    // A pool of one worker whose UDP port is taken the moment it dies, so no replacement can start.
    const udpPort = await new Promise<number>((resolve) => {
      const probe = dgram.createSocket('udp4');
      probe.bind(0, '127.0.0.1', () => {
        const { port } = probe.address();
        probe.close(() => resolve(port));
      });
    });
    const doomed = await startSfu(udpPort);
    const squatter = dgram.createSocket('udp4');
    doomed.once('workerdied', () => squatter.bind(udpPort, '127.0.0.1'));
    try {
      const calls = registry(doomed);
      const { call, counts } = await busyCall(calls);
      process.kill(call.media.room.workerPid, 'SIGKILL');
      await expect.poll(() => counts.ended, { timeout: 30_000 }).toEqual(['media-lost']);
      // The room closed itself (no worker left); the call then closed everything else once.
      expectClosedOnce(call, counts, 'media-lost', calls);
    } finally {
      squatter.close();
      await doomed.close();
    }
  });

  it('tells its records what happened: waiting, active once, a revoked link, ended with who ended it', async () => {
    const calls = registry(sfu);
    const created: string[] = [];
    calls.on('created', (c) => created.push(c.id));
    const call = await calls.create({ title: 'Afspraak', createdByClerkId: 'clerk-1' });
    const events: string[] = [];
    call.on('waiting', (seat) => events.push(`waiting:${seat.displayName}`));
    call.on('active', () => events.push('active'));
    call.on('linkRevoked', (linkId) => events.push(`revoked:${linkId}`));
    call.on('ended', (reason, by) => events.push(`ended:${reason}:${by?.clerkId}`));

    const { session } = call;
    session.join({ role: 'clerk', clerkId: 'clerk-1', displayName: 'An Balie' }, 'c1');
    const first = session.join({ role: 'citizen', linkId: 'link-1', displayName: 'Jan' }, 'z1').seat;
    session.join({ role: 'citizen', linkId: 'link-1', displayName: 'Jan' }, 'z2', first.resumeKey); // back to the same seat: no new knock
    const second = session.join({ role: 'citizen', linkId: 'link-2', displayName: 'Els' }, 'z3').seat;
    session.admit(first.participantId);
    session.admit(second.participantId);
    session.withdrawLink('link-2');
    call.close('ended-by-clerk', { clerkId: 'clerk-1' });

    expect(created).toEqual([call.id]);
    expect(events).toEqual(['waiting:Jan', 'waiting:Els', 'active', 'revoked:link-2', 'ended:ended-by-clerk:clerk-1']);
  });
});

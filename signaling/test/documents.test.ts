import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSummary, JoinResponse } from '@videoloket/contracts';
import { clamdEnv, connect, join, request, startTestServer, tusUpload, type ClientSocket, type TestServer } from './support';

// Documents wired into the call (issue 3 phase 2), against the real server and the real
// clamd (scripts/services/clamd.sh): seat HTTP token, admission, role rules, push scoping.

const FIXTURE = path.resolve(import.meta.dirname, '../../e2e/fixtures/documents/antwoord-gemeente.pdf');

let server: TestServer;
let pdf: Buffer;

beforeAll(async () => {
  pdf = await readFile(FIXTURE);
  server = await startTestServer({ BACKOFFICE_SEED: 'false', ...clamdEnv() });
});

afterAll(async () => {
  await server?.stop();
});

async function newCall() {
  const clerkToken = await server.login();
  const { call, citizenToken } = await server.createCall(clerkToken, 'Documenten');
  const callId = call.callId;
  const clerk = await connect(server.app.url, { token: clerkToken, callId });
  const clerkJoin = await join(clerk);
  return { callId, clerkToken, citizenToken, clerk, clerkJoin };
}

async function joinAs(token: string, name: string): Promise<{ socket: ClientSocket; join: JoinResponse }> {
  const socket = await connect(server.app.url, { token });
  return { socket, join: await join(socket, { displayName: name }) };
}

function collect(socket: ClientSocket): DocumentSummary[] {
  const seen: DocumentSummary[] = [];
  socket.on('documents:changed', (d) => seen.push(d));
  return seen;
}

async function until<T>(fn: () => T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('documents in the call', () => {
  it('every join carries a seat HTTP token; a waiting seat can neither upload nor list', async () => {
    const { callId, clerk, clerkJoin, clerkToken, citizenToken } = await newCall();
    expect(clerkJoin.httpToken).toEqual(expect.any(String));
    const waiting = await joinAs(citizenToken, 'Wachtende');
    expect(waiting.join.self.status).toBe('waiting');
    expect(waiting.join.httpToken).toEqual(expect.any(String));
    expect((await tusUpload(server.app.url, waiting.join.httpToken!, { callId, filename: 'a.pdf', filetype: 'application/pdf' }, pdf)).create).toBe(403);
    expect(await request(waiting.socket, 'documents:list', { callId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A call link or a clerk session is not an upload credential (another audience).
    expect((await tusUpload(server.app.url, citizenToken, { callId, filename: 'a.pdf' }, pdf)).create).toBe(401);
    expect((await tusUpload(server.app.url, clerkToken, { callId, filename: 'a.pdf' }, pdf)).create).toBe(401);
    // The clerk's own seat token works for the clerk's call only.
    const other = await newCall();
    expect((await tusUpload(server.app.url, clerkJoin.httpToken!, { callId: other.callId, filename: 'a.pdf', filetype: 'application/pdf' }, pdf)).create).toBe(403);
    for (const s of [clerk, waiting.socket, other.clerk]) s.close();
  });

  it("citizen upload: the clerk follows every state; a second citizen seat sees it only once the clerk shares it; bytes come back identical", async () => {
    const { callId, clerk, citizenToken } = await newCall();
    const citizen = await joinAs(citizenToken, 'Jan Peeters');
    const second = await joinAs(citizenToken, 'Tweede toestel');
    const waiting = await joinAs(citizenToken, 'Derde toestel');
    await request(clerk, 'call:admit', { participantId: citizen.join.self.participantId });
    await request(clerk, 'call:admit', { participantId: second.join.self.participantId });
    const toClerk = collect(clerk);
    const toCitizen = collect(citizen.socket);
    const toSecond = collect(second.socket);
    const toWaiting = collect(waiting.socket);

    const up = await tusUpload(server.app.url, citizen.join.httpToken!, { callId, filename: 'brief.pdf', filetype: 'application/pdf' }, pdf);
    expect(up).toEqual({ create: 201, patch: 204 });
    const ready = await until(() => toClerk.find((d) => d.fileName === 'brief.pdf' && d.state === 'ready'));
    await until(() => toCitizen.find((d) => d.state === 'ready'));
    expect(toClerk.map((d) => d.state)).toEqual(expect.arrayContaining(['uploading', 'scanning', 'ready']));
    expect(toCitizen.map((d) => d.state)).toEqual(expect.arrayContaining(['uploading', 'ready']));
    // The uploader's document is theirs: another admitted citizen seat (a partner on the
    // forwarded link) gets no push, no list entry and no link; a waiting seat gets nothing.
    expect(toSecond).toEqual([]);
    expect(toWaiting).toEqual([]);
    expect(await request(second.socket, 'documents:list', { callId })).toMatchObject({ ok: true, data: [] });
    expect(await request(second.socket, 'documents:download-url', { documentId: ready.documentId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // The clerk shares it with that seat: pushed, listed, downloadable.
    expect(await request(clerk, 'documents:share', { documentId: ready.documentId, participantId: second.join.self.participantId })).toMatchObject({ ok: true });
    await until(() => toSecond.find((d) => d.documentId === ready.documentId && d.state === 'ready'));
    expect(toWaiting).toEqual([]);
    const link = (await request(second.socket, 'documents:download-url', { documentId: ready.documentId })) as { ok: true; data: { url: string } };
    const res = await fetch(new URL(link.data.url, server.app.url));
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(pdf).digest('hex'));

    // Clerk-only events.
    expect(await request(citizen.socket, 'documents:audit', { documentId: ready.documentId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(citizen.socket, 'documents:share', { documentId: ready.documentId, participantId: second.join.self.participantId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const audit = (await request(clerk, 'documents:audit', { documentId: ready.documentId })) as { ok: true; data: { action: string }[] };
    expect(audit.data.map((e) => e.action)).toEqual(expect.arrayContaining(['upload-started', 'uploaded', 'scanned', 'downloaded']));
    const list = (await request(clerk, 'documents:list', { callId })) as { ok: true; data: DocumentSummary[] };
    expect(list.data.map((d) => d.fileName)).toEqual(['brief.pdf']);

    // A removed seat's token stops working at once.
    await request(clerk, 'call:remove', { participantId: citizen.join.self.participantId });
    expect((await tusUpload(server.app.url, citizen.join.httpToken!, { callId, filename: 'nog.pdf', filetype: 'application/pdf' }, pdf)).create).toBe(403);
    for (const s of [clerk, citizen.socket, second.socket, waiting.socket]) s.close();
  });

  it("another call's upload cannot be reached by smuggling its id behind one's own upload URL (issue 9, finding 1)", async () => {
    const victimCall = await newCall();
    const victim = await joinAs(victimCall.citizenToken, 'Slachtoffer');
    await request(victimCall.clerk, 'call:admit', { participantId: victim.join.self.participantId });
    const attackerCall = await newCall();
    const attacker = await joinAs(attackerCall.citizenToken, 'Aanvaller');
    await request(attackerCall.clerk, 'call:admit', { participantId: attacker.join.self.participantId });
    const [victimToken, attackerToken] = [victim.join.httpToken!, attacker.join.httpToken!];

    const create = (token: string, callId: string, size: number) =>
      fetch(`${server.app.url}/api/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0', 'upload-length': String(size), 'upload-metadata': `callId ${Buffer.from(callId).toString('base64')},filename ${Buffer.from('aangifte.pdf').toString('base64')},filetype ${Buffer.from('application/pdf').toString('base64')}` },
      });
    const victimUpload = new URL((await create(victimToken, victimCall.callId, pdf.length)).headers.get('location')!, server.app.url);
    const half = Math.floor(pdf.length / 2);
    const patch = (url: string, token: string, offset: number, body: Buffer) =>
      fetch(url, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }, body: new Uint8Array(body) });
    expect((await patch(victimUpload.href, victimToken, 0, pdf.subarray(0, half))).status).toBe(204);
    const ownUpload = new URL((await create(attackerToken, attackerCall.callId, 1000)).headers.get('location')!, server.app.url);
    const victimId = victimUpload.pathname.split('/').pop()!;
    const head = () => fetch(victimUpload, { method: 'HEAD', headers: { authorization: `Bearer ${victimToken}`, 'tus-resumable': '1.0.0' } });
    const before = await head();

    for (const smuggled of [`${ownUpload.href}?/${victimId}`, `${ownUpload.href}?a=/${victimId}`, `${ownUpload.href}%2F${victimId}`]) {
      const auth = { authorization: `Bearer ${attackerToken}`, 'tus-resumable': '1.0.0' };
      const peek = await fetch(smuggled, { method: 'HEAD', headers: auth });
      expect(peek.status).toBe(404);
      expect(peek.headers.get('upload-metadata')).toBeNull();
      expect((await patch(smuggled, attackerToken, half, Buffer.from('%PDF-1.7 overgenomen'))).status).toBe(404);
      expect((await fetch(smuggled, { method: 'DELETE', headers: auth })).status).toBe(404);
    }
    const after = await head();
    expect(after.status).toBe(200);
    expect([after.headers.get('upload-offset'), after.headers.get('upload-metadata')]).toEqual([before.headers.get('upload-offset'), before.headers.get('upload-metadata')]);
    expect(after.headers.get('upload-offset')).toBe(String(half));

    // The victim finishes; the clerk of that call receives exactly the victim's bytes, as theirs.
    const toClerk = collect(victimCall.clerk);
    expect((await patch(victimUpload.href, victimToken, half, pdf.subarray(half))).status).toBe(204);
    const ready = await until(() => toClerk.find((d) => d.state === 'ready'));
    expect(ready).toMatchObject({ sha256: createHash('sha256').update(pdf).digest('hex'), uploadedBy: { participantId: victim.join.self.participantId } });
    const attackerList = (await request(attackerCall.clerk, 'documents:list', { callId: attackerCall.callId })) as { ok: true; data: DocumentSummary[] };
    expect(attackerList.data.map((d) => d.state)).toEqual(['uploading']);
    for (const s of [victimCall.clerk, victim.socket, attackerCall.clerk, attacker.socket]) s.close();
  });

  it('an interpreter sees no documents and is refused them until the clerk shares one (issue 5)', async () => {
    const { callId, clerk, citizenToken } = await newCall();
    const citizen = await joinAs(citizenToken, 'Jan Peeters');
    await request(clerk, 'call:admit', { participantId: citizen.join.self.participantId });
    const invite = (await request(clerk, 'interpreter:invite', { language: 'Arabisch', admitDirectly: true, name: 'Samira' })) as {
      ok: true;
      data: { url: string };
    };
    const interpreter = await joinAs(new URL(invite.data.url).hash.replace('#t=', ''), 'Samira');
    expect(interpreter.join.self).toMatchObject({ role: 'interpreter', status: 'admitted' });
    const toInterpreter = collect(interpreter.socket);
    const toClerk = collect(clerk);

    expect(await tusUpload(server.app.url, citizen.join.httpToken!, { callId, filename: 'attest.pdf', filetype: 'application/pdf' }, pdf)).toEqual({ create: 201, patch: 204 });
    const ready = await until(() => toClerk.find((d) => d.fileName === 'attest.pdf' && d.state === 'ready'));

    // Nothing listed, nothing pushed, a direct request refused, and no uploads either.
    expect(await request(interpreter.socket, 'documents:list', { callId })).toMatchObject({ ok: true, data: [] });
    const refused = await request(interpreter.socket, 'documents:download-url', { documentId: ready.documentId });
    expect(refused.ok).toBe(false);
    expect(toInterpreter).toEqual([]);
    expect((await tusUpload(server.app.url, interpreter.join.httpToken!, { callId, filename: 'x.pdf', filetype: 'application/pdf' }, pdf)).create).toBe(403);

    // Shared by the clerk: listed, pushed and downloadable, byte-identical.
    expect(
      await request(clerk, 'documents:share', { documentId: ready.documentId, participantId: interpreter.join.self.participantId }),
    ).toMatchObject({ ok: true });
    await until(() => toInterpreter.find((d) => d.documentId === ready.documentId));
    const listed = (await request(interpreter.socket, 'documents:list', { callId })) as { ok: true; data: DocumentSummary[] };
    expect(listed.data.map((d) => d.fileName)).toEqual(['attest.pdf']);
    const link = (await request(interpreter.socket, 'documents:download-url', { documentId: ready.documentId })) as { ok: true; data: { url: string } };
    const bytes = Buffer.from(await (await fetch(new URL(link.data.url, server.app.url))).arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(pdf).digest('hex'));
    for (const s of [clerk, citizen.socket, interpreter.socket]) s.close();
  });
});

describe('documents after the call (issue 17)', () => {
  const afterCall = (linkToken: string | undefined, seatKey: string | undefined) =>
    fetch(`${server.app.url}/api/after-call/documents`, {
      headers: { ...(linkToken ? { authorization: `Bearer ${linkToken}` } : {}), ...(seatKey ? { 'x-seat-key': seatKey } : {}) },
    });

  it('the admitted citizen reopens the link with their seat key and lists what they sent and received — nothing more, nobody else', async () => {
    const { callId, clerk, clerkJoin, citizenToken } = await newCall();
    const citizen = await joinAs(citizenToken, 'Jan Peeters');
    const forwarded = await joinAs(citizenToken, 'Doorgestuurd'); // same link, never admitted
    await request(clerk, 'call:admit', { participantId: citizen.join.self.participantId });
    const toClerk = collect(clerk);
    expect(await tusUpload(server.app.url, citizen.join.httpToken!, { callId, filename: 'van-burger.pdf', filetype: 'application/pdf' }, pdf)).toEqual({ create: 201, patch: 204 });
    expect(await tusUpload(server.app.url, clerkJoin.httpToken!, { callId, filename: 'van-balie.pdf', filetype: 'application/pdf' }, pdf)).toEqual({ create: 201, patch: 204 });
    await until(() => (toClerk.filter((d) => d.state === 'ready').length >= 2 ? true : undefined));

    // While the call runs, this route is not the way in (seats are remembered when the call ends).
    expect((await afterCall(citizenToken, citizen.join.resumeKey)).status).toBe(401);
    // Ending closes every socket of the call, possibly before the ack leaves.
    await request(clerk, 'call:end', {}).catch(() => undefined);
    await until(() => (server.app.registry.find(callId) ? undefined : true));

    const res = await afterCall(citizenToken, citizen.join.resumeKey);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { callId: string; participantId: string; documents: { fileName: string; uploadedBy: { participantId: string }; download?: { url: string } }[] };
    expect(body.callId).toBe(callId);
    expect(body.participantId).toBe(citizen.join.self.participantId);
    expect(body.documents.map((d) => d.fileName).sort()).toEqual(['van-balie.pdf', 'van-burger.pdf']);
    const sent = body.documents.find((d) => d.uploadedBy.participantId === body.participantId);
    expect(sent?.fileName).toBe('van-burger.pdf');
    const received = body.documents.find((d) => d.fileName === 'van-balie.pdf')!;
    const download = await fetch(new URL(received.download!.url, server.app.url));
    expect(download.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await download.arrayBuffer())).digest('hex')).toBe(createHash('sha256').update(pdf).digest('hex'));

    // "For as long as retention allows": the same link after it expired (joining links last
    // hours, retention 30 days) still opens the list with the key; one expired beyond retention does not.
    const { linkId } = await server.app.tokens.verifyCallLink(citizenToken);
    const expiredLink = (agoMs: number) => server.app.tokens.signCallLink({ callId, linkId, role: 'citizen' }, { expiresAt: new Date(Date.now() - agoMs) });
    expect((await afterCall(await expiredLink(20 * 86_400_000), citizen.join.resumeKey)).status).toBe(200);
    expect((await afterCall(await expiredLink(31 * 86_400_000), citizen.join.resumeKey)).status).toBe(401);

    // A forwarded copy of the link (never admitted), a guessed key, no key, another call's link: refused alike.
    const other = await newCall();
    for (const [token, key] of [
      [citizenToken, forwarded.join.resumeKey],
      [citizenToken, 'A'.repeat(32)],
      [citizenToken, undefined],
      [undefined, citizen.join.resumeKey],
      [other.citizenToken, citizen.join.resumeKey],
      ['not-a-token', citizen.join.resumeKey],
    ] as const) {
      const refused = await afterCall(token, key);
      expect(refused.status, `${token?.slice(0, 8)} ${key?.slice(0, 8)}`).toBe(401);
      expect(await refused.text()).not.toMatch(/van-b/);
    }
    // The old seat HTTP token does not come back to life: no uploads after the end.
    expect((await tusUpload(server.app.url, citizen.join.httpToken!, { callId, filename: 'te-laat.pdf', filetype: 'application/pdf' }, pdf)).create).toBe(403);
    for (const s of [clerk, citizen.socket, forwarded.socket, other.clerk]) s.close();
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@videoloket/contracts';
import type { ObjectStore } from '../src/index';
import {
  citizenA,
  citizenB,
  clerk,
  interpreterA,
  makeStore,
  PrivateClamd,
  projectScanner,
  pdfOf,
  startHarness,
  tusUpload,
  waitFor,
  type Harness,
  type StoreKind,
} from './harness';
import { hostilePdf } from '@videoloket/pdf/testing';
import { docxWith } from './zip-bomb';

// One suite, run against every ObjectStore adapter (documents.local.test.ts,
// documents.s3.test.ts): tus protocol, content checks, scanning, access, audit, retention.

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name));
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const eicar = () => Buffer.from(readFileSync(path.join(import.meta.dirname, 'fixtures', 'eicar.txt.b64'), 'utf8'), 'base64');


async function download(h: Harness, who: Principal, documentId: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const { url } = await h.service.createDownloadUrl(who, documentId);
  const res = await fetch(`${h.url}${url}`);
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

function raw(h: Harness, who: Principal | null, method: string, pathOrUrl: string, headers: Record<string, string> = {}, body?: Buffer) {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${h.url}${pathOrUrl}`;
  return fetch(url, {
    method,
    headers: { 'Tus-Resumable': '1.0.0', ...(who ? { Authorization: `Bearer ${h.tokenOf(who)}` } : {}), ...headers },
    ...(body ? { body: new Uint8Array(body) } : {}),
  });
}

const meta = (callId: string, filename: string, filetype = 'application/pdf') =>
  `callId ${Buffer.from(callId).toString('base64')},filename ${Buffer.from(filename).toString('base64')},filetype ${Buffer.from(filetype).toString('base64')}`;

async function createRaw(h: Harness, who: Principal, size: number, filename = 'raw.pdf', callId = 'call-a'): Promise<Response> {
  return raw(h, who, 'POST', '/api/uploads', { 'Upload-Length': String(size), 'Upload-Metadata': meta(callId, filename) });
}

/**
 * A request sent exactly as written (fetch would normalise dot segments and escapes).
 * `body` may be a function that writes the body itself; the promise settles with the response.
 */
function rawHttp(
  h: Harness,
  method: string,
  target: string,
  headers: Record<string, string | number>,
  body?: Buffer | ((req: http.ClientRequest) => void),
): Promise<{ status: number; headers: http.IncomingHttpHeaders; req: http.ClientRequest }> {
  const { hostname, port } = new URL(h.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path: target, headers: { 'Tus-Resumable': '1.0.0', ...headers } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode!, headers: res.headers, req });
    });
    req.on('error', reject);
    if (typeof body === 'function') body(req);
    else req.end(body);
  });
}

const patchHeaders = (who: Principal, h: Harness, offset: number, extra: Record<string, string | number> = {}) => ({
  Authorization: `Bearer ${h.tokenOf(who)}`,
  'Upload-Offset': offset,
  'Content-Type': 'application/offset+octet-stream',
  ...extra,
});

const sha1b64 = (b: Buffer) => createHash('sha1').update(b).digest('base64');

export function describeDocumentSuite(kind: StoreKind, clamdPort: number): void {
  describe(`documents on ${kind}`, () => {
    let h: Harness;
    let store: ObjectStore;
    let cleanup: () => void;
    const spoolDirectory = mkdtempSync(path.join(os.tmpdir(), 'videoloket-spool-test-'));
    const spooled = () => readdirSync(spoolDirectory);

    beforeAll(async () => {
      ({ store, cleanup } = await makeStore(kind));
      h = await startHarness(store, projectScanner(), { maxFileBytes: 8 * 1024 * 1024, maxCallBytes: 24 * 1024 * 1024, spoolDirectory });
    });
    afterAll(async () => {
      await h?.close();
      cleanup?.();
    });

    it('object store: put, get, exists, delete', async () => {
      const key = `suite/${randomBytes(6).toString('hex')}`;
      const data = randomBytes(300_000);
      expect((await store.put(key, Readable.from([data.subarray(0, 1000), data.subarray(1000)]))).bytes).toBe(data.length);
      expect(await store.exists(key)).toBe(true);
      expect((await buffer(await store.get(key))).equals(data)).toBe(true);
      await store.delete(key);
      await store.delete(key); // idempotent
      expect(await store.exists(key)).toBe(false);
      await expect(store.get(key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('an interrupted upload resumes from its offset and arrives byte-identical', async () => {
      const data = pdfOf(3 * 1024 * 1024 + 12345);
      const metadata = { callId: 'call-a', filename: 'rental-contract.pdf', filetype: 'application/pdf' };
      const first = new tus.Upload(data, {
        endpoint: `${h.url}/api/uploads`,
        headers: { Authorization: `Bearer ${h.tokenOf(citizenA)}` },
        metadata,
        chunkSize: 256 * 1024,
        retryDelays: [],
      });
      await new Promise<void>((resolve, reject) => {
        first.options.onError = reject;
        first.options.onChunkComplete = (_c, sent) => {
          if (sent >= 1024 * 1024) void first.abort().then(resolve);
        };
        first.start();
      });
      const head = await raw(h, citizenA, 'HEAD', first.url!);
      const offset = Number(head.headers.get('upload-offset'));
      expect(offset).toBeGreaterThanOrEqual(1024 * 1024);
      expect(offset).toBeLessThan(data.length);
      expect((await waitFor(h, clerk, 'call-a', 'rental-contract.pdf', ['uploading'])).state).toBe('uploading');

      let resumedFrom = -1;
      await tusUpload(h, citizenA, data, metadata, {
        uploadUrl: first.url!,
        onProgress: (sent) => {
          if (resumedFrom < 0) resumedFrom = sent;
        },
      });
      expect(resumedFrom).toBeGreaterThanOrEqual(offset);
      const doc = await waitFor(h, clerk, 'call-a', 'rental-contract.pdf', ['ready', 'refused']);
      expect(doc).toMatchObject({ state: 'ready', contentType: 'application/pdf', size: data.length, sha256: sha256(data) });
      const got = await download(h, clerk, doc.documentId);
      expect(got.status).toBe(200);
      expect(sha256(got.body)).toBe(sha256(data));
      expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="rental-contract.pdf"/);
    });

    it('at rest the bytes are encrypted', async () => {
      const data = fixture('defect.png');
      const uploadUrl = await tusUpload(h, citizenA, data, { callId: 'call-a', filename: 'at-rest.png', filetype: 'image/png' });
      const doc = await waitFor(h, clerk, 'call-a', 'at-rest.png', ['ready']);
      // the plaintext tus copy is gone once the encrypted document is stored
      await expect(store.tusDataStore().getUpload(uploadUrl.split('/').pop()!)).rejects.toBeTruthy();
      const stored = await buffer(await store.get(`call-a/${doc.documentId}`));
      expect(stored.includes(data.subarray(0, 16))).toBe(false);
      expect(stored.subarray(0, 4).toString()).toBe('VLK1');
    });

    it('PATCH with a wrong offset answers 409 and changes nothing', async () => {
      const created = await createRaw(h, citizenA, 1000);
      expect(created.status).toBe(201);
      const location = new URL(created.headers.get('location')!, h.url).href;
      const res = await raw(h, citizenA, 'PATCH', location, { 'Upload-Offset': '10', 'Content-Type': 'application/offset+octet-stream' }, Buffer.alloc(10));
      expect(res.status).toBe(409);
      expect((await raw(h, citizenA, 'HEAD', location)).headers.get('upload-offset')).toBe('0');
    });

    it('a checksum mismatch answers 460 and leaves the offset unchanged; a good checksum is accepted', async () => {
      const options = await raw(h, null, 'OPTIONS', '/api/uploads');
      expect(options.headers.get('tus-extension')).toContain('checksum');
      expect(options.headers.get('tus-checksum-algorithm')).toContain('sha1');
      const created = await createRaw(h, citizenA, 2000);
      const location = new URL(created.headers.get('location')!, h.url).href;
      const chunk = fixture('letter.pdf');
      const patch = (digest: string) =>
        raw(h, citizenA, 'PATCH', location, { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Upload-Checksum': `sha1 ${digest}` }, chunk);
      const bad = await patch(createHash('sha1').update('something else').digest('base64'));
      expect(bad.status).toBe(460);
      expect((await raw(h, citizenA, 'HEAD', location)).headers.get('upload-offset')).toBe('0');
      const good = await patch(createHash('sha1').update(chunk).digest('base64'));
      expect(good.status).toBe(204);
      expect(good.headers.get('upload-offset')).toBe(String(chunk.length));
      const unsupported = await raw(h, citizenA, 'PATCH', location, { 'Upload-Offset': String(chunk.length), 'Content-Type': 'application/offset+octet-stream', 'Upload-Checksum': 'crc99 AAAA' }, chunk);
      expect(unsupported.status).toBe(400);
      // Mismatch, success and refusal all leave the spool empty.
      expect(spooled()).toEqual([]);
    });

    it("an upload id smuggled behind one's own (query, extra segments, escapes, dot segments) is refused; the victim's upload is unchanged", async () => {
      // The victim: a citizen of call A, a third of the way through an upload.
      const victimData = pdfOf(30_000);
      const created = await createRaw(h, citizenA, victimData.length, 'victim-upload.pdf');
      const victimUrl = new URL(created.headers.get('location')!, h.url);
      const victimId = victimUrl.pathname.split('/').pop()!;
      const first = await raw(h, citizenA, 'PATCH', victimUrl.href, { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, victimData.subarray(0, 10_000));
      expect(first.status).toBe(204);
      const victimHead = async () => {
        const res = await raw(h, citizenA, 'HEAD', victimUrl.href);
        return { status: res.status, offset: res.headers.get('upload-offset'), length: res.headers.get('upload-length'), metadata: res.headers.get('upload-metadata') };
      };
      const before = await victimHead();
      const victimDoc = () => h.service.listForPrincipal(clerk, 'call-a').then((l) => l.find((d) => d.fileName === 'victim-upload.pdf'));
      const docBefore = await victimDoc();
      expect(before).toMatchObject({ status: 200, offset: '10000' });

      // The attacker: a citizen of call B with an upload of their own.
      const own = await createRaw(h, citizenB, 20_000, 'own.pdf', 'call-b');
      const ownPath = new URL(own.headers.get('location')!, h.url).pathname;
      const targets = [
        `${ownPath}?/${victimId}`,
        `${ownPath}?x=/${victimId}`,
        `${ownPath}?`,
        `${ownPath}/${victimId}`,
        `${ownPath}/`,
        `${ownPath}%2F${victimId}`,
        `${ownPath}%2f..%2f${victimId}`,
        `${ownPath}/../${victimId}`,
        `${ownPath}/./${victimId}`,
        `${ownPath};/${victimId}`,
        `/api/uploads//${victimId}`,
        `/api/uploads/x/../${victimId}`,
        `/api/uploads/${victimId}/..`,
      ];
      const auth = { Authorization: `Bearer ${h.tokenOf(citizenB)}` };
      for (const target of targets) {
        const head = await rawHttp(h, 'HEAD', target, auth);
        expect({ target, status: head.status }).toEqual({ target, status: 404 });
        expect(head.headers['upload-metadata']).toBeUndefined();
        const patch = await rawHttp(h, 'PATCH', target, patchHeaders(citizenB, h, 10_000), Buffer.from('%PDF-1.7 attacker bytes'));
        expect({ target, status: patch.status }).toEqual({ target, status: 404 });
        const del = await rawHttp(h, 'DELETE', target, auth);
        expect({ target, status: del.status }).toEqual({ target, status: 404 });
        // A creation aimed at an upload URL is refused too: POST goes to the collection only.
        expect((await rawHttp(h, 'POST', target, { ...auth, 'Upload-Length': 10, 'Upload-Metadata': meta('call-b', 'x.pdf') })).status).toBe(404);
      }

      // Nothing of the victim changed: offset, length, metadata, document state.
      expect(await victimHead()).toEqual(before);
      expect(await victimDoc()).toEqual(docBefore);
      // The attacker's own upload is reachable the normal way and also untouched.
      expect((await raw(h, citizenB, 'HEAD', `${h.url}${ownPath}`)).headers.get('upload-offset')).toBe('0');
      // The victim finishes: exactly their bytes arrive and become ready, as their upload.
      const rest = await raw(h, citizenA, 'PATCH', victimUrl.href, { 'Upload-Offset': '10000', 'Content-Type': 'application/offset+octet-stream' }, victimData.subarray(10_000));
      expect(rest.status).toBe(204);
      const doc = await waitFor(h, clerk, 'call-a', 'victim-upload.pdf', ['ready', 'refused']);
      expect(doc).toMatchObject({ state: 'ready', sha256: sha256(victimData), uploadedBy: { participantId: citizenA.participantId } });
    });

    it('checksummed chunks: a body larger than the upload lacks is refused before it is read, and no spool file is left', async () => {
      const created = await createRaw(h, citizenA, 5000, 'spool-cap.pdf');
      const location = new URL(created.headers.get('location')!, h.url);
      // Declares 100 MiB (the per-file limit is 8 MiB, the upload lacks 5000 bytes), sends 1 KiB and waits.
      const early = await rawHttp(h, 'PATCH', location.pathname, patchHeaders(citizenA, h, 0, { 'Upload-Checksum': `sha1 ${sha1b64(Buffer.alloc(1))}`, 'Content-Length': 100 * 1024 * 1024 }), (req) => {
        req.write(Buffer.alloc(1024));
      });
      early.req.destroy();
      expect(early.status).toBe(413);
      expect(spooled()).toEqual([]);
      // Without a Content-Length (chunked), the spool stops at what the upload lacks.
      const chunked = await rawHttp(h, 'PATCH', location.pathname, patchHeaders(citizenA, h, 0, { 'Upload-Checksum': `sha1 ${sha1b64(Buffer.alloc(6000))}`, 'Transfer-Encoding': 'chunked' }), (req) => {
        req.write(Buffer.alloc(3000));
        req.end(Buffer.alloc(3000));
      }).catch(() => ({ status: 0 })); // the server may cut the connection instead of answering
      expect([0, 413]).toContain(chunked.status);
      expect((await raw(h, citizenA, 'HEAD', location.href)).headers.get('upload-offset')).toBe('0');
      const cleaned = Date.now() + 5_000;
      while (spooled().length > 0 && Date.now() < cleaned) await new Promise((r) => setTimeout(r, 50));
      expect(spooled()).toEqual([]);
      // A chunk at the wrong offset is verified, then refused by tus (409): its copy goes too.
      const wrong = Buffer.alloc(100, 1);
      const conflict = await raw(h, citizenA, 'PATCH', location.href, { 'Upload-Offset': '7', 'Content-Type': 'application/offset+octet-stream', 'Upload-Checksum': `sha1 ${sha1b64(wrong)}` }, wrong);
      expect(conflict.status).toBe(409);
      expect(spooled()).toEqual([]);
      // A chunk that fits still works.
      const body = pdfOf(4000);
      const ok = await raw(h, citizenA, 'PATCH', location.href, { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Upload-Checksum': `sha1 ${sha1b64(body)}` }, body);
      expect(ok.status).toBe(204);
      expect(spooled()).toEqual([]);
    });

    it('checksummed chunks: one seat may spool only a few at once; aborted spools are removed and free their place', async () => {
      const uploads: URL[] = [];
      for (let i = 0; i < 3; i++) {
        const created = await createRaw(h, citizenA, 1024 * 1024, `spool-limit-${i}.pdf`);
        uploads.push(new URL(created.headers.get('location')!, h.url));
      }
      const stalled: http.ClientRequest[] = [];
      const stall = (url: URL) => {
        const { hostname, port } = url;
        const req = http.request({
          host: hostname,
          port,
          method: 'PATCH',
          path: url.pathname,
          headers: { 'Tus-Resumable': '1.0.0', ...patchHeaders(citizenA, h, 0, { 'Upload-Checksum': `sha1 ${sha1b64(Buffer.alloc(1))}`, 'Content-Length': 1024 * 1024 }) },
        });
        req.on('error', () => undefined);
        req.write(Buffer.alloc(64 * 1024));
        stalled.push(req);
      };
      // The per-seat limit is 2 by default: two stalled spools are running…
      stall(uploads[0]!);
      stall(uploads[1]!);
      const until = Date.now() + 10_000;
      while (spooled().length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(spooled()).toHaveLength(2);
      // …so a third from the same seat is refused at once, without being read.
      const third = await rawHttp(h, 'PATCH', uploads[2]!.pathname, patchHeaders(citizenA, h, 0, { 'Upload-Checksum': `sha1 ${sha1b64(Buffer.alloc(10))}`, 'Content-Length': 10 }), Buffer.alloc(10));
      expect(third.status).toBe(429);
      // Another seat is not held up by this one.
      const theirs = await createRaw(h, clerk, 100, 'clerk-chunk.pdf');
      const clerkBody = fixture('letter.pdf').subarray(0, 100);
      const clerkPatch = await raw(h, clerk, 'PATCH', new URL(theirs.headers.get('location')!, h.url).href, { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Upload-Checksum': `sha1 ${sha1b64(clerkBody)}` }, clerkBody);
      expect(clerkPatch.status).toBe(204);
      // The client gives up: both spools are removed and the seat may send again.
      for (const req of stalled) req.destroy();
      const gone = Date.now() + 10_000;
      while (spooled().length > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
      expect(spooled()).toEqual([]);
      const body = pdfOf(1000);
      const again = await raw(h, citizenA, 'PATCH', uploads[2]!.href, { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Upload-Checksum': `sha1 ${sha1b64(body)}` }, body);
      expect(again.status).toBe(204);
      for (const url of uploads) expect((await raw(h, citizenA, 'HEAD', url.href)).headers.get('upload-offset')).toBe(url === uploads[2] ? '1000' : '0');
      expect(spooled()).toEqual([]);
    });

    it('the upload endpoint is same-origin: another origin gets no CORS headers', async () => {
      const created = await createRaw(h, citizenA, 1000, 'cors.pdf');
      const location = new URL(created.headers.get('location')!, h.url);
      const evil = 'https://evil.example';
      const preflight = await rawHttp(h, 'OPTIONS', location.pathname, { Origin: evil, 'Access-Control-Request-Method': 'PATCH', 'Access-Control-Request-Headers': 'authorization,tus-resumable,upload-offset' });
      expect(preflight.status).toBeLessThan(300);
      expect(Object.keys(preflight.headers).filter((k) => k.startsWith('access-control-'))).toEqual([]);
      const head = await rawHttp(h, 'HEAD', location.pathname, { Origin: evil, Authorization: `Bearer ${h.tokenOf(citizenA)}` });
      expect(head.status).toBe(200);
      expect(head.headers['access-control-allow-origin']).toBeUndefined();
      const post = await rawHttp(h, 'POST', '/api/uploads', { Origin: evil, Authorization: `Bearer ${h.tokenOf(citizenA)}`, 'Upload-Length': 10, 'Upload-Metadata': meta('call-a', 'cors2.pdf') });
      expect(post.status).toBe(201);
      expect(post.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('an expired upload answers 410 and is removed', async () => {
      const created = await createRaw(h, citizenA, 5000, 'abandoned.pdf');
      const location = new URL(created.headers.get('location')!, h.url).href;
      expect((await raw(h, citizenA, 'HEAD', location)).status).toBe(200);
      h.clock.advance(25 * 3600_000);
      try {
        const res = await raw(h, citizenA, 'PATCH', location, { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, Buffer.alloc(10));
        expect(res.status).toBe(410);
        expect([404, 410]).toContain((await raw(h, citizenA, 'HEAD', location)).status);
      } finally {
        h.clock.advance(-25 * 3600_000);
      }
    });

    it('runRetention expires unfinished uploads without object tags', async () => {
      const created = await createRaw(h, citizenA, 5000, 'forgotten.pdf');
      const location = new URL(created.headers.get('location')!, h.url).href;
      await raw(h, citizenA, 'PATCH', location, { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, fixture('letter.pdf'));
      const result = await h.service.runRetention(new Date(Date.now() + 25 * 3600_000));
      expect(result.expiredUploads).toBeGreaterThanOrEqual(1);
      expect([404, 410]).toContain((await raw(h, citizenA, 'HEAD', location)).status);
      const id = location.split('/').pop()!;
      await expect(store.tusDataStore().getUpload(id)).rejects.toBeTruthy();
    });

    it("a token of another call gets 403; no token gets 401", async () => {
      const created = await createRaw(h, citizenA, 1000, 'mine.pdf');
      const location = new URL(created.headers.get('location')!, h.url).href;
      expect((await raw(h, citizenB, 'HEAD', location)).status).toBe(403);
      expect((await raw(h, citizenB, 'PATCH', location, { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, Buffer.alloc(5))).status).toBe(403);
      expect((await raw(h, citizenB, 'DELETE', location)).status).toBe(403);
      expect((await createRaw(h, citizenB, 1000, 'sneaky.pdf', 'call-a')).status).toBe(403);
      expect((await raw(h, null, 'HEAD', location)).status).toBe(401);
      expect((await createRaw(h, interpreterA, 1000)).status).toBe(403);
    });

    it('per-file and per-call limits answer 413 and the clerk sees the refusal', async () => {
      const tooBig = await createRaw(h, citizenA, 9 * 1024 * 1024, 'huge.pdf');
      expect(tooBig.status).toBe(413);
      const refused = await waitFor(h, clerk, 'call-a', 'huge.pdf', ['refused']);
      expect(refused.refusal?.reason).toBe('too-large');
      // call-b has 24 MiB: three 8 MiB creations fit, the fourth does not.
      for (let i = 0; i < 3; i++) expect((await createRaw(h, clerk, 8 * 1024 * 1024, `part${i}.pdf`, 'call-b')).status).toBe(201);
      expect((await createRaw(h, clerk, 1024, 'one-more.pdf', 'call-b')).status).toBe(413);
    });

    it('refuses types not allowed and content that contradicts its claim, with a clear reason', async () => {
      await tusUpload(h, citizenA, fixture('setup.exe'), { callId: 'call-a', filename: 'invoice.pdf', filetype: 'application/pdf' });
      await tusUpload(h, citizenA, fixture('disguised.pdf'), { callId: 'call-a', filename: 'disguised.pdf', filetype: 'application/pdf' });
      const exe = await waitFor(h, citizenA, 'call-a', 'invoice.pdf', ['refused', 'ready']);
      expect(exe.refusal).toEqual({ reason: 'type-not-allowed', message: expect.stringMatching(/Executables are not accepted/) });
      const disguised = await waitFor(h, clerk, 'call-a', 'disguised.pdf', ['refused', 'ready']);
      expect(disguised.refusal?.reason).toBe('type-not-allowed');
      await expect(h.service.createDownloadUrl(clerk, disguised.documentId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('content allow-list: HTML with a late %PDF-, disguised names, active PDF content are refused and never reach the other party', async () => {
      const pdf = fixture('letter.pdf');
      const attempts: [string, Buffer, string][] = [
        ['html-marker.pdf', hostilePdf('html-pdf-marker.html'), 'application/pdf'],
        ['factuur.hta.', pdf, 'application/pdf'],
        ['FACTUUR.HTA. .', pdf, 'application/pdf'],
        ['factuur\uFF0Ehta', pdf, 'application/pdf'],
        ['factuur.h\u200Bta', pdf, 'application/octet-stream'],
        ['openaction-js.pdf', hostilePdf('openaction-js.pdf'), 'application/pdf'],
        ['launch.pdf', hostilePdf('launch.pdf'), 'application/pdf'],
        ['embedded-file.pdf', hostilePdf('embedded-file.pdf'), 'application/pdf'],
        ['objstm-js.pdf', hostilePdf('objstm-js.pdf'), 'application/pdf'],
      ];
      for (const [filename, data, filetype] of attempts) await tusUpload(h, citizenA, data, { callId: 'call-a', filename, filetype });
      // And the clerk handing an active PDF to the citizen: refused the same way.
      await tusUpload(h, clerk, hostilePdf('openaction-js.pdf'), { callId: 'call-a', filename: 'van-de-balie.pdf', filetype: 'application/pdf' });
      for (const filename of [...attempts.map((a) => a[0]), 'van-de-balie.pdf']) {
        const doc = await waitFor(h, clerk, 'call-a', filename.trim(), ['refused', 'ready']);
        expect({ filename, state: doc.state, reason: doc.refusal?.reason }).toEqual({ filename, state: 'refused', reason: 'type-not-allowed' });
        await expect(h.service.createDownloadUrl(clerk, doc.documentId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
        expect(await store.exists(`call-a/${doc.documentId}`)).toBe(false);
      }
      const why = async (name: string) => (await waitFor(h, clerk, 'call-a', name, ['refused'])).refusal?.message;
      expect(await why('html-marker.pdf')).toMatch(/not accepted \(unrecognised content\)/);
      expect(await why('factuur.hta.')).toBe('The file name ends in .hta but its content is application/pdf');
      expect(await why('launch.pdf')).toMatch(/active content \(Launch action/);
      expect(await why('embedded-file.pdf')).toMatch(/active content \(embedded file/);
      expect(await why('objstm-js.pdf')).toMatch(/active content \(JavaScript/);
      // The citizen sees nothing the clerk tried to hand over.
      expect((await h.service.listForPrincipal(citizenA, 'call-a')).find((d) => d.fileName === 'van-de-balie.pdf')).toBeUndefined();
    });

    it('a PDF that would keep the parser busy is refused when its check runs out of time; the server keeps answering', async () => {
      const h3 = await startHarness(store, projectScanner(), { pdfCheckTimeoutMs: 1500 });
      try {
        // A real header, then 4 MB of object headers with no objects: pdf-lib needs many seconds for it.
        const garbage = Buffer.from(`%PDF-1.7\n${'1 0 obj\n'.repeat(500_000)}`);
        await tusUpload(h3, citizenA, garbage, { callId: 'call-a', filename: 'traag.pdf', filetype: 'application/pdf' });
        // Meanwhile the server answers other requests (the parse runs off the event loop).
        const options = await raw(h3, null, 'OPTIONS', '/api/uploads');
        expect(options.status).toBeLessThan(300);
        const doc = await waitFor(h3, clerk, 'call-a', 'traag.pdf', ['refused', 'ready'], 60_000);
        expect(doc.refusal).toEqual({ reason: 'type-not-allowed', message: expect.stringMatching(/could not be checked within 2 s/) });
      } finally {
        await h3.close();
      }
    });

    it('a zip bomb named .docx is refused before anyone can open it; a real DOCX still passes', async () => {
      // 300 MiB of zeros in a few hundred KiB, generated here rather than committed.
      const bomb = await docxWith({ zeros: 300 * 1024 * 1024 });
      expect(bomb.length).toBeLessThan(1024 * 1024);
      const liar = await docxWith({ zeros: 300 * 1024 * 1024, declaredSize: 4096 });
      const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      await tusUpload(h, citizenA, bomb, { callId: 'call-a', filename: 'loonbrief.docx', filetype: docx });
      await tusUpload(h, citizenA, liar, { callId: 'call-a', filename: 'loonbrief-2.docx', filetype: docx });
      await tusUpload(h, citizenA, fixture('contract.docx'), { callId: 'call-a', filename: 'huurcontract.docx', filetype: docx });
      const refused = await waitFor(h, clerk, 'call-a', 'loonbrief.docx', ['refused', 'ready'], 60_000);
      expect(refused.refusal).toEqual({ reason: 'type-not-allowed', message: expect.stringMatching(/expands to more than 256 MiB/) });
      const lying = await waitFor(h, clerk, 'call-a', 'loonbrief-2.docx', ['refused', 'ready'], 60_000);
      expect(lying.refusal?.message).toMatch(/sizes are false/);
      expect((await waitFor(h, clerk, 'call-a', 'huurcontract.docx', ['refused', 'ready'])).state).toBe('ready');
      for (const d of [refused, lying]) await expect(h.service.createDownloadUrl(clerk, d.documentId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('the EICAR test file is refused as a virus, with a clear message on both sides', async () => {
      // EICAR inside a real PDF, so it passes the type check and reaches clamd.
      const infected = Buffer.concat([fixture('letter.pdf'), eicar()]);
      await tusUpload(h, citizenA, infected, { callId: 'call-a', filename: 'eicar.pdf', filetype: 'application/pdf' });
      const forCitizen = await waitFor(h, citizenA, 'call-a', 'eicar.pdf', ['refused', 'ready']);
      const forClerk = await waitFor(h, clerk, 'call-a', 'eicar.pdf', ['refused', 'ready']);
      for (const d of [forCitizen, forClerk]) {
        expect(d.state).toBe('refused');
        expect(d.refusal?.reason).toBe('virus');
        expect(d.refusal?.message).toMatch(/virus was found.*EICAR/i);
      }
      expect(await store.exists(`call-a/${forClerk.documentId}`)).toBe(false);
      const audit = await h.service.listAudit(clerk, forClerk.documentId);
      expect(audit.find((a) => a.action === 'scanned')?.detail).toMatchObject({ result: 'infected' });
    });

    it('access: other call refused, interpreter only after a share, expired link refused, audit for the clerk', async () => {
      const data = fixture('photo.jpg');
      await tusUpload(h, clerk, data, { callId: 'call-a', filename: 'form-to-sign.jpg', filetype: 'image/jpeg' });
      const doc = await waitFor(h, clerk, 'call-a', 'form-to-sign.jpg', ['ready']);
      // handed over to the citizen
      expect((await h.service.listForPrincipal(citizenA, 'call-a')).map((d) => d.documentId)).toContain(doc.documentId);
      expect(sha256((await download(h, citizenA, doc.documentId)).body)).toBe(sha256(data));
      // another call's participant
      await expect(h.service.listForPrincipal(citizenB, 'call-a')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(h.service.createDownloadUrl(citizenB, doc.documentId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      // interpreter without, then with a share
      expect((await h.service.listForPrincipal(interpreterA, 'call-a')).map((d) => d.documentId)).not.toContain(doc.documentId);
      await expect(h.service.createDownloadUrl(interpreterA, doc.documentId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(h.service.share(citizenA, doc.documentId, interpreterA.participantId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await h.service.share(clerk, doc.documentId, interpreterA.participantId);
      expect((await download(h, interpreterA, doc.documentId)).status).toBe(200);
      // an expired link
      const { url } = await h.service.createDownloadUrl(citizenA, doc.documentId);
      h.clock.advance(6 * 60_000);
      try {
        const res = await fetch(`${h.url}${url}`);
        expect(res.status).toBe(410);
        expect(((await res.json()) as { code: string }).code).toBe('GONE');
      } finally {
        h.clock.advance(-6 * 60_000);
      }
      // a forged link
      expect((await fetch(`${h.url}${url.slice(0, -3)}abc`)).status).toBe(401);
      // audit: readable by the clerk only
      const audit = await h.service.listAudit(clerk, doc.documentId);
      expect(audit.map((a) => a.action)).toEqual(['upload-started', 'uploaded', 'scanned', 'downloaded', 'shared', 'downloaded']);
      expect(audit[1]!.detail).toMatchObject({ size: data.length, sha256: sha256(data) });
      expect(audit[3]!.actor?.participantId).toBe(citizenA.participantId);
      await expect(h.service.listAudit(citizenA, doc.documentId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('retention deletes documents after the period, logged in the audit trail', async () => {
      await tusUpload(h, citizenA, fixture('contract.odt'), { callId: 'call-a', filename: 'old.odt', filetype: 'application/vnd.oasis.opendocument.text' });
      const doc = await waitFor(h, clerk, 'call-a', 'old.odt', ['ready']);
      expect((await h.service.runRetention(new Date(Date.now() + 29 * 86400_000))).deleted).toBe(0);
      const result = await h.service.runRetention(new Date(Date.now() + 31 * 86400_000));
      expect(result.deleted).toBeGreaterThanOrEqual(1);
      expect(await store.exists(`call-a/${doc.documentId}`)).toBe(false);
      expect((await h.service.listForPrincipal(clerk, 'call-a')).find((d) => d.documentId === doc.documentId)).toBeUndefined();
      const audit = await h.service.listAudit(clerk, doc.documentId);
      expect(audit.at(-1)).toMatchObject({ action: 'deleted', detail: { reason: 'retention' } });
    });

    describe('when clamd is down', () => {
      let clamd: PrivateClamd;
      let h2: Harness;
      beforeAll(async () => {
        clamd = new PrivateClamd(clamdPort);
        await clamd.start();
        h2 = await startHarness(store, clamd.scanner());
      });
      afterAll(async () => {
        await h2?.close();
        await clamd?.dispose();
      });

      it('documents are held, never readable, and released after a clean scan once clamd is back', async () => {
        await clamd.stop();
        const files = { 'held-1.pdf': pdfOf(300_000), 'held-2.png': fixture('defect.png') };
        await tusUpload(h2, citizenA, files['held-1.pdf'], { callId: 'call-a', filename: 'held-1.pdf', filetype: 'application/pdf' });
        await tusUpload(h2, citizenA, files['held-2.png'], { callId: 'call-a', filename: 'held-2.png', filetype: 'image/png' });
        for (const name of Object.keys(files)) {
          const d = await waitFor(h2, clerk, 'call-a', name, ['held', 'ready']);
          expect(d.state).toBe('held');
          await expect(h2.service.createDownloadUrl(clerk, d.documentId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
        }
        await new Promise((r) => setTimeout(r, 1500)); // a few failed retries
        expect((await waitFor(h2, clerk, 'call-a', 'held-1.pdf', ['held'])).state).toBe('held');
        await clamd.start();
        for (const [name, data] of Object.entries(files)) {
          const d = await waitFor(h2, clerk, 'call-a', name, ['ready'], 15_000);
          expect(sha256((await download(h2, clerk, d.documentId)).body)).toBe(sha256(data));
          const actions = (await h2.service.listAudit(clerk, d.documentId)).map((a) => a.action);
          expect(actions).toEqual(['upload-started', 'uploaded', 'held', 'scanned', 'downloaded']);
        }
      });
    });
  });
}

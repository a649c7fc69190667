import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallDocumentsResponse } from '@videoloket/contracts';
import { archivePrincipal } from '../src/documents';
import { clamdEnv, connect, join, request, startTestServer, tusUpload, type TestServer } from './support';

// Documents survive a restart and stay findable after the call (issue 3 item 5), against
// the real server, real clamd and the embedded database in DATA_DIR/db: upload in a call,
// end it, restart on the same DATA_DIR, the clerk lists and downloads the same bytes;
// a citizen's credentials cannot.

const FIXTURE = path.resolve(import.meta.dirname, '../../e2e/fixtures/documents/antwoord-gemeente.pdf');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let dataDir: string;
let server: TestServer | undefined;
/** On `dataDir`, which outlives a restart. */
const start = () => startTestServer({ BACKOFFICE_SEED: 'false', ...clamdEnv() }, { dataDir });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'videoloket-archive-'));
  server = await start();
});

afterAll(async () => {
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const listDocuments = (url: string, callId: string, token?: string) =>
  fetch(`${url}/api/calls/${encodeURIComponent(callId)}/documents`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

async function until<T>(fn: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('documents after the call', () => {
  it('the clerk lists and downloads a past call’s document byte-identical after a restart; citizen credentials cannot', async () => {
    const pdf = await readFile(FIXTURE);
    let app = server!.app;
    const clerkToken = await server!.login();
    const { call, citizenToken: citizenLinkToken } = await server!.createCall(clerkToken, 'Archief');
    const callId = call.callId;

    const clerk = await connect(app.url, { token: clerkToken, callId });
    await join(clerk);
    const citizen = await connect(app.url, { token: citizenLinkToken });
    const joined = await join(citizen, { displayName: 'Jan Peeters' });
    await request(clerk, 'call:admit', { participantId: joined.self.participantId });
    const seatToken = joined.httpToken!;
    expect(await tusUpload(app.url, seatToken, { callId, filename: 'bewijs.pdf', filetype: 'application/pdf' }, pdf)).toEqual({ create: 201, patch: 204 });

    // Scanned and ready while the call still runs (the clerk's archive view sees live calls too).
    await until(async () => {
      const body = (await (await listDocuments(app.url, callId, clerkToken)).json()) as CallDocumentsResponse;
      return body.documents.find((d) => d.state === 'ready');
    });
    // Ending closes the sockets, sometimes before the acknowledgement: wait for the push instead.
    const ended = new Promise((resolve) => citizen.once('call:ended', resolve));
    void request(clerk, 'call:end', {}).catch(() => undefined);
    expect(await ended).toEqual({ reason: 'ended-by-clerk' });
    await until(async () => (app.registry.find(callId) ? undefined : true));
    clerk.close();
    citizen.close();

    // Restart on the same DATA_DIR: same keys, same clerk accounts, same database.
    await server!.stop();
    server = undefined;
    server = await start();
    app = server.app;

    const afterLogin = await server.login();
    expect(app.registry.find(callId)).toBeUndefined();
    const res = await listDocuments(app.url, callId, afterLogin);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as CallDocumentsResponse;
    expect(body.callId).toBe(callId);
    expect(body.documents).toHaveLength(1);
    const doc = body.documents[0]!;
    expect(doc).toMatchObject({ fileName: 'bewijs.pdf', state: 'ready', contentType: 'application/pdf', uploadedBy: { role: 'citizen', displayName: 'Jan Peeters' } });
    const download = await fetch(new URL(doc.download!.url, app.url));
    expect(download.status).toBe(200);
    expect(sha(Buffer.from(await download.arrayBuffer()))).toBe(sha(pdf));
    // The token issued before the restart still works (the signing secret is kept in DATA_DIR).
    expect((await listDocuments(app.url, callId, clerkToken)).status).toBe(200);
    // The download is on the audit trail, by the clerk account; an account that does not exist gets nothing.
    const clerkClaims = await app.tokens.verifyClerkSession(afterLogin);
    const audit = await app.documents.service.listAudit(archivePrincipal(clerkClaims, callId), doc.documentId);
    expect(audit.at(-1)).toMatchObject({ action: 'downloaded', actor: { role: 'clerk', participantId: `clerk-account:${clerkClaims.clerkId}` } });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['upload-started', 'uploaded', 'scanned']));
    await expect(app.documents.service.listForPrincipal(archivePrincipal({ clerkId: 'gone', displayName: 'x' }, callId), callId)).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // Citizen credentials (the call link, the seat HTTP token), none at all, or a bad id: refused.
    expect((await listDocuments(app.url, callId, citizenLinkToken)).status).toBe(401);
    expect((await listDocuments(app.url, callId, seatToken)).status).toBe(401);
    expect((await listDocuments(app.url, callId)).status).toBe(401);
    expect((await listDocuments(app.url, 'bad id!', afterLogin)).status).toBe(400);
    // Another call has nothing to show.
    expect(((await (await listDocuments(app.url, 'other-call', afterLogin)).json()) as CallDocumentsResponse).documents).toEqual([]);
  });
});

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallDocumentsResponse, JoinResponse } from '@videoloket/contracts';
import { createLogger, loadConfig, startVideoloket, type RunningVideoloket } from '../src/index';
import { archivePrincipal } from '../src/documents';
import { connect, request } from './support';

// Documents survive a restart and stay findable after the call (issue 3 item 5), against
// the real server, real clamd and the embedded database in DATA_DIR/db: upload in a call,
// end it, restart on the same DATA_DIR, the clerk lists and downloads the same bytes;
// a citizen's credentials cannot.

const PASSWORD = 'test-password-123';
const FIXTURE = path.resolve(import.meta.dirname, '../../e2e/fixtures/documents/antwoord-gemeente.pdf');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let app: RunningVideoloket | undefined;
let dataDir: string;

async function start(): Promise<RunningVideoloket> {
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    MEDIA_WORKERS: '1',
    MEDIA_PORT: '0',
    MEDIA_LISTEN_IP: '127.0.0.1',
    MEDIA_ANNOUNCED_ADDRESS: '127.0.0.1',
    CLERK_BOOTSTRAP_PASSWORD: PASSWORD,
    LOG_LEVEL: 'warn',
    BACKOFFICE_SEED: 'false',
    CLAMD_HOST: process.env.CLAMD_HOST,
    CLAMD_PORT: process.env.CLAMD_PORT,
    CLAMD_SOCKET: process.env.CLAMD_SOCKET,
  });
  return startVideoloket(config, createLogger('warn'));
}

beforeAll(async () => {
  if (!process.env.CLAMD_PORT && !process.env.CLAMD_SOCKET) {
    throw new Error('CLAMD_* not set: run eval "$(bash scripts/services/clamd.sh start)" first (scripts/test.sh does)');
  }
  dataDir = await mkdtemp(path.join(tmpdir(), 'videoloket-archive-'));
  app = await start();
});

afterAll(async () => {
  await app?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'balie', password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

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
    let server = app!;
    const clerkToken = await login(server.url);
    const created = await fetch(`${server.url}/api/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clerkToken}` },
      body: JSON.stringify({ title: 'Archief', citizenName: 'Jan Peeters' }),
    });
    expect(created.status).toBe(201);
    const { call, citizenLink } = (await created.json()) as { call: { callId: string }; citizenLink: string };
    const callId = call.callId;
    const citizenLinkToken = new URL(citizenLink).hash.replace('#t=', '');

    const clerk = await connect(server.url, { token: clerkToken, callId });
    await request(clerk, 'call:join', {});
    const citizen = await connect(server.url, { token: citizenLinkToken });
    const joined = (await request(citizen, 'call:join', { displayName: 'Jan Peeters' })) as { ok: true; data: JoinResponse };
    await request(clerk, 'call:admit', { participantId: joined.data.self.participantId });
    const seatToken = joined.data.httpToken!;

    // tus 1.0: creation, then one PATCH with the whole body.
    const metadata = Object.entries({ callId, filename: 'bewijs.pdf', filetype: 'application/pdf' })
      .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
      .join(',');
    const create = await fetch(`${server.url}/api/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${seatToken}`, 'tus-resumable': '1.0.0', 'upload-length': String(pdf.length), 'upload-metadata': metadata },
    });
    expect(create.status).toBe(201);
    const patch = await fetch(new URL(create.headers.get('location')!, server.url), {
      method: 'PATCH',
      headers: { authorization: `Bearer ${seatToken}`, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: pdf,
    });
    expect(patch.status).toBe(204);

    // Scanned and ready while the call still runs (the clerk's archive view sees live calls too).
    await until(async () => {
      const body = (await (await listDocuments(server.url, callId, clerkToken)).json()) as CallDocumentsResponse;
      return body.documents.find((d) => d.state === 'ready');
    });
    // Ending closes the sockets, sometimes before the acknowledgement: wait for the push instead.
    const ended = new Promise((resolve) => citizen.once('call:ended', resolve));
    void request(clerk, 'call:end', {}).catch(() => undefined);
    expect(await ended).toEqual({ reason: 'ended-by-clerk' });
    await until(async () => (server.registry.find(callId) ? undefined : true));
    clerk.close();
    citizen.close();

    // Restart on the same DATA_DIR: same keys, same clerk accounts, same database.
    await server.close();
    app = undefined;
    app = server = await start();

    const afterLogin = await login(server.url);
    expect(server.registry.find(callId)).toBeUndefined();
    const res = await listDocuments(server.url, callId, afterLogin);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as CallDocumentsResponse;
    expect(body.callId).toBe(callId);
    expect(body.documents).toHaveLength(1);
    const [doc] = body.documents;
    expect(doc).toMatchObject({ fileName: 'bewijs.pdf', state: 'ready', contentType: 'application/pdf', uploadedBy: { role: 'citizen', displayName: 'Jan Peeters' } });
    const download = await fetch(new URL(doc.download!.url, server.url));
    expect(download.status).toBe(200);
    expect(sha(Buffer.from(await download.arrayBuffer()))).toBe(sha(pdf));
    // The token issued before the restart still works (the signing secret is kept in DATA_DIR).
    expect((await listDocuments(server.url, callId, clerkToken)).status).toBe(200);
    // The download is on the audit trail, by the clerk account; an account that does not exist gets nothing.
    const clerkClaims = await server.tokens.verifyClerkSession(afterLogin);
    const audit = await server.documents.service.listAudit(archivePrincipal(clerkClaims, callId), doc.documentId);
    expect(audit.at(-1)).toMatchObject({ action: 'downloaded', actor: { role: 'clerk', participantId: `clerk-account:${clerkClaims.clerkId}` } });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['upload-started', 'uploaded', 'scanned']));
    await expect(server.documents.service.listForPrincipal(archivePrincipal({ clerkId: 'gone', displayName: 'x' }, callId), callId)).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // Citizen credentials (the call link, the seat HTTP token), none at all, or a bad id: refused.
    expect((await listDocuments(server.url, callId, citizenLinkToken)).status).toBe(401);
    expect((await listDocuments(server.url, callId, seatToken)).status).toBe(401);
    expect((await listDocuments(server.url, callId)).status).toBe(401);
    expect((await listDocuments(server.url, 'bad id!', afterLogin)).status).toBe(400);
    // Another call has nothing to show.
    expect(((await (await listDocuments(server.url, 'other-call', afterLogin)).json()) as CallDocumentsResponse).documents).toEqual([]);
  });
});

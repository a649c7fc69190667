import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type RunningVideoloket } from '../src/index';
import { CLERK_PASSWORD, startTestServer, type TestServer } from './support';

// Issue 9, finding 9 (the HTTP edge): what an anonymous visitor can read or provoke.

let server: TestServer;
let app: RunningVideoloket;
let dataDir: string;
const errorLogs: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'videoloket-edge-'));
  // A web root as a development build leaves it: an app bundle with its source map beside it.
  const webRoot = path.join(dataDir, 'web');
  await mkdir(path.join(webRoot, 'assets'), { recursive: true });
  await writeFile(path.join(webRoot, 'index.html'), '<!doctype html><title>Videoloket</title>');
  await writeFile(path.join(webRoot, 'assets/app.js'), 'console.log("app");\n//# sourceMappingURL=app.js.map\n');
  await writeFile(path.join(webRoot, 'assets/app.js.map'), JSON.stringify({ version: 3, sources: ['../src/secret-logic.ts'], sourcesContent: ['// the whole source'] }));
  // Error-level log lines, to see which requests make the server log errors.
  const logger = createLogger('warn');
  const original = logger.error.bind(logger);
  logger.error = ((...args: Parameters<typeof logger.error>) => {
    errorLogs.push(JSON.stringify(args[0]));
    original(...args);
  }) as typeof logger.error;
  server = await startTestServer({ BACKOFFICE_SEED: 'false' }, { dataDir, logger, configure: (config) => (config.webRoots = { desk: webRoot, citizen: webRoot }) });
  app = server.app;
});

afterAll(async () => {
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the HTTP edge', () => {
  it('/metrics needs the bearer token (generated into DATA_DIR/secrets in embedded mode)', async () => {
    const anonymous = await fetch(`${app.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('videoloket_');
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(401);

    const token = (await readFile(path.join(dataDir, 'secrets/metrics.key'), 'utf8')).trim();
    expect(token.length).toBeGreaterThanOrEqual(32);
    const scraper = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(scraper.status).toBe(200);
    expect(await scraper.text()).toContain('videoloket_calls_open');
  });

  it('the sign-in answer and clerk API answers are never cached (Cache-Control: no-store)', async () => {
    const login = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'balie', password: CLERK_PASSWORD }),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('cache-control')).toBe('no-store');
    const token = ((await login.json()) as { token: string }).token;

    const created = await fetch(`${app.url}/api/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ title: 'Paspoort', citizenName: 'Jan Peeters' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const list = await fetch(`${app.url}/api/calls`, { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    // Refusals too (they may name the call or the account).
    expect((await fetch(`${app.url}/api/calls`)).headers.get('cache-control')).toBe('no-store');
  });

  it('source maps are not served, nor answered with the app page', async () => {
    const bundle = await fetch(`${app.url}/assets/app.js`);
    expect(bundle.status).toBe(200);
    for (const url of ['/assets/app.js.map', '/desk/assets/app.js.map', '/assets/missing.js.map']) {
      const res = await fetch(`${app.url}${url}`);
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).not.toContain('sourcesContent');
    }
  });

  it('bodies the framework refuses get our code and words, a 4xx status, and no error log', async () => {
    errorLogs.length = 0;
    const latin1 = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=latin1' },
      body: JSON.stringify({ username: 'balie', password: CLERK_PASSWORD }),
    });
    expect(latin1.status).toBe(415);
    expect(await latin1.json()).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported body encoding or character set' });

    const compressed = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'snappy' },
      body: 'not a body anyone can read',
    });
    expect(compressed.status).toBe(415);
    expect(await compressed.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });

    const broken = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(broken.status).toBe(400);
    const body = (await broken.json()) as { code: string; message: string };
    expect(body.code).toBe('BAD_REQUEST');
    // Not the parser's own text (which quotes the body and names the JSON engine).
    expect(body.message).not.toMatch(/JSON at position|Unexpected end/);
    expect(errorLogs).toEqual([]);
    // And the server still serves.
    await server.login();
  });
});

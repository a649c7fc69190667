import { createServer, request as httpRequest, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, LoginResponse } from '@videoloket/contracts';
import { callRoom } from '../src/socket/pushes';
import { STAFF_GROUPS, startMunicipalityIdp, walkLogin, type MunicipalityIdp } from './loopbackIdp';
import { CLERK_PASSWORD, connect, freePort, join, startTestServer, testRedis, type ClientSocket, type TestServer } from './support';

// Issue 13 item 1: two signalling nodes (two real servers) on one Redis behind a load balancer
// (a minimal HTTP proxy here, switched by the test). What one node spent, counted or pushed
// the other sees: a sign-in lockout, an OIDC sign-in started on A and finished on B (and its
// replay on A), a push to a call's room emitted on A reaching a socket on B.

interface Node {
  server: TestServer;
  logs: string[];
}

let idp: MunicipalityIdp;
let a: Node;
let b: Node;
let balancer: Server;
let publicUrl: string;
/** The node the balancer sends the next request to. */
let target: Node;
const sockets: ClientSocket[] = [];
let clerkToken: string;

async function startNode(env: Record<string, string>): Promise<Node> {
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _enc, done) => (logs.push(chunk.toString()), done()) }));
  return { server: await startTestServer(env, { logger }), logs };
}

beforeAll(async () => {
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  balancer = createServer((req, res) => {
    const upstream = new URL(target.server.app.url);
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => balancer.listen(port, '127.0.0.1', resolve));
  idp = await startMunicipalityIdp({ redirectUri: `${publicUrl}/api/clerk-login/callback`, user: { sub: 'gent-0042', name: 'Nora De Smet', groups: [STAFF_GROUPS.clerk] } });
  // One installation: the same secrets, public URL and Redis (with a prefix of this file's own).
  const env = { PUBLIC_URL: publicUrl, TOKEN_SECRET: 't'.repeat(48), BACKOFFICE_LINK_SECRET: 'b'.repeat(48), LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '3', ...testRedis(), ...idp.env() };
  a = await startNode(env);
  b = await startNode(env);
  target = a;
  // Before the lockout test locks 'balie' out from this address.
  clerkToken = await b.server.login();
}, 240_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await a?.server.stop();
  await b?.server.stop();
  await idp?.close();
  await new Promise((resolve) => balancer?.close(resolve));
});

const login = (node: Node, password: string) =>
  fetch(`${node.server.app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'balie', password }) });

describe('two signalling nodes on one Redis', () => {
  it('wrong passwords through node A lock the account out on node B too', async () => {
    for (let i = 0; i < 3; i++) expect((await login(a, 'not-the-password')).status).toBe(401);
    const locked = await login(b, CLERK_PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(60);
  });

  it('an OIDC sign-in started on node A finishes on node B; its callback replayed on A is refused as spent', async () => {
    target = a;
    const done = await walkLogin(`${publicUrl}/api/clerk-login/start?lang=nl`, 'sign-in', {
      routes: '/api/clerk-login',
      sessionCookie: 'videoloket_clerk_handoff',
      // The balancer sends the IdP's redirect back to the other node.
      tamper: (url) => {
        if (url.pathname === '/api/clerk-login/callback') target = b;
        return url;
      },
    });
    expect(done.location).toBe('/desk/?clerkLogin=ok&lang=nl');
    expect(b.logs.join('')).toContain('clerk signed in through the municipality');
    expect(a.logs.join('')).not.toContain('clerk signed in through the municipality');
    const session = await fetch(`${b.server.app.url}/api/clerk-login/session`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: done.cookie }, body: '{}' });
    expect(session.status).toBe(200);
    expect(((await session.json()) as LoginResponse).clerk.displayName).toBe('Nora De Smet');

    // An attacker replays the same callback (code, state and flow cookie) through node A.
    const replay = await fetch(done.callbackUrl.replace(new URL(done.callbackUrl).origin, a.server.app.url), { redirect: 'manual', headers: { cookie: done.flowCookie } });
    expect(replay.headers.get('location')).toBe('/desk/?clerkLogin=failed&lang=nl');
    expect(replay.headers.getSetCookie().some((c) => c.startsWith('videoloket_clerk_handoff='))).toBe(false);
    // Refused by the state B spent, before A asked the IdP anything.
    expect(a.logs.join('')).toContain('"reason":"state-spent"');
  });

  it('a push to a call’s room emitted on node A reaches the clerk connected to node B', async () => {
    const call = await b.server.createCall(clerkToken, 'Over twee knopen');
    const clerk = await connect(b.server.app.url, { token: clerkToken, callId: call.call.callId });
    sockets.push(clerk);
    await join(clerk);
    const message: ChatMessage = { id: 'push-from-a', fromParticipantId: 'a-node', fromName: 'Node A', text: 'via Redis', sentAt: new Date().toISOString() };
    const received = new Promise<ChatMessage>((resolve) => clerk.on('chat:message', resolve));
    a.server.app.io.to(callRoom(call.call.callId)).emit('chat:message', message);
    expect(await received).toEqual(message);
  });
});

import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '@videoloket/contracts';
import { errorHandler } from './errors';
import { registerRoutes, type RouteHandlers } from './register';

// The registrar's own promises: what leaves the server is the contract's shape, and a handler
// that breaks the contract fails loudly instead of sending what the browsers would refuse.

const servers: { close(): void }[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function serve(handlers: Partial<RouteHandlers>, logged: unknown[] = []): Promise<string> {
  const app = express();
  const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
  registerRoutes(app, handlers, (_req, _res, next) => next(new UnauthenticatedError()));
  app.use(errorHandler(logger));
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('routes registered from the table', () => {
  it('send only the fields of the response schema', async () => {
    const url = await serve({ health: () => ({ ok: true, internal: 'not for the wire' }) as { ok: true } });
    const res = await fetch(`${url}/api/health`);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answer 500 INTERNAL, logged, when a handler breaks its contract', async () => {
    const logged: unknown[] = [];
    const url = await serve({ health: () => ({ ok: 'yes' }) as unknown as { ok: true } }, logged);
    const res = await fetch(`${url}/api/health`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ code: 'INTERNAL', message: 'Internal error' });
    expect(logged).toHaveLength(1);
  });

  it('guard clerk routes before any handler runs', async () => {
    let ran = false;
    const url = await serve({
      listCalls: () => {
        ran = true;
        return [];
      },
    });
    const res = await fetch(`${url}/api/calls`);
    expect(res.status).toBe(401);
    expect(ran).toBe(false);
  });

  it('hand the handler parsed input and refuse what the schemas refuse', async () => {
    const seen: unknown[] = [];
    const url = await serve({
      login: ({ body }) => {
        seen.push(body);
        return { token: 't', expiresAt: '2026-12-07T12:00:00.000Z', clerk: { id: 'c', displayName: 'C', roles: ['clerk'] } };
      },
    });
    const post = (body: unknown) => fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ username: '  balie ', password: 'pw' })).status).toBe(200);
    expect(seen).toEqual([{ username: 'balie', password: 'pw' }]);
    const refused = await post({ username: 'balie', password: 'pw', role: 'admin' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'BAD_REQUEST', message: 'Invalid sign-in' });
    expect(seen).toHaveLength(1);
  });
});

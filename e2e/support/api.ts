import type { CreateCallResponse, LoginResponse } from '@videoloket/contracts';
import { CLERK_USERNAME, type ServerAddress } from './server';

// The HTTP API as the desk uses it, for setting up tests without clicking.

/** One JSON request to the server's API (`path` below `/api`); a refusal throws with its status and body. */
export async function api<T>(server: ServerAddress, method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export function loginClerk(server: ServerAddress): Promise<LoginResponse> {
  return api(server, 'POST', '/auth/login', { username: CLERK_USERNAME, password: server.clerkPassword });
}

export function createCall(server: ServerAddress, token: string, title: string, citizenName?: string): Promise<CreateCallResponse> {
  return api(server, 'POST', '/calls', { title, ...(citizenName ? { citizenName } : {}) }, token);
}

import type { CreateCallResponse, LoginResponse } from '@videoloket/contracts';
import { CLERK_USERNAME, type RunningServer } from './server';

// The HTTP API as the desk uses it, for setting up tests without clicking.

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} → ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

export function loginClerk(server: RunningServer): Promise<LoginResponse> {
  return post(`${server.url}/api/auth/login`, { username: CLERK_USERNAME, password: server.clerkPassword });
}

export function createCall(server: RunningServer, token: string, title: string, citizenName?: string): Promise<CreateCallResponse> {
  return post(`${server.url}/api/calls`, { title, ...(citizenName ? { citizenName } : {}) }, token);
}

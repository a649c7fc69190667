import { randomUUID } from 'node:crypto';
import { solveProof, type BookingChallengeView, type BookingResponse, type CreateCallResponse, type LoginResponse } from '@videoloket/contracts';
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

/** A booking straight through the API, with the proof of work the booking page would solve (issue 9). */
export async function bookWithProof(server: ServerAddress, body: Record<string, unknown>): Promise<BookingResponse> {
  const idempotencyKey = randomUUID();
  const challenge = await api<BookingChallengeView>(server, 'GET', '/backoffice/booking-challenge');
  const nonce = solveProof({ challenge: challenge.challenge, idempotencyKey, difficulty: challenge.difficulty });
  // Solving blocks this process for a while: let the HTTP client see the server close the
  // idle keep-alive connection first, or the POST goes out on a dead socket.
  await new Promise((r) => setTimeout(r, 100));
  return api<BookingResponse>(server, 'POST', '/backoffice/appointments', { ...body, idempotencyKey, proof: { challenge: challenge.challenge, nonce } });
}

import type {
  CallDocumentsResponse,
  CallSummary,
  CreateCallRequest,
  CreateCallResponse,
  ErrorBody,
  LoginRequest,
  LoginResponse,
  PastCallsResponse,
  WithdrawLinkResponse,
} from '@videoloket/contracts';
import { AppError } from '@videoloket/contracts/errors';

// The desk's HTTP calls (docs/call-protocol.md, "Authentication"). Errors come back as
// AppError with the server's code; a 401 means the sign-in expired.

export class HttpError extends AppError {
  constructor(
    readonly status: number,
    body: ErrorBody,
    /** From `Retry-After` on a 429: when trying again makes sense. */
    readonly retryAfterSeconds?: number,
  ) {
    super(body.code, body.message, body.issues);
  }
}

async function call<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const err = json as Partial<ErrorBody> | undefined;
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new HttpError(
      res.status,
      err && typeof err.code === 'string' ? (err as ErrorBody) : { code: res.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL', message: res.statusText },
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  return json as T;
}

export const api = {
  login: (req: LoginRequest) => call<LoginResponse>('POST', '/api/auth/login', undefined, req),
  listCalls: (token: string) => call<CallSummary[]>('GET', '/api/calls', token),
  createCall: (token: string, req: CreateCallRequest) => call<CreateCallResponse>('POST', '/api/calls', token, req),
  withdrawLink: (token: string, callId: string, linkId: string) =>
    call<WithdrawLinkResponse>('DELETE', `/api/calls/${encodeURIComponent(callId)}/links/${encodeURIComponent(linkId)}`, token),
  /** Calls of today and the 30 days before, from their records. */
  pastCalls: (token: string) => call<PastCallsResponse>('GET', '/api/calls/history', token),
  /** A call's documents after the call, ready ones with a short-lived download link. */
  callDocuments: (token: string, callId: string) => call<CallDocumentsResponse>('GET', `/api/calls/${encodeURIComponent(callId)}/documents`, token),
};

// ---- the sign-in, kept in localStorage --------------------------------------------------

const AUTH_KEY = 'videoloket:desk:auth';

export interface DeskAuth {
  token: string;
  expiresAt: string;
  clerk: { id: string; displayName: string };
}

export function loadAuth(): DeskAuth | undefined {
  try {
    const raw = localStorage.getItem(AUTH_KEY);
    if (!raw) return undefined;
    const auth = JSON.parse(raw) as DeskAuth;
    return Date.parse(auth.expiresAt) > Date.now() ? auth : undefined;
  } catch {
    return undefined;
  }
}

export function saveAuth(auth: DeskAuth | undefined): void {
  try {
    if (auth) localStorage.setItem(AUTH_KEY, JSON.stringify(auth));
    else localStorage.removeItem(AUTH_KEY);
  } catch {
    /* storage blocked: the sign-in lasts for this page only */
  }
}

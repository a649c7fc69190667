import { createHttpClient, type HttpClient } from '@videoloket/contracts/http-client';

// The desk's HTTP calls go through the client built from contracts' route table
// (docs/architecture.md, "HTTP contract"): errors are HttpErrors with the server's code
// (a 401 means the sign-in expired), answers are checked against their schemas.

export { HttpError } from '@videoloket/contracts/http-client';

/** The HTTP client, with the clerk's sign-in when given. */
export function deskHttp(auth?: { token: string }): HttpClient {
  return createHttpClient(auth ? { token: auth.token } : {});
}

// ---- the sign-in, kept in localStorage --------------------------------------------------

const AUTH_KEY = 'videoloket:desk:auth';

export interface DeskAuth {
  token: string;
  expiresAt: string;
  clerk: { id: string; displayName: string; supervisor?: boolean; backofficeClerkId?: string };
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

import type { LoginResponse } from '@videoloket/contracts';
import type { ClerkDirectory } from '../auth/ClerkDirectory';
import type { LoginGuard } from '../auth/LoginGuard';
import type { TokenService } from '../auth/tokens';
import { clientAddress } from './clientAddress';
import { bookableClerkId, isSupervisor, type ClerkAccount } from '../auth/ClerkDirectory';
import type { RouteHandlers } from './register';

export function authHandlers(deps: { tokens: TokenService; clerks: ClerkDirectory; loginGuard: LoginGuard; sessionHours: number }): RouteHandlers<'login'> {
  return {
    async login({ body: { username, password }, req }) {
      // Limits per address, per account and per pair before any scrypt runs (LoginGuard).
      const account = await deps.loginGuard.attempt(clientAddress(req), username, () => deps.clerks.authenticate(username, password));
      return clerkSession(deps, account);
    },
  };
}

/** The desk's session for a signed-in clerk (password or the municipality's IdP). */
export async function clerkSession(deps: { tokens: TokenService; sessionHours: number }, account: ClerkAccount): Promise<LoginResponse> {
  const expiresAt = new Date(Date.now() + deps.sessionHours * 3600_000);
  const token = await deps.tokens.signClerkSession({ clerkId: account.id, displayName: account.displayName }, expiresAt);
  const bookable = bookableClerkId(account);
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    clerk: { id: account.id, displayName: account.displayName, roles: account.roles, ...(isSupervisor(account) ? { supervisor: true } : {}), ...(bookable ? { backofficeClerkId: bookable } : {}) },
  };
}

import type { ClerkDirectory } from '../auth/ClerkDirectory';
import type { LoginGuard } from '../auth/LoginGuard';
import type { TokenService } from '../auth/tokens';
import { clientAddress } from './clientAddress';
import { isSupervisor } from './clerkAuth';
import type { RouteHandlers } from './register';

export function authHandlers(deps: { tokens: TokenService; clerks: ClerkDirectory; loginGuard: LoginGuard; sessionHours: number }): RouteHandlers<'login'> {
  return {
    async login({ body: { username, password }, req }) {
      // Limits per address, per account and per pair before any scrypt runs (LoginGuard).
      const account = await deps.loginGuard.attempt(clientAddress(req), username, () => deps.clerks.authenticate(username, password));
      const expiresAt = new Date(Date.now() + deps.sessionHours * 3600_000);
      const token = await deps.tokens.signClerkSession({ clerkId: account.id, displayName: account.displayName }, expiresAt);
      return { token, expiresAt: expiresAt.toISOString(), clerk: { id: account.id, displayName: account.displayName, ...(isSupervisor(account) ? { supervisor: true } : {}), ...(account.backofficeClerkId ? { backofficeClerkId: account.backofficeClerkId } : {}) } };
    },
  };
}

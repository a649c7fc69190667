import { Router } from 'express';
import { LoginRequest, parseOrThrow, type LoginResponse } from '@videoloket/contracts';
import type { ClerkDirectory } from '../auth/ClerkDirectory';
import type { LoginGuard } from '../auth/LoginGuard';
import type { TokenService } from '../auth/tokens';
import { clientAddress } from './clientAddress';

export function authRoutes(deps: { tokens: TokenService; clerks: ClerkDirectory; loginGuard: LoginGuard; sessionHours: number }): Router {
  const router = Router();
  router.post('/login', async (req, res) => {
    const { username, password } = parseOrThrow(LoginRequest, req.body, 'sign-in');
    // Limits per address, per account and per pair before any scrypt runs (LoginGuard).
    const account = await deps.loginGuard.attempt(clientAddress(req), username, () => deps.clerks.authenticate(username, password));
    const expiresAt = new Date(Date.now() + deps.sessionHours * 3600_000);
    const token = await deps.tokens.signClerkSession({ clerkId: account.id, displayName: account.displayName }, expiresAt);
    const body: LoginResponse = { token, expiresAt: expiresAt.toISOString(), clerk: { id: account.id, displayName: account.displayName } };
    res.json(body);
  });
  return router;
}

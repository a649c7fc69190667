import { Router } from 'express';
import { LoginRequest, parseOrThrow, type LoginResponse } from '@videoloket/contracts';
import type { ClerkDirectory } from '../auth/ClerkDirectory';
import type { TokenService } from '../auth/tokens';

export function authRoutes(deps: { tokens: TokenService; clerks: ClerkDirectory; sessionHours: number }): Router {
  const router = Router();
  router.post('/login', async (req, res) => {
    const { username, password } = parseOrThrow(LoginRequest, req.body, 'sign-in');
    const account = await deps.clerks.authenticate(username, password);
    const expiresAt = new Date(Date.now() + deps.sessionHours * 3600_000);
    const token = await deps.tokens.signClerkSession({ clerkId: account.id, displayName: account.displayName }, expiresAt);
    const body: LoginResponse = { token, expiresAt: expiresAt.toISOString(), clerk: { id: account.id, displayName: account.displayName } };
    res.json(body);
  });
  return router;
}

import { z } from 'zod';

export const LoginRequest = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/**
 * What a clerk may do, from the one clerk directory (issue 12 item 6): `clerk` serves the
 * counter, `mobile_clerk` the mobile counter (home visits, deliveries), `supervisor` sees every
 * live call and hands calls over, `administrator` also sees the outbox's dead letters.
 */
export const ClerkRole = z.enum(['clerk', 'mobile_clerk', 'supervisor', 'administrator']);
export type ClerkRole = z.infer<typeof ClerkRole>;

/**
 * The clerks' sign-in at the municipality's IdP (issue 12 item 6): `start` redirects to the
 * IdP, `callback` back to the desk with `?clerkLogin=<outcome>`; both are redirects beside
 * the route table. On `ok` the desk trades the one-time hand-off cookie for its session
 * (routes.ts clerkLoginSession).
 */
export const clerkLoginPaths = { start: '/api/clerk-login/start', callback: '/api/clerk-login/callback' } as const;
/** How a sign-in at the IdP ended, as the desk reads it from `?clerkLogin=`. */
export const ClerkLoginOutcome = z.enum(['ok', 'cancelled', 'no-role', 'failed']);
export type ClerkLoginOutcome = z.infer<typeof ClerkLoginOutcome>;

export const ClerkLoginOptions = z.object({
  /** False when no CLERK_LOGIN_ISSUER is configured: the desk offers passwords only. */
  available: z.boolean(),
  /** The municipality's name for the button (CLERK_LOGIN_NAME). */
  name: z.string().optional(),
});
export type ClerkLoginOptions = z.infer<typeof ClerkLoginOptions>;

export const LoginResponse = z.object({
  /** Bearer token for HTTP and Socket.IO; expires (see expiresAt). */
  token: z.string(),
  expiresAt: z.string(),
  /** `supervisor`: the account may open the supervisor's overview (issue 12 item 3). */
  clerk: z.object({
    id: z.string(),
    displayName: z.string(),
    supervisor: z.boolean().optional(),
    roles: z.array(ClerkRole),
    /** The back office's clerk this account works as (the mobile counter's driver sees their own deliveries). */
    backofficeClerkId: z.string().optional(),
  }),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

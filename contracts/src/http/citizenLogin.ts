import { z } from 'zod';

// The citizen's government login (issue 15 item 1): an OpenID Connect sign-in at the
// government's citizen login, optional everywhere. The browser is sent to `start` (a redirect
// to the IdP) and comes back through `callback` (a redirect to the booking page); both are
// redirects, not JSON, so they sit beside the route table like the streaming paths. What the
// IdP said about the citizen lives in a short-lived signed HttpOnly cookie the booking page
// cannot read: it asks `citizenLoginSession` (routes.ts) what to prefill.

export const citizenLoginPaths = { start: '/api/citizen-login/start', callback: '/api/citizen-login/callback' } as const;

/** What the government login vouches for: shown and prefilled, never typed by the citizen. */
export const VerifiedCitizen = z.object({
  name: z.string(),
  /** One line: street and number, postcode and town. */
  address: z.string().optional(),
  /** Belgian national register number, digits only, when the IdP gives it. */
  nationalNumber: z.string().optional(),
});
export type VerifiedCitizen = z.infer<typeof VerifiedCitizen>;

export const CitizenLoginSessionView = z.object({
  /** False when the municipality configured no government login: the page offers none. */
  available: z.boolean(),
  /** Present while the citizen is signed in. */
  citizen: VerifiedCitizen.optional(),
});
export type CitizenLoginSessionView = z.infer<typeof CitizenLoginSessionView>;

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SingleUseStore } from '../abuse/SingleUseStore';
import type { ClerkAccount, ClerkDirectory } from '../auth/ClerkDirectory';
import { groupsFrom, rolesFromGroups } from '../auth/roleMapping';
import type { ClerkLoginSettings } from '../config';
import { OidcFlow, OidcRefused, personName, type StartedFlow } from '../oidc/OidcFlow';
import { SealedCookie } from '../oidc/SealedCookie';

// The clerks' sign-in at the municipality's own identity provider (issue 12 item 6): OpenID
// Connect with code + PKCE (oidc/OidcFlow.ts). The IdP's groups (CLERK_LOGIN_GROUPS_CLAIM)
// map to roles; a user in none of the mapped groups is refused. The person is a row of the
// clerk directory, made on the first sign-in, name and roles refreshed on every one.
//
// The callback is a browser redirect, so the desk's bearer token cannot be its answer: it
// leaves a one-time hand-off (an encrypted HttpOnly cookie valid HANDOFF_SECONDS, spent on its
// first use), which the desk trades for its session at POST /api/clerk-login/session.

const FLOW_AUDIENCE = 'videoloket:clerk-login-flow';
const HANDOFF_AUDIENCE = 'videoloket:clerk-login-handoff';
export const HANDOFF_SECONDS = 120;

const Handoff = z.object({ clerk: z.string(), once: z.string() });

export interface ClerkLoginDeps {
  settings: ClerkLoginSettings;
  /** Derives the cookie encryption key (the process's token secret). */
  secret: string;
  /** Spent flow states and hand-offs. */
  spentStates: SingleUseStore;
  directory: ClerkDirectory;
  now?: () => Date;
}

export class ClerkLogin {
  readonly #cookies: SealedCookie;
  readonly #flow: OidcFlow;
  readonly #now: () => Date;

  constructor(private readonly deps: ClerkLoginDeps) {
    this.#now = deps.now ?? (() => new Date());
    this.#cookies = new SealedCookie(deps.secret, 'clerk-login-cookie', this.#now);
    this.#flow = new OidcFlow(deps.settings, { cookies: this.#cookies, audience: FLOW_AUDIENCE, spentStates: deps.spentStates, now: this.#now });
  }

  /** The municipality's name for the desk's button, when configured. */
  get name(): string | undefined {
    return this.deps.settings.name;
  }

  start(lang?: string): Promise<StartedFlow> {
    return this.#flow.start(lang ? { lang } : {}, lang);
  }

  /** The callback: the clerk signed in (and the hand-off cookie's value), or an OidcRefused. */
  async finish(query: string, flowCookie: string | undefined): Promise<{ account: ClerkAccount; handoffCookie: string; lang?: string }> {
    const { result: account, extras } = await this.#flow.finish(query, flowCookie, (claims) => {
      const roles = rolesFromGroups(groupsFrom(claims, this.deps.settings.groupsClaim), this.deps.settings.roleGroups);
      if (roles.length === 0) throw new OidcRefused('no-role', 'This account is in none of the groups that may use the desk');
      const displayName = personName(claims) ?? (typeof claims.preferred_username === 'string' ? claims.preferred_username : undefined);
      if (!displayName) throw new OidcRefused('no-name', 'The identity provider gave no name');
      return this.deps.directory.signInExternal({ issuer: this.deps.settings.issuer, subject: claims.sub, displayName, roles });
    });
    const handoffCookie = await this.#cookies.seal({ clerk: account.id, once: randomUUID() }, HANDOFF_AUDIENCE, HANDOFF_SECONDS);
    return { account, handoffCookie, ...(extras.lang ? { lang: extras.lang } : {}) };
  }

  /** The clerk a hand-off cookie names, once; undefined when absent, expired, tampered with or spent. */
  async redeem(handoffCookie: string | undefined): Promise<ClerkAccount | undefined> {
    const handoff = await this.#cookies.open(handoffCookie, HANDOFF_AUDIENCE, Handoff);
    if (!handoff) return undefined;
    const expires = new Date(this.#now().getTime() + HANDOFF_SECONDS * 1000);
    if ((await this.deps.spentStates.claim(handoff.once, 'clerk-handoff', expires)) !== 'claimed') return undefined;
    return this.deps.directory.resolve(handoff.clerk);
  }
}

import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { Role, UnauthenticatedError } from '@videoloket/contracts';

// Signed, expiring tokens (HS256, jose). The audience separates the kinds, so a clerk
// session can never be replayed as a call link or the other way round.
const ISSUER = 'videoloket';
const CLERK_AUDIENCE = 'videoloket:clerk';
const CALL_LINK_AUDIENCE = 'videoloket:call-link';
/** Per-seat token for the call's HTTP endpoints (uploads), issued at call:join. */
const SEAT_HTTP_AUDIENCE = 'videoloket:seat-http';

export interface SeatHttpClaims {
  callId: string;
  participantId: string;
  role: Role;
  displayName: string;
}
const SeatHttpPayload = z.object({ sub: z.string(), call: z.string(), role: Role, name: z.string() });

export interface ClerkSessionClaims {
  clerkId: string;
  displayName: string;
}

export interface CallLinkClaims {
  callId: string;
  /** Which invitation this link is; revoking it stops every seat that came through it. */
  linkId: string;
  role: Exclude<Role, 'clerk'>;
  /** Name the clerk typed for this invitee, shown prefilled on the device check. */
  suggestedName?: string;
  /**
   * A link made ahead for a scheduled call (an appointment): the call is opened when the
   * first person arrives, so the citizen can wait in the waiting room before the clerk.
   */
  scheduled?: boolean;
  /** Interpreter links (issue 5): "joins the running call directly or via the waiting room (clerk's choice in the invite)". */
  admitDirectly?: boolean;
  /** Interpreter links: the language they interpret, shown on their tile. */
  language?: string;
}

const ClerkPayload = z.object({ sub: z.string(), name: z.string() });
const CallLinkPayload = z.object({
  sub: z.string(),
  call: z.string(),
  role: z.enum(['citizen', 'interpreter']),
  name: z.string().optional(),
  sched: z.literal(true).optional(),
  adm: z.literal(true).optional(),
  lang: z.string().max(40).optional(),
});

export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async signClerkSession(claims: ClerkSessionClaims, expiresAt: Date): Promise<string> {
    return new SignJWT({ name: claims.displayName })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(CLERK_AUDIENCE)
      .setSubject(claims.clerkId)
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(this.key);
  }

  async verifyClerkSession(token: string): Promise<ClerkSessionClaims> {
    const payload = ClerkPayload.parse(await this.verify(token, CLERK_AUDIENCE));
    return { clerkId: payload.sub, displayName: payload.name };
  }

  async signCallLink(claims: CallLinkClaims, window: { expiresAt: Date; validFrom?: Date }): Promise<string> {
    const jwt = new SignJWT({
      call: claims.callId,
      role: claims.role,
      ...(claims.suggestedName ? { name: claims.suggestedName } : {}),
      ...(claims.scheduled ? { sched: true } : {}),
      ...(claims.admitDirectly ? { adm: true } : {}),
      ...(claims.language ? { lang: claims.language } : {}),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(CALL_LINK_AUDIENCE)
      .setSubject(claims.linkId)
      .setIssuedAt()
      .setExpirationTime(window.expiresAt);
    if (window.validFrom) jwt.setNotBefore(window.validFrom);
    return jwt.sign(this.key);
  }

  /**
   * `acceptExpiredForMs`: also accept a link that expired at most that long ago — only for the
   * after-call documents route, where the seat key is the proof and the link names the seat.
   */
  async verifyCallLink(token: string, options: { acceptExpiredForMs?: number } = {}): Promise<CallLinkClaims> {
    const payload = CallLinkPayload.parse(await this.verify(token, CALL_LINK_AUDIENCE, options.acceptExpiredForMs));
    return {
      callId: payload.call,
      linkId: payload.sub,
      role: payload.role,
      ...(payload.name ? { suggestedName: payload.name } : {}),
      ...(payload.sched ? { scheduled: true } : {}),
      ...(payload.adm ? { admitDirectly: true } : {}),
      ...(payload.lang ? { language: payload.lang } : {}),
    };
  }

  async signSeatHttp(claims: SeatHttpClaims, expiresAt: Date): Promise<string> {
    return new SignJWT({ call: claims.callId, role: claims.role, name: claims.displayName })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(SEAT_HTTP_AUDIENCE)
      .setSubject(claims.participantId)
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(this.key);
  }

  async verifySeatHttp(token: string): Promise<SeatHttpClaims> {
    const payload = SeatHttpPayload.parse(await this.verify(token, SEAT_HTTP_AUDIENCE));
    return { callId: payload.call, participantId: payload.sub, role: payload.role, displayName: payload.name };
  }

  private async verify(token: string, audience: string, toleranceMs = 0): Promise<unknown> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience, algorithms: ['HS256'], clockTolerance: Math.floor(toleranceMs / 1000) });
      return payload;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('This link or sign-in has expired');
      if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'nbf') {
        throw new UnauthenticatedError('This link is not valid yet');
      }
      throw new UnauthenticatedError('Invalid link or sign-in');
    }
  }
}

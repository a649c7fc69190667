import { createHmac } from 'node:crypto';
import type { IceConfig } from '@videoloket/contracts';

// coturn's shared-secret scheme ("TURN REST API", use-auth-secret / static-auth-secret):
// the username is `<expiry unix seconds>:<seat>` and the password base64(HMAC-SHA1(secret,
// username)). coturn recomputes the password from the secret and refuses a username whose
// expiry has passed, so nothing has to be stored per seat and a leaked credential dies alone.

export interface TurnCredentialOptions {
  urls: string[];
  /** coturn's static-auth-secret. Never logged. */
  secret: string;
  credentialTtlSeconds: number;
}

export interface TurnCredential {
  username: string;
  credential: string;
  /** Unix seconds. */
  expiresAt: number;
}

/** The credential coturn accepts for `username` (its `<expiry>:<seat>` form is the caller's business). */
export function turnPassword(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

export class TurnCredentials {
  constructor(
    private readonly options: TurnCredentialOptions | undefined,
    private readonly iceTransportPolicy: IceConfig['iceTransportPolicy'],
    private readonly now: () => number = Date.now,
  ) {}

  /** Credentials for one seat; `seatId` comes from the caller's socket, never from a payload. */
  issue(seatId: string): TurnCredential {
    if (!this.options) throw new Error('TURN is off');
    const expiresAt = Math.floor(this.now() / 1000) + this.options.credentialTtlSeconds;
    const username = `${expiresAt}:${seatId}`;
    return { username, credential: turnPassword(this.options.secret, username), expiresAt };
  }

  /** For a transport made in the waiting room: no relay until admitted (the browser asks media:iceConfig then). */
  withoutCredentials(): IceConfig {
    return { iceServers: [], iceTransportPolicy: this.iceTransportPolicy };
  }

  /** What a seat's browser gives its RTCPeerConnections. */
  iceConfig(seatId: string): IceConfig {
    if (!this.options) return this.withoutCredentials();
    const { username, credential } = this.issue(seatId);
    return {
      iceServers: [{ urls: this.options.urls, username, credential }],
      iceTransportPolicy: this.iceTransportPolicy,
      expiresInSeconds: this.options.credentialTtlSeconds,
    };
  }
}

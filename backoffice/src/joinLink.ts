import { createHmac } from 'node:crypto';
import type { CreateJoinLink } from './context';

/**
 * Stand-in join-link maker until signalling wires its own (it owns the format): an
 * HMAC-signed link valid from 15 minutes before the slot until its end.
 */
export function signedJoinLinks(options: { baseUrl: string; secret: string }): CreateJoinLink {
  return async (a) => {
    const validFrom = new Date(a.startsAt.getTime() - 15 * 60_000);
    const payload = Buffer.from(JSON.stringify({ appointmentId: a.id, nbf: Math.floor(validFrom.getTime() / 1000), exp: Math.floor(a.endsAt.getTime() / 1000) })).toString('base64url');
    const sig = createHmac('sha256', options.secret).update(payload).digest('base64url');
    return { url: `${options.baseUrl.replace(/\/$/, '')}/join#${payload}.${sig}`, validFrom };
  };
}

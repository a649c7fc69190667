import { z } from 'zod';
import { AppError, Id, NotYetOpenError, UnauthenticatedError } from '@videoloket/contracts';
import type { ClerkDirectory } from '../auth/ClerkDirectory';
import type { TokenService } from '../auth/tokens';
import type { CallRegistry } from '../call/CallRegistry';
import type { CallRecords } from '../call/records/CallRecords';
import type { SocketData } from './types';

const HandshakeAuth = z.object({ token: z.string().min(1).max(4096), callId: Id.optional() });

export interface HandshakeDeps {
  tokens: TokenService;
  clerks: ClerkDirectory;
  registry: CallRegistry;
  /** The calls' records: an ended call or a withdrawn link stays refused after a restart. */
  calls: Pick<CallRecords, 'assertLinkUsable'>;
}

/**
 * Establishes who is connecting from `socket.handshake.auth`: a call link (bound to its
 * call and role) or a clerk's sign-in plus the call they open. Throws AppError; the
 * middleware turns its code into the connect_error message.
 */
export async function authenticateHandshake(auth: unknown, deps: HandshakeDeps): Promise<Omit<SocketData, 'address'>> {
  const parsed = HandshakeAuth.safeParse(auth);
  if (!parsed.success) throw new UnauthenticatedError('Missing or malformed credentials');
  const { token, callId } = parsed.data;

  // A call link opened too early says when it opens; anything else that is not a call link
  // may still be a clerk's sign-in.
  const link = await deps.tokens.verifyCallLink(token).catch((err: unknown) => {
    if (err instanceof NotYetOpenError) throw err;
    return undefined;
  });
  if (link) {
    await deps.calls.assertLinkUsable(link.callId, link.linkId, { scheduled: link.scheduled === true });
    const call = link.scheduled ? await deps.registry.openScheduled(link.callId) : await deps.registry.resolve(link.callId);
    if (call.session.isLinkWithdrawn(link.linkId)) throw new AppError('GONE', 'This link has been withdrawn');
    return {
      callId: link.callId,
      identity: {
        role: link.role,
        linkId: link.linkId,
        displayName: link.suggestedName ?? '',
        // Only an interpreter link can skip the waiting room (issue 5); a citizen link never does.
        ...(link.role === 'interpreter' && link.admitDirectly ? { admitDirectly: true } : {}),
        ...(link.language ? { language: link.language } : {}),
      },
    };
  }

  const clerk = await deps.tokens.verifyClerkSession(token);
  if (!(await deps.clerks.resolve(clerk.clerkId))) throw new UnauthenticatedError('Unknown clerk account');
  if (!callId) throw new UnauthenticatedError('A clerk must name the call to open');
  await deps.registry.resolve(callId);
  return { callId, identity: { role: 'clerk', clerkId: clerk.clerkId, displayName: clerk.displayName } };
}

import { describe, expect, it } from 'vitest';
import { TokenService } from './tokens';

const tokens = new TokenService('x'.repeat(48));
const inOneHour = () => new Date(Date.now() + 3600_000);

describe('TokenService', () => {
  it('round-trips a call link bound to one call and role', async () => {
    const token = await tokens.signCallLink({ callId: 'call-1', linkId: 'l1', role: 'citizen', suggestedName: 'Jan' }, { expiresAt: inOneHour() });
    expect(await tokens.verifyCallLink(token)).toEqual({ callId: 'call-1', linkId: 'l1', role: 'citizen', suggestedName: 'Jan' });
  });

  it('rejects an expired link', async () => {
    const token = await tokens.signCallLink({ callId: 'c', linkId: 'l', role: 'citizen' }, { expiresAt: new Date(Date.now() - 1000) });
    await expect(tokens.verifyCallLink(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: /expired/ });
  });

  it('accepts a link expired within a grace period only when asked to (the after-call documents route)', async () => {
    const day = 86_400_000;
    const lastWeek = await tokens.signCallLink({ callId: 'c', linkId: 'l', role: 'citizen' }, { expiresAt: new Date(Date.now() - 7 * day) });
    expect(await tokens.verifyCallLink(lastWeek, { acceptExpiredForMs: 30 * day })).toMatchObject({ callId: 'c', linkId: 'l' });
    await expect(tokens.verifyCallLink(lastWeek, { acceptExpiredForMs: 6 * day })).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: /expired/ });
    await expect(tokens.verifyCallLink(lastWeek)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('rejects a link before its validity window opens', async () => {
    const token = await tokens.signCallLink(
      { callId: 'c', linkId: 'l', role: 'citizen' },
      { expiresAt: inOneHour(), validFrom: new Date(Date.now() + 600_000) },
    );
    await expect(tokens.verifyCallLink(token)).rejects.toMatchObject({ message: /not valid yet/ });
  });

  it('never accepts a clerk session as a call link or the other way round', async () => {
    const clerk = await tokens.signClerkSession({ clerkId: 'k', displayName: 'An' }, inOneHour());
    const link = await tokens.signCallLink({ callId: 'c', linkId: 'l', role: 'citizen' }, { expiresAt: inOneHour() });
    await expect(tokens.verifyCallLink(clerk)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(tokens.verifyClerkSession(link)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('rejects a token signed with another secret or tampered with', async () => {
    const other = new TokenService('y'.repeat(48));
    const token = await other.signCallLink({ callId: 'c', linkId: 'l', role: 'citizen' }, { expiresAt: inOneHour() });
    await expect(tokens.verifyCallLink(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const good = await tokens.signCallLink({ callId: 'c', linkId: 'l', role: 'citizen' }, { expiresAt: inOneHour() });
    const [h, p, s] = good.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'interpreter' })).toString('base64url');
    await expect(tokens.verifyCallLink(`${h}.${forged}.${s}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GoneError, UnauthenticatedError, type Principal } from '@videoloket/contracts';
import { signLink, verifyLink } from './signed-links';

const key = randomBytes(32);
const citizen: Principal = { role: 'citizen', participantId: 'p1', displayName: 'An', callId: 'call-1' };

describe('signed download links', () => {
  it('verifies within its lifetime and carries document + principal', () => {
    const expiresAt = new Date(Date.now() + 60_000);
    const token = signLink(key, { documentId: 'd1', principal: citizen, purpose: 'download', expiresAt });
    expect(verifyLink(key, token)).toEqual({ documentId: 'd1', principal: citizen, purpose: 'download', expiresAt });
  });

  it("keeps an ended call's seat marked as such (issue 17), and a live seat unmarked", () => {
    const expiresAt = new Date(Date.now() + 60_000);
    const afterCall: Principal = { ...citizen, afterCall: true };
    expect(verifyLink(key, signLink(key, { documentId: 'd1', principal: afterCall, purpose: 'download', expiresAt })).principal).toEqual(afterCall);
    expect(verifyLink(key, signLink(key, { documentId: 'd1', principal: citizen, purpose: 'download', expiresAt })).principal).not.toHaveProperty('afterCall');
  });

  it('refuses an expired link with 410', () => {
    const token = signLink(key, { documentId: 'd1', principal: citizen, purpose: 'download', expiresAt: new Date(1_000) });
    expect(() => verifyLink(key, token, 999)).not.toThrow();
    expect(() => verifyLink(key, token, 1_000)).toThrow(GoneError);
  });

  it('refuses a tampered link, another key, and garbage', () => {
    const token = signLink(key, { documentId: 'd1', principal: citizen, purpose: 'download', expiresAt: new Date(Date.now() + 60_000) });
    const [payload, sig] = token.split('.');
    const other = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), d: 'd2' })).toString('base64url');
    expect(() => verifyLink(key, `${other}.${sig}`)).toThrow(UnauthenticatedError);
    expect(() => verifyLink(randomBytes(32), token)).toThrow(UnauthenticatedError);
    expect(() => verifyLink(key, 'nonsense')).toThrow(UnauthenticatedError);
  });
});

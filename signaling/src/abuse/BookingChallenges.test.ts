import { describe, expect, it } from 'vitest';
import { ProofError, solveProof } from '@videoloket/contracts';
import { BookingChallenges } from './BookingChallenges';
import { contactKeys } from './BookingGuard';
import { MemorySingleUseStore } from './SingleUseStore';

const KEY = 'submission-key-0123456789ab';

function setup(difficulty = 8) {
  let now = Date.parse('2030-03-04T08:00:00Z');
  const challenges = new BookingChallenges({ secret: 's'.repeat(32), difficulty, ttlSeconds: 600, spent: new MemorySingleUseStore(() => now), now: () => now });
  return { challenges, advance: (ms: number) => (now += ms) };
}

const codeOf = async (p: Promise<void>) => p.then(() => 'ok', (err: unknown) => (err instanceof ProofError ? err.code : String(err)));

describe('booking challenges', () => {
  it('accepts a solved challenge once per submission, and again only for the same submission', async () => {
    const { challenges } = setup();
    const c = challenges.issue();
    const proof = { challenge: c.challenge, nonce: solveProof({ challenge: c.challenge, idempotencyKey: KEY, difficulty: c.difficulty }) };
    expect(await codeOf(challenges.verify(proof, KEY))).toBe('ok');
    expect(await codeOf(challenges.verify(proof, KEY))).toBe('ok');
    // Another submission cannot spend it: the digest does not hold for its key, and the id is taken.
    expect(await codeOf(challenges.verify(proof, 'another-key-0123456789abc'))).toMatch(/PROOF_INVALID|PROOF_REUSED/);
  });

  it('refuses a forged, edited or expired challenge and a wrong nonce', async () => {
    const { challenges, advance } = setup(12);
    const c = challenges.issue();
    const nonce = solveProof({ challenge: c.challenge, idempotencyKey: KEY, difficulty: c.difficulty });
    const [id, , expires, mac] = c.challenge.split('.');
    // Lowering the difficulty breaks the signature.
    expect(await codeOf(challenges.verify({ challenge: `${id}.0.${expires}.${mac}`, nonce: '0' }, KEY))).toBe('PROOF_INVALID');
    expect(await codeOf(challenges.verify({ challenge: `${id}.12.${Number(expires) + 3600}.${mac}`, nonce }, KEY))).toBe('PROOF_INVALID');
    expect(await codeOf(challenges.verify({ challenge: 'not.a.real.challengeXXXXXXXX', nonce }, KEY))).toBe('PROOF_INVALID');
    const wrong = String((Number(nonce) + 1) % 4096);
    expect(await codeOf(challenges.verify({ challenge: c.challenge, nonce: wrong }, KEY))).toBe('PROOF_INVALID');
    advance(601_000);
    expect(await codeOf(challenges.verify({ challenge: c.challenge, nonce }, KEY))).toBe('PROOF_EXPIRED');
  });
});

describe('limit keys', () => {
  it('treats name+tag@ as the same mailbox, case-insensitively', () => {
    expect(contactKeys({ email: 'Victim+1@Example.BE', phone: '+32470123456' })).toEqual(['mail:victim@example.be', 'phone:+32470123456']);
  });
});

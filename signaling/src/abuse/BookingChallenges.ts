import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ProofError, leadingZeroBits, proofInput, type BookingChallengeView, type BookingProof } from '@videoloket/contracts';
import type { SingleUseStore } from './SingleUseStore';

export interface BookingChallengeOptions {
  /** HMAC key for the challenges; shared by every process that verifies them. */
  secret: string;
  /** Leading zero bits (BOOKING_POW_DIFFICULTY). */
  difficulty: number;
  /** How long a challenge may be solved and spent (BOOKING_POW_TTL_SECONDS). */
  ttlSeconds: number;
  spent: SingleUseStore;
  now?: () => number;
}

/**
 * Issues and checks the booking page's proof of work (issue 9 finding 4). A challenge is
 * stateless until spent: "<id>.<difficulty>.<expires>.<HMAC>", so issuing costs nothing and a
 * forged or edited one (lower difficulty, later expiry) fails the HMAC. Spending records the
 * id with the idempotency key it was solved for: the same submission may come again (a retry
 * must get its booking back), any other submission is refused.
 */
export class BookingChallenges {
  readonly #key: Buffer;
  readonly #now: () => number;

  constructor(private readonly o: BookingChallengeOptions) {
    // A key of its own, derived so a challenge can never pass as any other signed value.
    this.#key = createHmac('sha256', o.secret).update('videoloket booking challenge v1').digest();
    this.#now = o.now ?? Date.now;
  }

  issue(): BookingChallengeView {
    const id = randomBytes(12).toString('base64url');
    const expires = Math.floor(this.#now() / 1000) + this.o.ttlSeconds;
    const body = `${id}.${this.o.difficulty}.${expires}`;
    return { challenge: `${body}.${this.#mac(body)}`, difficulty: this.o.difficulty, expiresAt: new Date(expires * 1000).toISOString() };
  }

  /** Throws a ProofError (PROOF_INVALID / PROOF_EXPIRED / PROOF_REUSED) unless `proof` is good for this submission. */
  async verify(proof: BookingProof, idempotencyKey: string): Promise<void> {
    const parts = proof.challenge.split('.');
    if (parts.length !== 4) throw new ProofError('PROOF_INVALID', 'Not a booking challenge');
    const [id, difficultyText, expiresText, mac] = parts as [string, string, string, string];
    const body = `${id}.${difficultyText}.${expiresText}`;
    const expected = Buffer.from(this.#mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ProofError('PROOF_INVALID', 'Not a challenge from this server');
    const expiresAt = new Date(Number(expiresText) * 1000);
    if (expiresAt.getTime() <= this.#now()) throw new ProofError('PROOF_EXPIRED', 'The security check expired; please try again');
    // The difficulty signed into the challenge counts: changing the setting does not void challenges being solved.
    const digest = createHash('sha256').update(proofInput(proof.challenge, idempotencyKey, proof.nonce)).digest();
    if (leadingZeroBits(digest) < Number(difficultyText)) throw new ProofError('PROOF_INVALID', 'The nonce does not solve the challenge');
    if ((await this.o.spent.claim(id, idempotencyKey, expiresAt)) === 'taken') {
      throw new ProofError('PROOF_REUSED', 'This security check was already used for another booking');
    }
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url');
  }
}

import { hkdfSync } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { z } from 'zod';

/**
 * Cookie values that are confidential and tamper-proof (JWE dir/A256GCM) with a key of their
 * own, derived from the process's token secret per purpose: a cookie of one purpose (or any
 * token signed with the secret) cannot stand in for another.
 */
export class SealedCookie {
  readonly #key: Uint8Array;

  constructor(
    secret: string,
    purpose: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#key = new Uint8Array(hkdfSync('sha256', secret, 'videoloket', purpose, 32));
  }

  seal(payload: Record<string, unknown>, audience: string, seconds: number): Promise<string> {
    const now = Math.floor(this.now().getTime() / 1000);
    return new EncryptJWT(payload)
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + seconds)
      .encrypt(this.#key);
  }

  /** The payload, or undefined: absent, expired, another audience, tampered with, or not of `schema`'s shape. */
  async open<T>(jwe: string | undefined, audience: string, schema: z.ZodType<T>): Promise<T | undefined> {
    if (!jwe) return undefined;
    try {
      const { payload } = await jwtDecrypt(jwe, this.#key, { audience, currentDate: this.now(), keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
      const parsed = schema.safeParse(payload);
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}

// The Sealer contract and its PAdES implementation. Callers (finalise) only see
// `Sealer`; where the certificate comes from and whether a TSA is used sits behind it.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { SealerOptionsSchema, type SealerOptions, type SealerOptionsInput } from '../config';
import { addSignatureTimeStamp, buildSignedData, encodeCms } from './cms';
import { certificateSha256, loadOrCreateSelfSigned, loadPkcs12, type SigningIdentity } from './identity';
import { embedCms, preparePlaceholder, signedContent } from './placeholder';
import { requestTimeStamp } from './tsa';

export interface SealerInfo {
  /** Who seals, as in the certificate's subject CN. */
  subject: string;
  selfSigned: boolean;
  /** PAdES baseline level produced: B-T with a time-stamp authority, B-B without. */
  level: 'B-B' | 'B-T';
  timestamped: boolean;
  /** SHA-256 (hex) of the sealing certificate, for the audit page. */
  certificateSha256: string;
}

export interface SealMeta {
  /** Claimed signing time (/M). Defaults to now. */
  signingTime?: Date;
  reason?: string;
  location?: string;
}

export interface Sealer {
  readonly info: SealerInfo;
  /** Seals a complete PDF; returns the sealed bytes (the input is not modified). */
  seal(pdf: Uint8Array, meta?: SealMeta): Promise<Uint8Array>;
}

export class PadesSealer implements Sealer {
  readonly info: SealerInfo;

  private constructor(
    private readonly identity: SigningIdentity,
    private readonly options: SealerOptions,
    private readonly log?: Logger,
  ) {
    const timestamped = options.tsaUrl !== undefined;
    this.info = {
      subject: identity.subject,
      selfSigned: identity.selfSigned,
      level: timestamped ? 'B-T' : 'B-B',
      timestamped,
      certificateSha256: certificateSha256(identity),
    };
  }

  /** Loads the PKCS#12 from configuration, or the embedded self-signed default. */
  static async create(input: SealerOptionsInput, logger?: Logger): Promise<PadesSealer> {
    const options = SealerOptionsSchema.parse(input);
    const identity = options.pkcs12Path
      ? await loadPkcs12(options.pkcs12Path, options.pkcs12Password ?? '')
      : await loadOrCreateSelfSigned(options.dataDir, options.sealName);
    const log = logger?.child({ component: 'pdf-sealer' });
    const sealer = new PadesSealer(identity, options, log);
    log?.info(
      { subject: identity.subject, selfSigned: identity.selfSigned, level: sealer.info.level, source: options.pkcs12Path ? 'pkcs12' : 'embedded' },
      'PDF sealer ready',
    );
    if (identity.selfSigned) log?.warn('sealing with a self-signed certificate: configure a PKCS#12 for production');
    return sealer;
  }

  async seal(pdf: Uint8Array, meta: SealMeta = {}): Promise<Uint8Array> {
    const prepared = await preparePlaceholder(
      pdf,
      { signingTime: meta.signingTime ?? new Date(), name: this.identity.subject, reason: meta.reason, location: meta.location },
      this.options.signatureReserve,
    );
    const hash = createHash('sha256');
    for (const part of signedContent(prepared)) hash.update(part);
    const { signedData, signatureValue } = buildSignedData(this.identity, hash.digest());
    if (this.options.tsaUrl) {
      const token = await requestTimeStamp(signatureValue, { url: this.options.tsaUrl, timeoutMs: this.options.tsaTimeoutMs });
      addSignatureTimeStamp(signedData, token);
    }
    const sealed = embedCms(prepared, encodeCms(signedData));
    this.log?.debug({ bytes: sealed.length, level: this.info.level }, 'sealed PDF');
    return sealed;
  }
}

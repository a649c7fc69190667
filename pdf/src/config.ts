import { z } from 'zod';

// Options of the PDF module, given by the process's config module (the only reader of
// process.env). Proposed env vars in docs/pdf-signing.md.
export const PdfLimitsSchema = z.object({
  /** Largest source PDF accepted (bytes). */
  maxPdfBytes: z.number().int().positive().default(25 * 1024 * 1024),
  /** Most pages a document to sign may have. */
  maxPages: z.number().int().positive().default(500),
  /** Largest signature PNG accepted (bytes). */
  maxSignatureBytes: z.number().int().positive().default(512 * 1024),
  /** Largest signature PNG width/height (pixels). */
  maxSignatureSide: z.number().int().positive().default(4000),
  /** Fewest drawn (non-transparent) pixels for a signature not to count as empty. */
  minSignatureInk: z.number().int().positive().default(150),
  /**
   * Smallest share of the box's width (and, halved, its height) the ink must span: a dot or
   * a tiny scribble in a corner is not a signature (issue 17: "covers too little of the box").
   */
  minSignatureSpan: z.number().min(0).max(1).default(0.2),
});
export type PdfLimits = z.output<typeof PdfLimitsSchema>;
export type PdfLimitsInput = z.input<typeof PdfLimitsSchema>;

export const SealerOptionsSchema = z.object({
  /** Name in the seal certificate and on the audit page, e.g. "Gemeente Utrecht". */
  sealName: z.string().min(1).max(120).default('Videoloket (embedded default)'),
  /** Production: a PKCS#12 with the municipality's sealing certificate and key. */
  pkcs12Path: z.string().min(1).optional(),
  pkcs12Password: z.string().optional(),
  /** Embedded default: where the generated self-signed certificate is kept. */
  dataDir: z.string().min(1),
  /** RFC 3161 time-stamp authority: with it the seal is PAdES B-T, without it B-B. */
  tsaUrl: z.url().optional(),
  tsaTimeoutMs: z.number().int().positive().default(10_000),
  /** Bytes reserved for the CMS in /Contents (the time-stamp token needs room too). */
  signatureReserve: z.number().int().min(4096).default(24_576),
});
export type SealerOptions = z.output<typeof SealerOptionsSchema>;
export type SealerOptionsInput = z.input<typeof SealerOptionsSchema>;

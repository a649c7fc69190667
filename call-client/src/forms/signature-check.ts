// What the signature box refuses before sending (issue 17: "a signature that covers too
// little of the box, or is a single stroke, is refused with a clear message"). The server
// checks the span again on the PNG (pdf/src/png.ts, minSignatureSpan).
import { AppError } from '@videoloket/contracts/errors';

/** Smallest share of the box's width (and half of it of the height) the ink must span. */
export const MIN_SIGNATURE_SPAN = 0.2;

export type SignatureProblem = 'empty' | 'one-stroke' | 'too-small';

/** Why a drawing is not accepted as a signature, or undefined when it is. */
export function signatureProblem(strokes: readonly { points: readonly { x: number; y: number }[] }[], box: { width: number; height: number }): SignatureProblem | undefined {
  const points = strokes.flatMap((s) => s.points);
  if (!points.length) return 'empty';
  if (strokes.length < 2) return 'one-stroke';
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const spanX = Math.max(...xs) - Math.min(...xs);
  const spanY = Math.max(...ys) - Math.min(...ys);
  if (spanX < box.width * MIN_SIGNATURE_SPAN || spanY < (box.height * MIN_SIGNATURE_SPAN) / 2) return 'too-small';
  return undefined;
}

export type SignatureRefusal = 'empty' | 'too-small' | 'name-invalid' | 'name-unprintable';

const REFUSAL_BY_CODE: Partial<Record<string, SignatureRefusal>> = {
  SIGNATURE_EMPTY: 'empty',
  SIGNATURE_TOO_SMALL: 'too-small',
  SIGNATURE_NAME_INVALID: 'name-invalid',
  SIGNATURE_NAME_UNPRINTABLE: 'name-unprintable',
};

/** Why the server refused a signature (by its error code, never its English text), if that is what `err` is. */
export function signatureRefusal(err: unknown): SignatureRefusal | undefined {
  return err instanceof AppError ? REFUSAL_BY_CODE[err.code] : undefined;
}

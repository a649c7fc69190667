// @videoloket/pdf (docs/pdf-signing.md): fill a form during a call, collect drawn signatures,
// finalise into a flattened, audited PDF sealed with PAdES (B-B, or B-T with a TSA).
import type { Principal } from '@videoloket/contracts';
import { FormSession, type CreateSessionInput, type SignatureMark, type SignatureRecord } from './session';

export { listForms, getFormDefinition, loadTemplate, type FormSummary, type FormDefinition, type FieldDefinition, type Labels, type PrefillFact } from './catalog';
export { PdfLimitsSchema, SealerOptionsSchema, type PdfLimits, type PdfLimitsInput, type SealerOptions, type SealerOptionsInput } from './config';
export * from './errors';
export { type FormField, type FieldValue, type FieldValues, type Rect } from './fields';
export { FormSession, sha256Hex, type CreateSessionInput, type PrefillFacts, type SignatureMark, type SignatureRecord, type Signer } from './session';
export { finalise, type FinaliseMeta } from './finalise';
export { PadesSealer, type Sealer, type SealerInfo, type SealMeta } from './pades/sealer';
export { loadSafePdf } from './inspect';
export { pdfRefusalIsolated, type IsolatedCheckLimits } from './isolated-check';
export { inspectSignaturePng, type SignatureImageInfo } from './png';

export function createSession(input: CreateSessionInput): Promise<FormSession> {
  return FormSession.create(input);
}

/** Sets field values (validated all-or-nothing; '' or false clears a field). */
export function fill(session: FormSession, values: Record<string, unknown>): Promise<void> {
  return session.fill(values);
}

/** The document as both parties see it now (signatures included), for the live preview. */
export function currentPdf(session: FormSession): Promise<Uint8Array> {
  return session.currentPdf();
}

/** SHA-256 (hex) of the document as shown for signing; fixed from the first signature on. */
export function shownHash(session: FormSession): Promise<string> {
  return session.shownHash();
}

export function addSignature(
  session: FormSession,
  principal: Principal,
  fieldName: string,
  mark: SignatureMark,
  allowedSigners: readonly string[],
): Promise<SignatureRecord> {
  return session.addSignature(principal, fieldName, mark, allowedSigners);
}


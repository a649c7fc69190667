import { z } from 'zod';
import { Id } from '../roles';
import { push, request } from './define';

// Filling, signing and sealing a PDF form during a call (issue 4). Phase 2 wires these to
// pdf/src: the clerk opens and fills, both parties see `form:state` live, each
// signer sends a signature_pad PNG, the clerk finalises into a sealed call document.
// Handlers: signaling/src/socket/handlers/forms.ts (rooms in signaling/src/forms.ts).

/** signature_pad's `toDataURL('image/png')`; the server checks the PNG itself (size, ink). */
export const SIGNATURE_DATA_URL_MAX = 700_000; // ≈ 512 KiB of PNG in base64
export const SignaturePngDataUrl = z
  .string()
  .max(SIGNATURE_DATA_URL_MAX)
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, 'must be a PNG data URL');

export const TYPED_SIGNATURE_MAX = 80;

export const FormFieldValue = z.union([z.string().max(500), z.boolean()]);

export interface FormLabels {
  nl: string;
  fr: string;
  en: string;
}

export interface FormFieldView {
  name: string;
  type: 'text' | 'date' | 'checkbox' | 'signature';
  label: FormLabels;
  required: boolean;
  maxLength?: number;
  signer?: 'citizen' | 'clerk';
  page: number;
}

export interface FormTemplateView {
  id: string;
  title: FormLabels;
}

export interface FormSignatureView {
  fieldName: string;
  participantId: string;
  displayName: string;
  kind: 'drawn' | 'typed';
  signedAt: string;
}

/** Pushed to every party of the call on each change; the PDF itself is fetched by version. */
export interface FormState {
  sessionId: string;
  title: string;
  version: number;
  fields: FormFieldView[];
  values: Record<string, string | boolean>;
  signatures: FormSignatureView[];
  /** SHA-256 of the document as shown for signing (fixed once the first signature is given). */
  shownHash: string;
  locked: boolean;
  finalised: boolean;
  /** When finalised: the sealed PDF's id among the call's documents. */
  documentId?: string;
}

export const formsRequests = {
  /** Clerk: the shipped templates. */
  'form:templates': request<FormTemplateView[]>()(z.strictObject({})),
  /** Clerk: start from a template or from a PDF among the call's documents. */
  'form:open': request<FormState>()(
    z.union([z.strictObject({ formId: Id }), z.strictObject({ documentId: Id })]),
  ),
  /** Clerk: set values (all-or-nothing; '' or false clears). */
  'form:fill': request<FormState>()(
    z.strictObject({ sessionId: z.uuid(), values: z.record(z.string().max(64), FormFieldValue) }),
  ),
  /** Clerk: ask a participant to sign a field (shows the signature pad on their side). */
  'form:request-signature': request<{ ok: true }>()(z.strictObject({ sessionId: z.uuid(), fieldName: z.string().max(64), participantId: Id })),
  /**
   * Citizen or clerk: confirm a drawn signature for a field, or (issue 17, for who cannot
   * draw) their typed full name — a simple electronic signature, marked so on the audit page.
   */
  'form:sign': request<FormState>()(
    z.union([
      z.strictObject({ sessionId: z.uuid(), fieldName: z.string().max(64), png: SignaturePngDataUrl }),
      z.strictObject({ sessionId: z.uuid(), fieldName: z.string().max(64), typedName: z.string().trim().min(2).max(TYPED_SIGNATURE_MAX) }),
    ]),
  ),
  /** Clerk: flatten, audit page, PAdES seal; the result becomes a call document. */
  'form:finalise': request<FormState>()(z.strictObject({ sessionId: z.uuid() })),
  /** Clerk or citizen: the open form's state (after a reload or a late join); null when none is open. */
  'form:current': request<FormState | null>()(z.strictObject({})),
  /**
   * Clerk or citizen: the document's bytes as both parties see it now (for the pdfjs
   * preview), or the sealed PDF once finalised. Read-only: nothing a citizen sends changes it.
   */
  'form:pdf': request<FormPdf>()(z.strictObject({ sessionId: z.uuid() })),
};

export interface FormPdf {
  sessionId: string;
  version: number;
  finalised: boolean;
  /** The PDF, base64 (Socket.IO acks carry JSON-friendly data). */
  pdfBase64: string;
}

export const formsPushes = {
  'form:state': push<FormState>(),
  'form:signature-requested': push<{ sessionId: string; fieldName: string; label: FormLabels }>(),
};

// One document being filled and signed during a call. All state changes go through
// a per-session queue, so a fill racing a signature can never sign content the signer
// did not see. A failed operation leaves the session exactly as it was.
import { createHash, randomUUID } from 'node:crypto';
import { ValidationError, type Principal, type Role } from '@videoloket/contracts';
import { getFormDefinition, loadTemplate, type PrefillFact } from './catalog';
import { PdfLimitsSchema, type PdfLimits, type PdfLimitsInput } from './config';
import { FieldValueError, FormIncompleteError, FormLockedError, InvalidTypedSignatureError, SignerNotAllowedError } from './errors';
import { describeFields, validateValues, type FieldValues, type FormField } from './fields';
import { loadSafePdf } from './inspect';
import { inspectSignaturePng } from './png';
import { renderBytes, renderDocument, type PlacedSignature } from './render';
import { unprintableChar } from './text';
import { PDFDocument } from 'pdf-lib';

export type PrefillFacts = Partial<Record<PrefillFact, string>>;

export interface CreateSessionInput {
  /** The call this document belongs to (written on the audit page). */
  callId: string;
  /** A shipped template … */
  formId?: string;
  /** … or a PDF from the call's documents (checked: PDF, unencrypted, no JavaScript, page limit). */
  sourcePdf?: Uint8Array;
  /** Title for a source PDF (templates have their own). */
  title?: string;
  /** Facts the call knows; each fills the fields that declare it. Values that do not validate are left empty. */
  prefill?: PrefillFacts;
  limits?: PdfLimitsInput;
}

export interface Signer {
  participantId: string;
  displayName: string;
  role: Role;
}

/**
 * What a signer gives: the PNG they drew, or (issue 17: "a citizen who cannot draw can sign
 * by typing their full name and confirming") their typed full name.
 */
export type SignatureMark = Uint8Array | { typedName: string };

export interface SignatureRecord {
  fieldName: string;
  /** Drawn on the pad, or typed (a simple electronic signature); the audit page says which. */
  kind: 'drawn' | 'typed';
  signer: Signer;
  signedAt: Date;
  /** SHA-256 (hex) of the document as shown for signing. */
  shownHash: string;
}

export class FormSession {
  readonly id = randomUUID();
  readonly createdAt = new Date();
  #values: FieldValues = {};
  #signatures: (SignatureRecord & { placed: PlacedSignature })[] = [];
  #lockedHash: string | undefined;
  #finalised = false;
  #version = 0;
  #current: { version: number; bytes: Promise<Uint8Array> } | undefined;
  #shown: { version: number; bytes: Promise<Uint8Array> } | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly callId: string,
    readonly title: string,
    readonly formId: string | undefined,
    readonly fields: readonly FormField[],
    readonly limits: PdfLimits,
    private readonly source: Uint8Array,
  ) {}

  static async create(input: CreateSessionInput): Promise<FormSession> {
    const limits = PdfLimitsSchema.parse(input.limits ?? {});
    if (!!input.formId === !!input.sourcePdf) throw new ValidationError('Give either a form template or a source PDF');
    let session: FormSession;
    if (input.formId) {
      const def = getFormDefinition(input.formId);
      const source = await loadTemplate(def.id);
      const doc = await PDFDocument.load(source, { updateMetadata: false });
      session = new FormSession(input.callId, def.title.nl, def.id, describeFields(doc, def), limits, source);
    } else {
      const doc = await loadSafePdf(input.sourcePdf!, limits);
      const title = input.title ?? doc.getTitle() ?? 'Document';
      session = new FormSession(input.callId, title, undefined, describeFields(doc), limits, input.sourcePdf!.slice());
    }
    const prefill: Record<string, string> = {};
    for (const field of session.fields) {
      const fact = field.prefill && input.prefill?.[field.prefill];
      if (fact) prefill[field.name] = fact;
    }
    // A fact that does not fit a field (too long, unprintable) is simply not prefilled.
    session.#values = validateValues(session.fields, prefill).values;
    return session;
  }

  get values(): Readonly<FieldValues> {
    return { ...this.#values };
  }
  get signatures(): readonly SignatureRecord[] {
    return this.#signatures.map(({ placed: _placed, ...record }) => record);
  }
  get locked(): boolean {
    return this.#lockedHash !== undefined;
  }
  get finalised(): boolean {
    return this.#finalised;
  }
  /** Bumped on every change: a preview can skip re-rendering an unchanged document. */
  get version(): number {
    return this.#version;
  }

  #serialise<T>(op: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(op, op);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  fill(values: Record<string, unknown>): Promise<void> {
    return this.#serialise(async () => {
      if (this.#finalised) throw new FormLockedError('The document is final and can no longer be changed');
      if (this.#lockedHash) throw new FormLockedError('The document has been signed; its fields can no longer be changed');
      const { values: ok, issues } = validateValues(this.fields, values);
      if (issues.length) throw new FieldValueError(issues);
      const next = { ...this.#values };
      for (const [name, value] of Object.entries(ok)) {
        if (value === '' || value === false) delete next[name];
        else next[name] = value;
      }
      this.#values = next;
      this.#version++;
    });
  }

  /** The document as it is now, signatures included: what both parties see. */
  currentPdf(): Promise<Uint8Array> {
    if (this.#current?.version !== this.#version) {
      this.#current = { version: this.#version, bytes: renderBytes(this.source, this.fields, this.#values, this.#signatures.map((s) => s.placed)) };
    }
    return this.#current.bytes;
  }

  /** The filled document without signatures: what was shown for signing (fixed once signed). */
  shownPdf(): Promise<Uint8Array> {
    if (this.#shown?.version !== this.#version) {
      this.#shown = { version: this.#version, bytes: renderBytes(this.source, this.fields, this.#values, []) };
    }
    return this.#shown.bytes;
  }

  async shownHash(): Promise<string> {
    return this.#lockedHash ?? sha256Hex(await this.shownPdf());
  }

  /**
   * Places a drawn signature in its field. The signer must be one of the call's
   * participants allowed to sign (`allowedSigners`, participant ids the caller takes from
   * the call's room), in this call, with the role the field is meant for.
   */
  addSignature(principal: Principal, fieldName: string, mark: SignatureMark, allowedSigners: readonly string[]): Promise<SignatureRecord> {
    return this.#serialise(async () => {
      if (this.#finalised) throw new FormLockedError('The document is final and can no longer be signed');
      if (!allowedSigners.includes(principal.participantId) || (principal.callId !== undefined && principal.callId !== this.callId)) {
        throw new SignerNotAllowedError('Only participants of this call who were asked to sign can sign');
      }
      if (principal.role === 'interpreter') throw new SignerNotAllowedError('An interpreter cannot sign documents');
      const field = this.fields.find((f) => f.name === fieldName);
      if (!field || field.type !== 'signature') throw new FieldValueError([{ path: fieldName, message: 'no such signature field' }]);
      if (field.signer && field.signer !== principal.role) {
        throw new SignerNotAllowedError(`This signature field is for the ${field.signer} to sign`);
      }
      if (this.#signatures.some((s) => s.fieldName === fieldName)) throw new FormLockedError('This field has already been signed');
      const missing = this.fields.filter((f) => f.required && f.type !== 'signature' && this.#values[f.name] === undefined);
      if (missing.length) {
        throw new FormIncompleteError(`Fill in the required fields before signing: ${missing.map((f) => f.label.nl).join(', ')}`);
      }
      const placed = checkedMark(fieldName, mark, this.limits);
      const shownHash = await this.shownHash();
      // Render once with the new signature before committing, so an image pdf-lib
      // cannot embed is rejected here and the session keeps its previous state.
      const all = [...this.#signatures.map((s) => s.placed), placed];
      const bytes = renderBytes(this.source, this.fields, this.#values, all);
      await bytes;
      const record: SignatureRecord = {
        fieldName,
        kind: 'png' in placed ? 'drawn' : 'typed',
        signer: { participantId: principal.participantId, displayName: principal.displayName, role: principal.role },
        signedAt: new Date(),
        shownHash,
      };
      this.#lockedHash = shownHash;
      this.#signatures.push({ ...record, placed });
      this.#version++;
      this.#current = { version: this.#version, bytes };
      return record;
    });
  }

  /** Renders the final state (for finalise): a pdf-lib document to flatten and extend. */
  renderForFinal(): Promise<PDFDocument> {
    return renderDocument(this.source, this.fields, this.#values, this.#signatures.map((s) => s.placed));
  }

  /** Runs the finalisation under the session's queue; marks the session final on success. */
  finaliseWith<T>(op: () => Promise<T>): Promise<T> {
    return this.#serialise(async () => {
      if (this.#finalised) throw new FormLockedError('The document has already been finalised');
      const missing = this.fields.filter((f) => f.required && (f.type === 'signature' ? !this.#signatures.some((s) => s.fieldName === f.name) : this.#values[f.name] === undefined));
      if (missing.length) throw new FormIncompleteError(`Not complete yet: ${missing.map((f) => f.label.nl).join(', ')}`);
      if (!this.#signatures.length) throw new FormIncompleteError('Nobody has signed the document yet');
      const result = await op();
      this.#finalised = true;
      this.#version++;
      return result;
    });
  }
}

const TYPED_NAME_MAX = 80;

function checkedMark(fieldName: string, mark: SignatureMark, limits: PdfLimits): PlacedSignature {
  if (mark instanceof Uint8Array) {
    inspectSignaturePng(mark, limits);
    return { fieldName, png: mark.slice() };
  }
  const typedName = mark.typedName.normalize('NFC').replace(/\s+/g, ' ').trim();
  // A full name: at least two letters, within what the field can hold, printable in the form's font.
  if ((typedName.match(/\p{L}/gu) ?? []).length < 2 || typedName.length > TYPED_NAME_MAX) {
    throw new InvalidTypedSignatureError();
  }
  const bad = unprintableChar(typedName);
  if (bad) throw new InvalidTypedSignatureError(bad);
  return { fieldName, typedName };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

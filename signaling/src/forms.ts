// Filling, signing and sealing a PDF during the call (issue 4, phase 2). One FormRoom per
// call holds the open FormSession (@videoloket/pdf), who has been asked to sign which
// field, and the sealed result. Socket.IO lives in handlers/forms.ts; this file knows
// no transport, only who may do what.
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError, type FormState, type Principal } from '@videoloket/contracts';
import {
  addSignature,
  createSession,
  currentPdf,
  fill,
  finalise,
  getFormDefinition,
  listForms,
  shownHash,
  type FormSession,
  type PdfLimitsInput,
  type PrefillFacts,
  type Sealer,
  type SignatureMark,
} from '@videoloket/pdf';
import type { Logger } from 'pino';

export interface FormRoomsOptions {
  sealer: Sealer;
  limits?: PdfLimitsInput;
  /** Printed into the `municipality` fields (issue 4: prefill what the call knows). */
  municipality?: string;
  logger: Logger;
  /** Where a sealed PDF goes so that it becomes a call document; unset: kept in the room only. */
  storeSealed?: (input: { callId: string; title: string; pdf: Uint8Array; by: Principal }) => Promise<string | undefined>;
}

export class NoOpenFormError extends NotFoundError {
  constructor() {
    super('No form is open in this call');
  }
}

export class SignatureNotRequestedError extends ForbiddenError {
  constructor() {
    super('You have not been asked to sign this field');
  }
}

class FormRoom {
  session: FormSession | undefined;
  /** fieldName → participant asked to sign it. */
  requested = new Map<string, string>();
  sealed: Uint8Array | undefined;
  documentId: string | undefined;
  displayNames = new Map<string, string>();
  constructor(readonly callId: string) {}
}

export class FormRooms {
  readonly #rooms = new Map<string, FormRoom>();
  readonly #log: Logger;

  constructor(private readonly options: FormRoomsOptions) {
    this.#log = options.logger.child({ component: 'forms' });
  }

  templates() {
    return listForms().map((f) => ({ id: f.id, title: f.title }));
  }

  /** Starts a form from a template; replaces an unfinished one (the clerk chose another form). */
  async open(callId: string, formId: string, prefill: PrefillFacts): Promise<FormState> {
    getFormDefinition(formId); // unknown id → UnknownFormError before anything changes
    const session = await createSession({ callId, formId, prefill: { municipality: this.options.municipality, ...prefill }, limits: this.options.limits });
    const room = new FormRoom(callId);
    room.session = session;
    this.#rooms.set(callId, room);
    this.#log.info({ callId, formId, sessionId: session.id }, 'form opened');
    return this.state(callId)!;
  }

  async fill(callId: string, sessionId: string, values: Record<string, unknown>): Promise<FormState> {
    const { session } = this.#open(callId, sessionId);
    await fill(session, values);
    return this.state(callId)!;
  }

  /** Records who is asked to sign a field; only they (or a clerk for a clerk field) may sign it. */
  requestSignature(callId: string, sessionId: string, fieldName: string, participantId: string): { label: FormState['fields'][number]['label'] } {
    const { room, session } = this.#open(callId, sessionId);
    const field = session.fields.find((f) => f.name === fieldName && f.type === 'signature');
    if (!field) throw new NotFoundError(`No signature field "${fieldName}" in this form`);
    if (session.signatures.some((s) => s.fieldName === fieldName)) throw new ConflictError('This field is already signed');
    room.requested.set(fieldName, participantId);
    return { label: field.label };
  }

  async sign(callId: string, sessionId: string, principal: Principal, fieldName: string, mark: SignatureMark, allowedSigners: readonly string[]): Promise<FormState> {
    const { room, session } = this.#open(callId, sessionId);
    // A citizen signs only when the clerk asked them to (issue 4: "citizen: sign only when asked").
    if (principal.role !== 'clerk' && room.requested.get(fieldName) !== principal.participantId) throw new SignatureNotRequestedError();
    await addSignature(session, principal, fieldName, mark, allowedSigners);
    room.displayNames.set(principal.participantId, principal.displayName);
    room.requested.delete(fieldName);
    this.#log.info({ callId, sessionId, fieldName, participantId: principal.participantId, role: principal.role }, 'form signed');
    return this.state(callId)!;
  }

  async finalise(callId: string, sessionId: string, by: Principal): Promise<FormState> {
    const { room, session } = this.#open(callId, sessionId);
    const started = Date.now();
    const pdf = await finalise(session, this.options.sealer, { reason: `Videoloket call ${callId}` });
    room.sealed = pdf;
    this.#log.info({ callId, sessionId, bytes: pdf.length, ms: Date.now() - started }, 'form sealed');
    if (this.options.storeSealed) {
      room.documentId = await this.options.storeSealed({ callId, title: session.title, pdf, by }).catch((err: unknown) => {
        // The sealed PDF stays downloadable from the room; storing it is retried by nobody yet.
        this.#log.error({ err, callId, sessionId }, 'storing the sealed PDF failed');
        return undefined;
      });
    }
    return this.state(callId)!;
  }

  /** The bytes both parties see: the live rendering, or the sealed PDF once finalised. */
  async pdf(callId: string, sessionId: string): Promise<{ version: number; finalised: boolean; pdf: Uint8Array }> {
    const { room, session } = this.#open(callId, sessionId);
    if (room.sealed) return { version: session.version, finalised: true, pdf: room.sealed };
    return { version: session.version, finalised: false, pdf: await currentPdf(session) };
  }

  /** Synchronous snapshot; `shownHash` is filled in by stateWithHash (it renders). */
  state(callId: string): FormState | null {
    const room = this.#rooms.get(callId);
    const session = room?.session;
    if (!room || !session) return null;
    return {
      sessionId: session.id,
      title: session.title,
      version: session.version,
      fields: session.fields.map((f) => ({ name: f.name, type: f.type, label: f.label, required: f.required, maxLength: f.maxLength, signer: f.signer, page: f.page })),
      values: { ...session.values },
      signatures: session.signatures.map((s) => ({
        fieldName: s.fieldName,
        participantId: s.signer.participantId,
        displayName: s.signer.displayName,
        kind: s.kind,
        signedAt: s.signedAt.toISOString(),
      })),
      shownHash: '',
      locked: session.locked,
      finalised: session.finalised && !!room.sealed,
      documentId: room.documentId,
    };
  }

  async stateWithHash(callId: string): Promise<FormState | null> {
    const state = this.state(callId);
    const session = this.#rooms.get(callId)?.session;
    if (!state || !session) return state;
    return { ...state, shownHash: await shownHash(session) };
  }

  /** The call is over: forget its form (sessions live in memory only). */
  drop(callId: string): void {
    this.#rooms.delete(callId);
  }

  #open(callId: string, sessionId: string): { room: FormRoom; session: FormSession } {
    const room = this.#rooms.get(callId);
    const session = room?.session;
    if (!room || !session || session.id !== sessionId) throw new NoOpenFormError();
    return { room, session };
  }
}

/** A signature_pad data URL → PNG bytes (the contract checked the shape already). */
export function pngFromDataUrl(dataUrl: string): Uint8Array {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  if (bytes.length === 0) throw new UnprocessableError('The signature is empty');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

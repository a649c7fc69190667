// Filling, signing and sealing a PDF during the call (issue 4, phase 2). Each Call owns one
// FormRoom (the open FormSession of @videoloket/pdf, who is asked to sign which field, the
// sealed result); FormService does the work on it. Socket.IO lives in handlers/forms.ts and
// socket/pushes.ts; this file knows no transport, only who may do what.
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
import { TypedEmitter } from '@videoloket/contracts/emitter';

export interface FormServiceOptions {
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

export type FormRoomEvents = {
  /** The form changed (opened, filled, signed, sealed): the parties get this state. */
  state: [state: FormState];
  /** The clerk asked `participantId` to sign `fieldName`. */
  signatureRequested: [request: { participantId: string; sessionId: string; fieldName: string; label: FormState['fields'][number]['label'] }];
};

/**
 * The form of one call (part of its Call): the open FormSession (storage/src/pdf), who has
 * been asked to sign which field, and the sealed result. Emits what changed; the socket
 * layer turns that into pushes.
 */
export class FormRoom extends TypedEmitter<FormRoomEvents> {
  session: FormSession | undefined;
  /** fieldName → participant asked to sign it. */
  readonly requested = new Map<string, string>();
  sealed: Uint8Array | undefined;
  documentId: string | undefined;
  #closed = false;

  constructor(
    readonly callId: string,
    private readonly logger: Logger,
  ) {
    super();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The call is over: forget the form (sessions live in memory only). Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.session = undefined;
    this.sealed = undefined;
    this.requested.clear();
  }

  /** @internal FormService publishes through here. */
  publish<K extends keyof FormRoomEvents & string>(event: K, ...args: FormRoomEvents[K]): void {
    this.emit(event, ...args);
  }

  protected override listenerFailed(error: unknown, event: string): void {
    this.logger.error({ err: error, event, callId: this.callId }, 'form listener threw');
  }
}

/** Form work of every call: the templates, the seal and where sealed PDFs go. Keeps no state of its own. */
export class FormService {
  readonly #log: Logger;

  constructor(private readonly options: FormServiceOptions) {
    this.#log = options.logger.child({ component: 'forms' });
  }

  /** A fresh, empty form room for a new call. */
  room(callId: string): FormRoom {
    return new FormRoom(callId, this.#log);
  }

  templates() {
    return listForms().map((f) => ({ id: f.id, title: f.title }));
  }

  /** Starts a form from a template; replaces an unfinished one (the clerk chose another form). */
  async open(room: FormRoom, formId: string, prefill: PrefillFacts): Promise<FormState> {
    getFormDefinition(formId); // unknown id → UnknownFormError before anything changes
    if (room.closed) throw new NoOpenFormError();
    const session = await createSession({ callId: room.callId, formId, prefill: { municipality: this.options.municipality, ...prefill }, limits: this.options.limits });
    room.session = session;
    room.requested.clear();
    room.sealed = undefined;
    room.documentId = undefined;
    this.#log.info({ callId: room.callId, formId, sessionId: session.id }, 'form opened');
    return this.publish(room);
  }

  async fill(room: FormRoom, sessionId: string, values: Record<string, unknown>): Promise<FormState> {
    await fill(this.#open(room, sessionId), values);
    return this.publish(room);
  }

  /** Records who is asked to sign a field; only they (or a clerk for a clerk field) may sign it. */
  requestSignature(room: FormRoom, sessionId: string, fieldName: string, participantId: string): void {
    const session = this.#open(room, sessionId);
    const field = session.fields.find((f) => f.name === fieldName && f.type === 'signature');
    if (!field) throw new NotFoundError(`No signature field "${fieldName}" in this form`);
    if (session.signatures.some((s) => s.fieldName === fieldName)) throw new ConflictError('This field is already signed');
    room.requested.set(fieldName, participantId);
    room.publish('signatureRequested', { participantId, sessionId, fieldName, label: field.label });
  }

  async sign(room: FormRoom, sessionId: string, principal: Principal, fieldName: string, mark: SignatureMark, allowedSigners: readonly string[]): Promise<FormState> {
    const session = this.#open(room, sessionId);
    // A citizen signs only when the clerk asked them to (issue 4: "citizen: sign only when asked").
    if (principal.role !== 'clerk' && room.requested.get(fieldName) !== principal.participantId) throw new SignatureNotRequestedError();
    await addSignature(session, principal, fieldName, mark, allowedSigners);
    room.requested.delete(fieldName);
    this.#log.info({ callId: room.callId, sessionId, fieldName, participantId: principal.participantId, role: principal.role }, 'form signed');
    return this.publish(room);
  }

  /** `identityVerifiedName`: the government login vouched for the citizen at booking (issue 15 item 1); on the audit page. */
  async finalise(room: FormRoom, sessionId: string, by: Principal, identityVerifiedName?: string): Promise<FormState> {
    const session = this.#open(room, sessionId);
    const { callId } = room;
    const started = Date.now();
    const pdf = await finalise(session, this.options.sealer, { reason: `Videoloket call ${callId}`, ...(identityVerifiedName !== undefined ? { identityVerifiedName } : {}) });
    room.sealed = pdf;
    this.#log.info({ callId, sessionId, bytes: pdf.length, ms: Date.now() - started }, 'form sealed');
    if (this.options.storeSealed) {
      room.documentId = await this.options.storeSealed({ callId, title: session.title, pdf, by }).catch((err: unknown) => {
        // The sealed PDF stays downloadable from the room; storing it is retried by nobody yet.
        this.#log.error({ err, callId, sessionId }, 'storing the sealed PDF failed');
        return undefined;
      });
    }
    return this.publish(room);
  }

  /** The bytes both parties see: the live rendering, or the sealed PDF once finalised. */
  async pdf(room: FormRoom, sessionId: string): Promise<{ version: number; finalised: boolean; pdf: Uint8Array }> {
    const session = this.#open(room, sessionId);
    if (room.sealed) return { version: session.version, finalised: true, pdf: room.sealed };
    return { version: session.version, finalised: false, pdf: await currentPdf(session) };
  }

  /** The current state with the hash of what is shown (it renders), or null when no form is open. */
  async current(room: FormRoom): Promise<FormState | null> {
    const session = room.session;
    if (!session) return null;
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
      shownHash: await shownHash(session),
      locked: session.locked,
      finalised: session.finalised && !!room.sealed,
      documentId: room.documentId,
    };
  }

  /** Emits the room's current state (for the pushes) and returns it (for the acknowledgement). */
  async publish(room: FormRoom): Promise<FormState> {
    const state = await this.current(room);
    if (!state) throw new NoOpenFormError();
    room.publish('state', state);
    return state;
  }

  #open(room: FormRoom, sessionId: string): FormSession {
    const session = room.session;
    if (!session || session.id !== sessionId) throw new NoOpenFormError();
    return session;
  }
}

/** A signature_pad data URL → PNG bytes (the contract checked the shape already). */
export function pngFromDataUrl(dataUrl: string): Uint8Array {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  if (bytes.length === 0) throw new UnprocessableError('The signature is empty');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

// The municipality's own case system (zaaksysteem), kept in step with our cases.
// Adapters: none (default), ZGW Zaken/Documenten API (ZgwCaseSystem).

export interface ExternalCase {
  caseId: string;
  reference: string;
  productId: string;
  description: string;
  createdAt: Date;
  /** Local calendar date (YYYY-MM-DD) the case started, in the municipality's time zone. */
  startDate: string;
}

/** Sent with every push (header Idempotency-Key): the same on every attempt of one outbox message. */
export interface PushContext {
  idempotencyKey: string;
}

export interface CaseSystem {
  readonly kind: string;
  /** Creates the case there; returns its identifier (ZGW: the zaak URL). */
  createCase(c: ExternalCase, ctx: PushContext): Promise<string | undefined>;
  setStatus(externalRef: string, s: { status: string; at: Date; message?: string }, ctx: PushContext): Promise<void>;
  attachDocument(externalRef: string, doc: { documentId: string; title: string }, ctx: PushContext): Promise<void>;
}

export class NoCaseSystem implements CaseSystem {
  readonly kind = 'none';
  async createCase(): Promise<undefined> {
    return undefined;
  }
  async setStatus(): Promise<void> {}
  async attachDocument(): Promise<void> {}
}

// Pushes status changes to a portal the citizen already uses (Flanders: DOSIS, shown in
// Mijn Burgerprofiel). Adapters: none (default), DosisStatusPush.
export interface StatusUpdate {
  caseReference: string;
  productId: string;
  productName: string;
  status: string;
  at: Date;
  statusUrl: string;
  message?: string;
}

export interface StatusPush {
  readonly kind: string;
  push(update: StatusUpdate, ctx: PushContext): Promise<void>;
}

export class NoStatusPush implements StatusPush {
  readonly kind = 'none';
  async push(): Promise<void> {}
}

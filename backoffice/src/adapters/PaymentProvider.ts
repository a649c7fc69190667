import { newStructuredCommunication } from '../structuredCommunication';

export interface PaymentRequestInput {
  caseReference: string;
  amountCents: number;
  description: string;
}

/** Raises payment requests; adapters: manual (embedded default), a PSP later. */
export interface PaymentProvider {
  readonly kind: string;
  /** Whether a clerk may record a payment by hand (cash, card at the door, bank transfer seen). */
  readonly capabilities: { manualMark: boolean };
  /** Returns the bank-transfer reference the citizen uses. */
  createRequest(input: PaymentRequestInput): Promise<{ structuredReference: string }>;
}

/** Embedded default: a structured-communication reference; the clerk marks it paid. */
export class ManualPaymentProvider implements PaymentProvider {
  readonly kind = 'manual';
  readonly capabilities = { manualMark: true };
  async createRequest(): Promise<{ structuredReference: string }> {
    return { structuredReference: newStructuredCommunication() };
  }
}

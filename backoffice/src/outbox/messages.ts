import { z } from 'zod';

// What an outbox row asks for. A citizen notice names the records it is about, not its text:
// the text is written when it is delivered, from the records as they are then and in the
// citizen's language (and a video appointment's join link is made then, outside the
// transaction that booked it).

export const AppointmentNoticeKind = z.enum(['confirmation', 'update', 'reminder', 'cancellation']);
export type AppointmentNoticeKind = z.infer<typeof AppointmentNoticeKind>;

export const Notice = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('appointment'), kind: AppointmentNoticeKind, appointmentId: z.uuid() }),
  z.strictObject({ type: z.literal('status'), status: z.string(), message: z.string().optional() }),
  z.strictObject({ type: z.literal('payment'), paymentId: z.uuid() }),
  /** The code is known only here (the database keeps its hash); the payload is dropped once delivered. */
  z.strictObject({ type: z.literal('invitation'), invitationId: z.uuid(), code: z.string() }),
]);
export type Notice = z.infer<typeof Notice>;

export const CaseStatusPayload = z.strictObject({ status: z.string(), at: z.iso.datetime(), message: z.string().optional() });
export const CaseDocumentPayload = z.strictObject({ documentId: z.string(), title: z.string() });

export const OutboxPayload = {
  mail: Notice,
  sms: Notice,
  inbox: Notice,
  /** With the status the case opened with: later changes follow as their own messages. */
  'case.create': CaseStatusPayload,
  'case.status': CaseStatusPayload,
  'case.document': CaseDocumentPayload,
  'status.push': CaseStatusPayload,
} as const;
export type OutboxKind = keyof typeof OutboxPayload;

/** One row to write: every push concerns a case, and a case's pushes of one kind keep their order. */
export type OutboxMessage = { [K in OutboxKind]: { kind: K; caseId: string; payload: z.infer<(typeof OutboxPayload)[K]> } }[OutboxKind];

import { z } from 'zod';

export const CreateCallRequest = z.strictObject({
  title: z.string().trim().min(1).max(120),
  citizenName: z.string().trim().min(1).max(80).optional(),
  /** How long the citizen link stays valid, in minutes (default 240, at most 7 days). */
  linkValidityMinutes: z.number().int().min(5).max(7 * 24 * 60).optional(),
});
export type CreateCallRequest = z.infer<typeof CreateCallRequest>;

/** The clerk a supervisor handed a call to (issue 12 item 3): its waiting citizens knock on that clerk's desk. */
export const CallAssignee = z.object({ clerkId: z.string(), displayName: z.string() });
export type CallAssignee = z.infer<typeof CallAssignee>;

export const CallSummary = z.object({
  callId: z.string(),
  title: z.string(),
  status: z.enum(['open', 'ended']),
  createdAt: z.string(),
  waiting: z.number().int(),
  admitted: z.number().int(),
  assignedTo: CallAssignee.optional(),
});
export type CallSummary = z.infer<typeof CallSummary>;

export const CreateCallResponse = z.object({
  call: CallSummary,
  /** The link to send the citizen; its token sits in the URL fragment so it never reaches server logs. */
  citizenLink: z.string(),
  citizenLinkExpiresAt: z.string(),
  /** To withdraw the citizen link (DELETE /api/calls/:callId/links/:linkId, or call:withdrawLink). */
  citizenLinkId: z.string(),
});
export type CreateCallResponse = z.infer<typeof CreateCallResponse>;

export const WithdrawLinkResponse = z.object({
  withdrawn: z.literal(true),
  /** Seats that came through the link and were removed. */
  removed: z.number().int(),
});
export type WithdrawLinkResponse = z.infer<typeof WithdrawLinkResponse>;

/** The clerk starts the video call of a booked appointment from today's list. */
export const StartAppointmentCallRequest = z.strictObject({
  title: z.string().trim().min(1).max(120),
});
export type StartAppointmentCallRequest = z.infer<typeof StartAppointmentCallRequest>;

/**
 * A call's record (issue 10 item 2), kept in the database after the call:
 * `scheduled` (booked for an appointment, nobody there yet) → `waiting` (opened; nobody
 * admitted yet) → `active` (a citizen or interpreter admitted) → `completed` (the clerk ended
 * it after a conversation) | `ended` (ended before anyone was admitted, or cut off when the
 * server stopped) | `expired` (a scheduled call nobody opened before its link ran out).
 */
export const CallRecordStatus = z.enum(['scheduled', 'waiting', 'active', 'completed', 'ended', 'expired']);
export type CallRecordStatus = z.infer<typeof CallRecordStatus>;

/**
 * What came of a call, as the clerk says when ending it (issue 12 item 2): on the call's
 * record and, for an appointment's call, on its case's timeline.
 */
export const CallOutcome = z.enum(['completed', 'follow-up', 'no-show']);
export type CallOutcome = z.infer<typeof CallOutcome>;

/** GET /api/calls/history (clerk): calls made, opened or ended today or in the 30 days before, the latest opened first. */
export const PastCall = z.object({
  callId: z.string(),
  title: z.string(),
  status: CallRecordStatus,
  appointmentId: z.string().optional(),
  caseId: z.string().optional(),
  createdAt: z.string(),
  /** When it was first opened. */
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  /** Display names of the clerk accounts, while those accounts exist. */
  createdBy: z.string().optional(),
  endedBy: z.string().optional(),
  outcome: CallOutcome.optional(),
});
export type PastCall = z.infer<typeof PastCall>;

export const PastCallsResponse = z.object({
  /** Start of the period listed (midnight, 30 days before today, in the municipality's time zone). */
  since: z.string(),
  calls: z.array(PastCall),
});
export type PastCallsResponse = z.infer<typeof PastCallsResponse>;

/** GET /api/supervisor/calls (supervisors): every live call, who is in it and who waits since when, and the clerks to hand a call to. */
export const SupervisedCall = z.object({
  callId: z.string(),
  title: z.string(),
  createdAt: z.string(),
  /** Display names of the clerks connected to the call now. */
  clerks: z.array(z.string()),
  admitted: z.array(z.object({ name: z.string(), role: z.enum(['citizen', 'interpreter']) })),
  waiting: z.array(z.object({ participantId: z.string(), name: z.string(), role: z.enum(['citizen', 'interpreter']), waitingSince: z.string().optional() })),
  assignedTo: CallAssignee.optional(),
});
export type SupervisedCall = z.infer<typeof SupervisedCall>;

export const SupervisorOverview = z.object({
  calls: z.array(SupervisedCall),
  clerks: z.array(z.object({ id: z.string(), displayName: z.string() })),
});
export type SupervisorOverview = z.infer<typeof SupervisorOverview>;

/** POST /api/supervisor/calls/:callId/handover: the call (and whoever waits in it) goes to this clerk's desk. */
export const HandoverRequest = z.strictObject({ toClerkId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an identifier') });
export type HandoverRequest = z.infer<typeof HandoverRequest>;

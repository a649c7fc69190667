import { z } from 'zod';

export const CreateCallRequest = z.strictObject({
  title: z.string().trim().min(1).max(120),
  citizenName: z.string().trim().min(1).max(80).optional(),
  /** How long the citizen link stays valid, in minutes (default 240, at most 7 days). */
  linkValidityMinutes: z.number().int().min(5).max(7 * 24 * 60).optional(),
});
export type CreateCallRequest = z.infer<typeof CreateCallRequest>;

export interface CallSummary {
  callId: string;
  title: string;
  status: 'open' | 'ended';
  createdAt: string;
  waiting: number;
  admitted: number;
}

export interface CreateCallResponse {
  call: CallSummary;
  /** The link to send the citizen; its token sits in the URL fragment so it never reaches server logs. */
  citizenLink: string;
  citizenLinkExpiresAt: string;
  /** To withdraw the citizen link (DELETE /api/calls/:callId/links/:linkId, or call:withdrawLink). */
  citizenLinkId: string;
}

export interface WithdrawLinkResponse {
  withdrawn: true;
  /** Seats that came through the link and were removed. */
  removed: number;
}

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

/** GET /api/calls/history (clerk): calls made, opened or ended today or in the 30 days before, the latest opened first. */
export interface PastCall {
  callId: string;
  title: string;
  status: CallRecordStatus;
  appointmentId?: string;
  caseId?: string;
  createdAt: string;
  /** When it was first opened. */
  startedAt?: string;
  endedAt?: string;
  /** Display names of the clerk accounts, while those accounts exist. */
  createdBy?: string;
  endedBy?: string;
}

export interface PastCallsResponse {
  /** Start of the period listed (midnight, 30 days before today, in the municipality's time zone). */
  since: string;
  calls: PastCall[];
}

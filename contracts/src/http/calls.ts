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

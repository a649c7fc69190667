import { z } from 'zod';
import { Id, Role } from '../roles';
import { CallOutcome, type WithdrawLinkResponse } from '../http/calls';
import { MediaSource } from './mediasoup-params';
import type { ConnectionQuality } from './media';
import { push, request } from './define';

// The call: joining, the waiting room, admission, leaving and ending.

export const ParticipantStatus = z.enum(['waiting', 'admitted']);
export type ParticipantStatus = z.infer<typeof ParticipantStatus>;

export const CallStatus = z.enum(['open', 'ended']);
export type CallStatus = z.infer<typeof CallStatus>;

export interface ProducerInfo {
  id: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  paused: boolean;
}

export interface ParticipantView {
  id: string;
  role: Role;
  displayName: string;
  status: ParticipantStatus;
  /** Has a live connection right now (false while a reconnect is pending). */
  connected: boolean;
  producers: ProducerInfo[];
  /** Interpreters: the language the clerk invited them for (issue 5). */
  language?: string;
  /** Non-clerks: the clerk allowed this participant to share their screen (issue 5). */
  screenShareAllowed?: boolean;
  /** Clerks' view only: the invitation link this seat came through, so the clerk can withdraw it. */
  linkId?: string;
  /**
   * Clerks' view only: this seat opened an interpreter link meant to go straight into the
   * call after another seat already used it, so it waits instead (issue 9, finding 5).
   */
  linkAlreadyUsed?: true;
  /** The chosen name reads like the name of a clerk (unicode look-alikes folded): show it as such. */
  nameResemblesClerk?: true;
  /** Admitted viewers: how this seat's connection does, as its browser last reported (issue 16); absent until it reports. */
  connectionQuality?: ConnectionQuality;
  /** Clerks' view of a waiting seat only: when it entered the waiting room (ISO 8601), for "waiting for 3 min" (issue 12). */
  waitingSince?: string;
}

/** The call as one participant may see it (waiting participants see only themselves and the clerks' names). */
export interface CallView {
  callId: string;
  title: string;
  status: CallStatus;
  participants: ParticipantView[];
  /** Clerks only, for an appointment's call: the citizen booked signed in with the government login (issue 15 item 1). */
  identityVerified?: { via: 'government_login'; name: string };
}

export const DisplayName = z.string().trim().min(1).max(80);

export const JoinRequest = z.strictObject({
  /** Citizens and interpreters choose the name the clerk sees; clerks use their account name. */
  displayName: DisplayName.optional(),
  /**
   * The seat key from an earlier join, kept by the browser (localStorage per call):
   * rejoining with it returns to the same seat, so an admitted citizen skips the
   * waiting room and a waiting one keeps their place. A forwarded link without it
   * gets a new seat in the waiting room.
   */
  resumeKey: z.string().max(128).optional(),
  /**
   * Clerks only (issue 12): which window of the cockpit joins. 'call' (the default) is the
   * seat's one media connection — a second one replaces the first. 'case' is the seat's one
   * observer connection beside it: it receives the call's state, chat, documents and forms
   * and may act on them, but takes no media and replaces nobody but an older case window.
   */
  window: z.enum(['call', 'case']).optional(),
});

export interface JoinResponse {
  self: { participantId: string; role: Role; status: ParticipantStatus };
  /** 'case' when this connection joined as the seat's observer window (JoinRequest.window). */
  window?: 'call' | 'case';
  call: CallView;
  /**
   * The router's RTP capabilities for mediasoup-client's Device.load: the server's codec list,
   * also given while waiting so the browser loads its device before admission. Media requests
   * stay refused until admitted.
   */
  routerRtpCapabilities: unknown;
  /** Keep it (see JoinRequest.resumeKey). */
  resumeKey: string;
  chatHistory: ChatMessage[];
  /**
   * Bearer token for the call's HTTP endpoints (document uploads), bound to this seat
   * (callId + participantId + role), valid ~2 h and renewed on every join.
   */
  httpToken?: string;
}

export interface ChatMessage {
  id: string;
  fromParticipantId: string;
  fromName: string;
  text: string;
  /** ISO 8601 */
  sentAt: string;
}

export const ParticipantTarget = z.strictObject({ participantId: Id });
export const Empty = z.strictObject({});

/** The clerk ends the call for everyone, saying what came of it (optional: a call can end without one). */
export const EndCallRequest = z.strictObject({ outcome: CallOutcome.optional() });

export const WithdrawLinkRequest = z.strictObject({ linkId: Id });

export const callRequests = {
  'call:join': request<JoinResponse>()(JoinRequest),
  'call:admit': request<{ admitted: true }>()(ParticipantTarget),
  'call:refuse': request<{ refused: true }>()(ParticipantTarget),
  'call:remove': request<{ removed: true }>()(ParticipantTarget),
  'call:leave': request<{ left: true }>()(Empty),
  'call:end': request<{ ended: true }>()(EndCallRequest),
  /**
   * Clerk: withdraws an invitation link (citizen or interpreter). Whoever came through it
   * is removed, and the link is refused at the handshake from then on, forwarded or not.
   */
  'call:withdrawLink': request<WithdrawLinkResponse>()(WithdrawLinkRequest),
};

export interface AdmittedPayload {
  routerRtpCapabilities: unknown;
}

export const callPushes = {
  'call:state': push<CallView>(),
  /** To the admitted participant: media may start now. */
  'call:admitted': push<AdmittedPayload>(),
  /** To a waiting participant the clerk refused, or a participant the clerk removed. */
  'call:refused': push<{ reason: 'refused' | 'removed' }>(),
  'call:ended': push<{ reason: 'ended-by-clerk' | 'expired' | 'media-lost' | 'shutdown' }>(),
  /** This connection was replaced by a newer one of the same participant (another tab). */
  'call:replaced': push<Record<string, never>>(),
};

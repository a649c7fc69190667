import { z } from 'zod';
import { Id } from '../roles';
import { DisplayName } from './call';
import { request } from './define';

// Issue 5: the clerk brings an interpreter into the running call, and decides who may share
// a screen. "The interpreter opens it, passes the same device check, and joins the running
// call directly or via the waiting room (clerk's choice in the invite)."

/** A language tag or plain name as the clerk picks it ("nl-BE", "Arabisch", "VGT"). */
export const InterpreterLanguage = z.string().trim().min(2).max(40);

export const InviteInterpreterRequest = z.strictObject({
  language: InterpreterLanguage,
  /** true: the interpreter's seat starts admitted; false: they wait like a citizen. */
  admitDirectly: z.boolean(),
  /** Prefilled on the interpreter's device check. */
  name: DisplayName.optional(),
  /** 5 min … 12 h; default 4 h. The link also stops when the call ends or the clerk revokes it. */
  validityMinutes: z.number().int().min(5).max(720).optional(),
});

export interface InterpreterInvitation {
  linkId: string;
  url: string;
  language: string;
  admitDirectly: boolean;
  /** ISO 8601 */
  expiresAt: string;
}

/** Phone interpreters through the SIP bridge (issue 5, item 2); clerk only; CONFLICT when SIP is off. */
export const DialPhoneRequest = z.strictObject({
  /** sip: URI, e.g. sip:+3221234567@trunk — the server's allow-list decides what may be dialled. */
  uri: z.string().trim().startsWith('sip:').max(200),
  displayName: DisplayName,
});

export interface PhoneLegSummary {
  legId: string;
  /** The interpreter seat the phone gets once connected (`sip:<legId>`). */
  participantId: string;
  state: 'dialing' | 'ringing' | 'awaiting-pin' | 'connected' | 'ended';
}

export interface PhoneDialIn {
  extension: string;
  pin: string;
  uri: string;
  /** epoch ms */
  expiresAt?: number;
}

export const phoneRequests = {
  'phone:dialOut': request<PhoneLegSummary>()(DialPhoneRequest),
  'phone:openDialIn': request<PhoneDialIn>()(z.strictObject({ displayName: DisplayName.optional() })),
  'phone:hangUp': request<{ hungUp: true }>()(z.strictObject({ legId: Id })),
};

export const interpreterRequests = {
  ...phoneRequests,
  'interpreter:invite': request<InterpreterInvitation>()(InviteInterpreterRequest),
  /** Allow (or stop) a non-clerk participant sharing their screen; stopping closes a running share. */
  'screen:allow': request<{ participantId: string; allowed: boolean }>()(z.strictObject({ participantId: Id, allowed: z.boolean() })),
};

// No pushes of its own: the permission and the interpreter's language ride in call:state
// (ParticipantView.screenShareAllowed / .language).
export const interpreterPushes = {};

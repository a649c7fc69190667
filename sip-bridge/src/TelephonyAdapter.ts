import type { BridgeRoom } from './media/RoomAudio';
import type { PhoneLeg } from './PhoneLeg';
import type { AudioCodecName } from './sdp';

// The telephony port of the system (STYLE §4): what signalling needs from
// "something that connects phones to a call". SipBridge is the adapter for
// a SIP trunk; another stack (a cloud telephony API, a FreeSWITCH ESL
// adapter) would implement the same interface; sip-bridge/test/sip-bridge.test.ts
// is written against this interface's behaviour and should become the shared
// suite run per adapter when a second one exists.

export interface TelephonyCapabilities {
  canDialOut: boolean;
  canAcceptInbound: boolean;
  /** Audio codecs the phone side may use, in preference order. */
  codecs: AudioCodecName[];
  /** Dial-in PIN entry by keypad (RFC 4733 telephone-event). */
  dtmf: boolean;
}

export interface DialOutRequest {
  /** sip: URI (a number at the trunk, or a SIP address) — checked against the allow-list. */
  uri: string;
  /** Shown on the clerk's tile and sent as From display name. */
  displayName: string;
}

export interface DialInOptions {
  /** The dial-in closes after this long (default: until the call ends or close()). */
  ttlMs?: number;
}

/** What the clerk reads out / mails to a phone interpreter. */
export interface DialInInfo {
  callId: string;
  /** Digits to dial after the bridge's number (the Request-URI user part). */
  extension: string;
  /** Keyed in after the call is answered, ended by # (or appended as `<extension>*<pin>`). */
  pin: string;
  /** sip:<extension>@<bridge host> for SIP-capable interpreters. */
  uri: string;
  expiresAt?: number;
}

export interface DialIn extends DialInInfo {
  /** Stops accepting calls on this extension (legs already in stay). Safe to call twice. */
  close(): void;
}

export interface TelephonyAdapter {
  readonly capabilities: TelephonyCapabilities;
  start(): Promise<void>;
  close(): Promise<void>;
  /** Places a call; the leg starts 'dialing' and emits 'connected' or 'ended'. */
  dialOut(room: BridgeRoom, request: DialOutRequest): Promise<PhoneLeg>;
  /** Opens phone dial-in for a call: a fresh extension and PIN. */
  openDialIn(room: BridgeRoom, options?: DialInOptions): DialIn;
  /** Legs of one call (or all), not yet ended. */
  legs(callId?: string): PhoneLeg[];
  /** New inbound legs are announced here (outbound ones are returned by dialOut). */
  on(event: 'leg', listener: (leg: PhoneLeg) => void): unknown;
}

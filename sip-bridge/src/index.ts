// @videoloket/sip-bridge: phone participants (interpreters by phone) in a
// call's audio, through SIP and mediasoup PlainTransports. See docs/sip-bridge.md.
export { SipBridge, type SipBridgeEvents } from './SipBridge';
export {
  PhoneLeg,
  type PhoneLegEvents,
  type PhoneLegInfo,
  type PhoneLegStats,
  type PhoneLegState,
  type PhoneLegEnded,
  type PhoneLegEndReason,
  type PhoneLegDirection,
} from './PhoneLeg';
export type { TelephonyAdapter, TelephonyCapabilities, DialOutRequest, DialIn, DialInInfo, DialInOptions } from './TelephonyAdapter';
export type { BridgeRoom } from './media/RoomAudio';
export type { RelayCounters } from './media/RtpRelay';
export type { AudioCodecName } from './sdp';
export { sipBridgeOptionsSchema, sipTrunkSchema, resolveSipBridgeOptions, type SipBridgeOptions, type ResolvedSipBridgeOptions } from './options';
export {
  SipParseError,
  InvalidDialTargetError,
  SipCallFailedError,
  NoCommonCodecError,
  BridgeClosedError,
  TooManyPhoneLegsError,
  DialInClosedError,
  NoRtpPortError,
} from './errors';

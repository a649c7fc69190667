import type { types } from 'mediasoup';

// Plain data that crosses the boundary to signalling and on to clients as
// JSON. No mediasoup objects leave the SFU.

export type TransportDirection = 'send' | 'recv';
export type MediaKind = 'audio' | 'video';
/** What a producer carries; mirrors contracts' MediaSource. */
export type MediaSource = 'microphone' | 'camera' | 'screen';

export type RtpCapabilities = types.RtpCapabilities;
export type RtpParameters = types.RtpParameters;
export type DtlsParameters = types.DtlsParameters;
export type IceParameters = types.IceParameters;
export type SrtpParameters = types.SrtpParameters;

/** What a client needs to create its side of a WebRTC transport. */
export interface WebRtcTransportParams {
  id: string;
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
  sctpParameters?: types.SctpParameters;
}

/** Where a plain RTP peer (SIP gateway, ffmpeg) sends to and, once connected, receives from. */
export interface PlainTransportParams {
  id: string;
  /** Address and port on the SFU side (announced address, not the bind address). */
  ip: string;
  port: number;
  rtcpPort?: number;
  /** With `srtp: true`: the SFU's key, for the remote side to decrypt what we send. */
  srtpParameters?: types.SrtpParameters;
}

/** Where a plain transport sends to, and the remote side's SRTP key. */
export interface PlainTransportRemote {
  /** Omit with comedia (the address is learnt from the first packet). */
  ip?: string;
  port?: number;
  rtcpPort?: number;
  /** Required when the transport was created with `srtp: true`. */
  srtpParameters?: types.SrtpParameters;
}

export interface PlainTransportOptions {
  direction: TransportDirection;
  /** Learn the remote address from the first packet instead of connect(). Default true for 'send', false for 'recv'. */
  comedia?: boolean;
  /** RTP and RTCP on one port. Default true. */
  rtcpMux?: boolean;
  /** SRTP (AES_CM_128_HMAC_SHA1_80, what SIP gateways offer) instead of plain RTP. Default false. */
  srtp?: boolean;
}

export interface ProduceOptions {
  kind: MediaKind;
  rtpParameters: types.RtpParameters;
  source: MediaSource;
  /** Start paused (e.g. muted on join). Default false. */
  paused?: boolean;
  /**
   * The id of one of this peer's own video producers of the same source: this one carries the
   * same track in another codec, for participants who cannot decode the first (alternates.ts).
   */
  alternateOf?: string;
}

export interface ProducerInfo {
  id: string;
  peerId: string;
  kind: MediaKind;
  source: MediaSource;
  paused: boolean;
  /** 'simulcast' when the client sent several encodings. */
  type: types.ProducerType;
  /** Set on a second encoding of another producer (ProduceOptions.alternateOf). */
  alternateOf?: string;
}

/** What a client needs to create its consumer; the consumer starts paused. */
export interface ConsumerParams {
  id: string;
  producerId: string;
  /** The peer whose media this is. */
  producerPeerId: string;
  kind: MediaKind;
  source: MediaSource;
  rtpParameters: types.RtpParameters;
  type: types.ConsumerType;
  producerPaused: boolean;
}

export interface TransportStats {
  id: string;
  peerId: string;
  kind: 'webrtc' | 'plain' | 'pipe';
  direction: TransportDirection | 'pipe';
  bytesReceived: number;
  bytesSent: number;
  recvBitrate: number;
  sendBitrate: number;
  iceState?: string;
  dtlsState?: string;
}

export interface ProducerStats {
  id: string;
  peerId: string;
  kind: MediaKind;
  source: MediaSource;
  paused: boolean;
  /** Summed over encodings (simulcast layers). */
  packetCount: number;
  byteCount: number;
  bitrate: number;
  packetsLost: number;
  /** 0–10, lowest over encodings; undefined before media arrives. */
  score?: number;
}

export interface ConsumerStats {
  id: string;
  peerId: string;
  producerId: string;
  kind: MediaKind;
  paused: boolean;
  producerPaused: boolean;
  /** Packets the SFU sent to this consumer. */
  packetCount: number;
  byteCount: number;
  bitrate: number;
  score?: number;
}

/** One stream a peer receives, as the SFU forwards it (MediaRoom.receivedStreams). */
export interface ReceivedStreamInfo {
  consumerId: string;
  producerId: string;
  producerPeerId: string;
  kind: MediaKind;
  source: MediaSource;
  /** Simulcast layer forwarded now (0 = smallest); absent when none is forwarded or the stream has no layers. */
  spatialLayer?: number;
  /** Layers the producer sends (1 without simulcast). */
  spatialLayers: number;
  score: number;
  producerScore: number;
  /** Paused by the receiver or by the sender. */
  paused: boolean;
}

/** A producer piped from this room to another router (scale-out). */
export interface PipeStats {
  producerId: string;
  targetCallId: string;
  /** Packets sent through the pipe. */
  packetCount: number;
  byteCount: number;
}

export interface RoomStats {
  callId: string;
  workerPid: number;
  peers: string[];
  transports: TransportStats[];
  producers: ProducerStats[];
  consumers: ConsumerStats[];
  pipes: PipeStats[];
}

export interface WorkerInfo {
  index: number;
  pid: number;
  rooms: number;
  streams: number;
  /** Actual bound ports (differ from the base ports when those are 0). */
  udpPort: number;
  tcpPort: number;
}

/** Payload of Sfu 'workerdied'. */
export interface WorkerDiedEvent {
  workerIndex: number;
  pid: number;
  error: Error;
  /** Calls whose media was on that worker; each gets a MediaRoom 'reset' (or 'close'). */
  callIds: string[];
}

/** Payload of Sfu 'workerreplaced'. */
export interface WorkerReplacedEvent {
  workerIndex: number;
  oldPid: number;
  newPid: number;
}

/** Payload of MediaRoom 'reset': all media state of the room is gone, renegotiate. */
export interface RoomResetEvent {
  callId: string;
  reason: 'worker-died';
  /** The new router's capabilities (same codecs, send them to clients again). */
  rtpCapabilities: types.RtpCapabilities;
  /** Peers that had transports; each must create transports and produce again. */
  peerIds: string[];
}

export interface ConsumerClosedEvent {
  peerId: string;
  consumerId: string;
  producerId: string;
  reason: 'producer-closed';
}

export interface ConsumerPausedEvent {
  peerId: string;
  consumerId: string;
  producerId: string;
  paused: boolean;
}

export interface ActiveSpeakerEvent {
  /** null when nobody is speaking (the speaker's producer went away or paused). */
  peerId: string | null;
  producerId: string | null;
}

export interface TransportClosedEvent {
  peerId: string;
  transportId: string;
  reason: 'dtls-failed' | 'dtls-closed' | 'ice-closed';
}

// @videoloket/sip-bridge/testing: a real SIP phone (baresip), a bridge and SFU on loopback,
// RTP and codec helpers and audio measurements, for other packages' tests and the phone
// benchmark. Never imported by production code.
export { startBaresip, type Baresip, type BaresipAccount, type BaresipCodec } from './baresip';
export { readWav, rms, toneShare, typicalToneShare, audibleSeconds, type Pcm } from './audio';
export { startSfu, startBridge, toneParticipant, listener, waitFor, sleep } from './helpers';
export { OpusCodec, phoneCodec, FRAME_MS, type PcmCodec } from '../src/media/codecs';
export { buildRtp, isRtp, payloadOffset } from '../src/media/rtp';

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NoCommonCodecError } from './errors';
import { buildSdp, negotiate, offerCodecs, parseSdp } from './sdp';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('SDP offer/answer (RFC 3264, one audio stream)', () => {
  it('parses baresip\'s Opus offer and picks Opus with its payload type and telephone-event', () => {
    const remote = parseSdp(fixture('baresip-opus-offer.sdp'));
    expect(remote).toMatchObject({ address: '127.0.0.1', port: 35970, direction: 'sendrecv', ssrc: 1349799489 });
    const media = negotiate(remote, ['opus']);
    expect(media.codec).toMatchObject({ name: 'opus', payloadType: 96, clockRate: 48000, channels: 2 });
    expect(media.dtmf).toMatchObject({ payloadType: 101, clockRate: 8000 });
  });

  it('uses the media-level c= of the first audio m-line, skips video, keeps the offerer\'s codec order', () => {
    const remote = parseSdp(fixture('trunk-g711-offer.sdp'));
    expect(remote.address).toBe('198.51.100.8');
    expect(remote.port).toBe(16384);
    expect(remote.codecs.map((c) => c.name)).toEqual(['PCMA', 'PCMU', 'telephone-event']);
    expect(negotiate(remote, ['opus', 'PCMU', 'PCMA']).codec.name).toBe('PCMA');
    // Opus-only bridge (today's media path): G.711-only offer → 488 at the SIP layer.
    expect(() => negotiate(remote, ['opus'])).toThrow(NoCommonCodecError);
  });

  it('rejects malformed SDP with a named error', () => {
    expect(() => parseSdp('v=0\r\nthis is not sdp\r\n')).toThrow(/bad SDP line/);
    expect(() => parseSdp('v=0\r\nm=audio 5000 RTP/AVP 0\r\n')).toThrow(/no connection address/);
    expect(() => parseSdp('v=0\r\nc=IN IP6 ::1\r\nm=audio 5000 RTP/AVP 0\r\n')).toThrow(/IPv4/);
  });

  it('builds an offer that parses back to the same codecs', () => {
    const sdp = buildSdp({ address: '203.0.113.5', port: 40002, sessionId: '42', codecs: offerCodecs(['opus', 'PCMU']), dtmfPayloadType: 101 });
    const back = parseSdp(sdp);
    expect(back).toMatchObject({ address: '203.0.113.5', port: 40002 });
    expect(back.codecs.map((c) => `${c.name}/${c.payloadType}`)).toEqual(['opus/111', 'PCMU/0', 'telephone-event/101']);
  });
});

import { describe, expect, it } from 'vitest';
import { buildRtp } from './rtp';
import { SrtpContext, deriveKey, newMasterKey } from './srtp';

describe('SRTP (RFC 3711)', () => {
  it('derives the session keys of RFC 3711 appendix B.3', () => {
    const key = Buffer.from('E1F97A0D3E018BE0D64FA32C06DE4139', 'hex');
    const salt = Buffer.from('0EC675AD498AFEEBB6960B3AABE6', 'hex');
    expect(deriveKey(key, salt, 0, 16).toString('hex').toUpperCase()).toBe('C61E7A93744F39EE10734AFE3FF7A087');
    expect(deriveKey(key, salt, 2, 14).toString('hex').toUpperCase()).toBe('30CBBC08863D8C85D49DB34A9AE1');
    expect(deriveKey(key, salt, 1, 20).toString('hex').toUpperCase()).toBe('CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4');
  });

  it('protects and unprotects across a sequence wrap; the payload is encrypted; a flipped bit or another key is refused', () => {
    const inline = newMasterKey();
    const sender = new SrtpContext('AES_CM_128_HMAC_SHA1_80', inline);
    const receiver = new SrtpContext('AES_CM_128_HMAC_SHA1_80', inline);
    const stranger = new SrtpContext('AES_CM_128_HMAC_SHA1_80', newMasterKey());
    const payload = Buffer.from('hello phone, this is the clerk');
    for (let i = 0; i < 5; i++) {
      const seq = (65534 + i) & 0xffff; // wraps: the rollover counter must follow
      const rtp = buildRtp({ payloadType: 8, sequence: seq, timestamp: 160 * i, ssrc: 0x1234 }, payload);
      const srtp = sender.protect(rtp);
      expect(srtp.length).toBe(rtp.length + 10);
      expect(srtp.subarray(12, rtp.length).equals(payload)).toBe(false);
      expect(receiver.unprotect(srtp)?.equals(rtp)).toBe(true);
      expect(stranger.unprotect(srtp)).toBeNull();
      const tampered = Buffer.from(srtp);
      tampered[14]! ^= 1;
      expect(receiver.unprotect(tampered)).toBeNull();
    }
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The worker is written against libsrtp 3 and built here on Debian's libsrtp2
// through scripts/mediasoup-worker/subprojects/libsrtp-*/include/srtp.h
// (docs/mediasoup-worker.md). This compiles a small program against that header
// exactly as the worker's SrtpSession uses it, for every SRTP profile the worker
// negotiates, and checks that the RTP and RTCP one session protects the other
// unprotects (in place, as the worker does), and that tampered packets, short
// buffers and malformed keys are refused.

const repo = path.resolve(import.meta.dirname, '../..');
const subprojects = path.join(repo, 'scripts/mediasoup-worker/subprojects');
const standIn = readdirSync(subprojects).find((d) => d.startsWith('libsrtp-'));
const dir = mkdtempSync(path.join(os.tmpdir(), 'srtp3-compat-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('libsrtp 3 API on Debian libsrtp2', () => {
  it('protects and unprotects with every profile, refusing what it must', () => {
    expect(standIn).toBeDefined();
    const bin = path.join(dir, 'srtp3-compat');
    execFileSync('g++', [
      '-std=c++20', '-Wall', '-Werror',
      '-I', path.join(subprojects, standIn!, 'include'),
      path.join(import.meta.dirname, 'fixtures/srtp3-compat.cpp'),
      '-lsrtp2', '-o', bin,
    ]);
    const lines = execFileSync(bin, { encoding: 'utf8' }).trim().split('\n');
    const byProfile = new Map(lines.map((l) => [l.split(' ')[0], l]));
    for (const profile of ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32', 'AEAD_AES_128_GCM', 'AEAD_AES_256_GCM']) {
      expect(byProfile.get(profile)).toMatch(
        new RegExp(
          `^${profile} rtp=ok rtp-overhead=\\d+ rtp-tampered=refused rtp-small-buffer=refused ` +
            'rtcp=ok rtcp-overhead=\\d+ rtcp-tampered=refused rtcp-small-buffer=refused bad-keys=refused$',
        ),
      );
    }
    // Authentication tag lengths per RFC 3711 / RFC 7714: RTP 10, 4, 16, 16 bytes. SRTCP adds
    // the 4-byte E flag + index and always an 80-bit tag with SHA1 (RFC 5764 4.1.2 for _32).
    const overheads = (profile: string) => byProfile.get(profile)?.match(/rtp-overhead=(\d+) .*rtcp-overhead=(\d+)/)?.slice(1);
    expect(overheads('AES_CM_128_HMAC_SHA1_80')).toEqual(['10', '14']);
    expect(overheads('AES_CM_128_HMAC_SHA1_32')).toEqual(['4', '14']);
    expect(overheads('AEAD_AES_128_GCM')).toEqual(['16', '20']);
    expect(overheads('AEAD_AES_256_GCM')).toEqual(['16', '20']);
  });
});

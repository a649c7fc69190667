import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

// The documents part of the one config module (no server needed).

const key = () => randomBytes(32).toString('base64');
const production = {
  VIDEOLOKET_MODE: 'production',
  TOKEN_SECRET: 'x'.repeat(40),
  BACKOFFICE_LINK_SECRET: 'y'.repeat(40),
  PUBLIC_URL: 'https://loket.example.be',
  MEDIA_ANNOUNCED_ADDRESS: '203.0.113.7',
  SEAL_PKCS12: '/etc/videoloket/seal.p12',
};

describe('documents configuration', () => {
  it('embedded defaults: local disk under DATA_DIR/documents, clamd on 127.0.0.1:13310, keys generated later', () => {
    const c = loadConfig({ DATA_DIR: '/tmp/vl-data' }).documents;
    expect(c.store).toEqual({ kind: 'local', directory: path.resolve('/tmp/vl-data/documents') });
    expect(c.clamd).toEqual({ host: '127.0.0.1', port: 13310 });
    expect(c.encryptionKey).toBeUndefined();
    expect(c).toMatchObject({ maxFileBytes: 512 * 1024 * 1024, maxCallBytes: 2048 * 1024 * 1024, uploadExpiryMs: 24 * 3600_000, retentionMs: 30 * 86_400_000, downloadLinkTtlMs: 300_000 });
  });

  it('upload hardening limits (issue 9): spool on disk under DATA_DIR, bounded checks, overridable', () => {
    const c = loadConfig({ DATA_DIR: '/tmp/vl-data' }).documents;
    expect(c).toMatchObject({
      spoolDirectory: path.resolve('/tmp/vl-data/upload-spool'),
      maxChecksumSpoolsPerSeat: 2,
      maxCheckedBytes: 64 * 1024 * 1024,
      zipMaxEntries: 2000,
      zipMaxUncompressedBytes: 256 * 1024 * 1024,
      zipMaxRatio: 100,
    });
    const set = loadConfig({ DATA_DIR: '/tmp/vl-data', VIDEOLOKET_UPLOAD_SPOOL_DIR: '/var/spool/vl', VIDEOLOKET_UPLOAD_SPOOLS_PER_SEAT: '1', VIDEOLOKET_UPLOAD_MAX_CHECKED_MB: '32' }).documents;
    expect(set).toMatchObject({ spoolDirectory: '/var/spool/vl', maxChecksumSpoolsPerSeat: 1, maxCheckedBytes: 32 * 1024 * 1024 });
    expect(() => loadConfig({ DATA_DIR: '/tmp/vl-data', VIDEOLOKET_UPLOAD_SPOOLS_PER_SEAT: '0' })).toThrow(/VIDEOLOKET_UPLOAD_SPOOLS_PER_SEAT/);
  });

  it('picks up what scripts/services/clamd.sh exports', () => {
    const c = loadConfig({ CLAMD_HOST: '127.0.0.1', CLAMD_PORT: '13399', CLAMD_SOCKET: '/run/clamd.sock' }).documents;
    expect(c.clamd).toEqual({ socket: '/run/clamd.sock', host: '127.0.0.1', port: 13399 });
  });

  it('production refuses to start without the document and link keys', () => {
    expect(() => loadConfig(production)).toThrow(/VIDEOLOKET_DOCUMENT_KEY.*VIDEOLOKET_DOWNLOAD_LINK_KEY/);
    expect(() => loadConfig({ ...production, VIDEOLOKET_DOCUMENT_KEY: key() })).toThrow(/VIDEOLOKET_DOWNLOAD_LINK_KEY/);
  });

  it('keys must be 32 bytes of base64; s3 needs its connection', () => {
    expect(() => loadConfig({ VIDEOLOKET_DOCUMENT_KEY: 'dG9vIHNob3J0' })).toThrow(ConfigError);
    expect(() => loadConfig({ VIDEOLOKET_STORAGE_BACKEND: 's3' })).toThrow(/S3_ENDPOINT/);
    const s3 = loadConfig({ VIDEOLOKET_STORAGE_BACKEND: 's3', S3_ENDPOINT: 'http://127.0.0.1:18480', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 'b', S3_BUCKET: 'docs' }).documents.store;
    expect(s3).toEqual({ kind: 's3', endpoint: 'http://127.0.0.1:18480', region: 'us-east-1', accessKey: 'a', secretKey: 'b', bucket: 'docs' });
  });
});

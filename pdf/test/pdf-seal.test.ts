// The Sealer contract, run against every real way of sealing we ship: the embedded
// self-signed default, a PKCS#12 from configuration, and PAdES B-T with a local RFC 3161
// TSA. Verified by independent tools: poppler's pdfsig, qpdf, and openssl.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createHash, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalise, PadesSealer, SealingUnavailableError, type Sealer } from '../src/index';
import { signedTravelPermit } from '../src/testing/fixtures';
import { makePkcs12, openssl, startLocalTsa, type LocalTsa } from '../src/testing/openssl';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'pdf-seal-'));
let tsa: LocalTsa;
let pkcs12: { p12: string; caPem: string };

beforeAll(async () => {
  [tsa, pkcs12] = await Promise.all([startLocalTsa(join(dir, 'tsa')), makePkcs12(join(dir, 'p12'), 'geheim wachtwoord')]);
});
afterAll(async () => {
  await tsa?.close();
  rmSync(dir, { recursive: true, force: true });
});

let fileNo = 0;
function save(pdf: Uint8Array, name = 'sealed'): string {
  const file = join(dir, `${name}-${++fileNo}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** pdfsig exits non-zero for an invalid signature: we want its report either way. */
async function pdfsig(file: string): Promise<string> {
  try {
    return (await run('pdfsig', [file])).stdout;
  } catch (err) {
    return (err as { stdout: string }).stdout;
  }
}

async function qpdfCheck(file: string): Promise<string> {
  const { stdout } = await run('qpdf', ['--check', file]); // rejects on a non-zero exit (errors found)
  return stdout;
}

/** The CMS from /Contents and the bytes its ByteRange covers, read straight from the file. */
function extract(pdf: Uint8Array): { cms: Uint8Array; signed: Buffer; byteRange: number[] } {
  const text = Buffer.from(pdf).toString('latin1');
  const m = [...text.matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)].pop();
  if (!m) throw new Error('no ByteRange');
  const [a, b, c, d] = m.slice(1).map(Number) as [number, number, number, number];
  const contents = Buffer.from(text.slice(a + b + 1, c - 1), 'hex');
  const buf = Buffer.from(pdf);
  return { cms: new Uint8Array(contents.subarray(0, derLength(contents))), signed: Buffer.concat([buf.subarray(a, a + b), buf.subarray(c, c + d)]), byteRange: [a, b, c, d] };
}

/**
 * The length of the DER value at the start of /Contents, which is padded with zero bytes to
 * the placeholder's size. (Trimming trailing zeros instead cut a CMS whose last byte is zero.)
 */
function derLength(der: Buffer): number {
  const first = der[1]!;
  if (first < 0x80) return 2 + first;
  const lengthBytes = first & 0x7f;
  return 2 + lengthBytes + der.readUIntBE(2, lengthBytes);
}

function signerInfoOf(cms: Uint8Array): pkijs.SignerInfo {
  const info = pkijs.ContentInfo.fromBER(cms.slice().buffer);
  return new pkijs.SignedData({ schema: info.content }).signerInfos[0]!;
}

interface Case {
  name: string;
  make: () => Promise<Sealer>;
  selfSigned: boolean;
  /** CA file to validate the signer's chain with openssl, when there is one. */
  caFile?: () => string;
  timestamped: boolean;
}

const cases: Case[] = [
  { name: 'embedded self-signed default (B-B)', make: () => PadesSealer.create({ dataDir: join(dir, 'embedded'), sealName: 'Gemeente Zeewolde' }), selfSigned: true, timestamped: false },
  {
    name: 'PKCS#12 from configuration (B-B)',
    make: () => PadesSealer.create({ dataDir: join(dir, 'unused'), pkcs12Path: pkcs12.p12, pkcs12Password: 'geheim wachtwoord' }),
    selfSigned: false,
    caFile: () => pkcs12.caPem,
    timestamped: false,
  },
  { name: 'embedded default with a local RFC 3161 TSA (B-T)', make: () => PadesSealer.create({ dataDir: join(dir, 'embedded'), sealName: 'Gemeente Zeewolde', tsaUrl: tsa.url }), selfSigned: true, timestamped: true },
];

describe.each(cases)('Sealer: $name', (c) => {
  let sealer: Sealer;
  let sealed: Uint8Array;
  let file: string;
  beforeAll(async () => {
    sealer = await c.make();
    sealed = await finalise(await signedTravelPermit(), sealer, { reason: 'Reistoestemming', location: 'Zeewolde' });
    file = save(sealed);
  });

  it('describes itself truthfully', () => {
    expect(sealer.info.selfSigned).toBe(c.selfSigned);
    expect(sealer.info.level).toBe(c.timestamped ? 'B-T' : 'B-B');
  });

  it('pdfsig: valid, ETSI.CAdES.detached, total document signed', async () => {
    const report = await pdfsig(file);
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Total document signed');
    expect(report).toContain('Signing Hash Algorithm: SHA-256');
    expect(report.match(/Signature #/g)).toHaveLength(1);
  });

  it('qpdf --check passes', async () => {
    expect(await qpdfCheck(file)).toContain('No syntax or stream encoding errors found');
  });

  it('one changed byte of the signed content makes pdfsig report the seal invalid', async () => {
    const tampered = Buffer.from(sealed);
    const { byteRange } = extract(sealed);
    // A byte inside the first range, in the header's binary comment: the file still parses.
    const at = 10;
    expect(at).toBeLessThan(byteRange[1]!);
    tampered[at] = tampered[at]! ^ 0x01;
    const report = await pdfsig(save(tampered, 'tampered'));
    expect(report).not.toContain('Signature is Valid');
    expect(report).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
  });

  it('the CMS has exactly content-type, message-digest and signing-certificate-v2 as signed attributes (no signing-time)', () => {
    const { cms } = extract(sealed);
    const signer = signerInfoOf(cms);
    const types = signer.signedAttrs!.attributes.map((a) => a.type).sort();
    expect(types).toEqual(['1.2.840.113549.1.9.16.2.47', '1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4'].sort());
    // RFC 5035: the ESSCertIDv2 certHash is the SHA-256 of the signer's certificate
    const certs = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(cms.slice().buffer).content }).certificates!;
    const signerCert = new Uint8Array((certs[0] as pkijs.Certificate).toSchema().toBER());
    const scv2 = signer.signedAttrs!.attributes.find((a) => a.type === '1.2.840.113549.1.9.16.2.47')!.values[0] as asn1js.Sequence;
    const essCertId = (scv2.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const certHash = Buffer.from((essCertId.valueBlock.value[0] as asn1js.OctetString).getValue());
    expect(certHash.equals(createHash('sha256').update(signerCert).digest())).toBe(true);
    const x = new X509Certificate(signerCert);
    expect(x.subject === x.issuer && x.verify(x.publicKey)).toBe(c.selfSigned);
  });

  it('openssl cms verifies the signature over the byte ranges', async () => {
    const { cms, signed } = extract(sealed);
    const sigFile = join(dir, `cms-${++fileNo}.der`);
    const dataFile = join(dir, `data-${fileNo}.bin`);
    writeFileSync(sigFile, cms);
    writeFileSync(dataFile, signed);
    const verifyArgs = c.caFile ? ['-CAfile', c.caFile(), '-purpose', 'any'] : ['-noverify'];
    const { stderr } = await openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', sigFile, '-content', dataFile, '-out', '/dev/null', ...verifyArgs], dir);
    expect(stderr).toContain('Verification successful');
  });

  it(c.timestamped ? 'carries a signature time-stamp over the signature value that openssl ts verifies' : 'carries no time-stamp', async () => {
    const signer = signerInfoOf(extract(sealed).cms);
    const stamp = signer.unsignedAttrs?.attributes.find((a) => a.type === '1.2.840.113549.1.9.16.2.14');
    if (!c.timestamped) {
      expect(stamp).toBeUndefined();
      return;
    }
    expect(stamp).toBeDefined();
    const tokenFile = join(dir, `token-${++fileNo}.der`);
    const dataFile = join(dir, `sigvalue-${fileNo}.bin`);
    writeFileSync(tokenFile, new Uint8Array(stamp!.values[0].toBER()));
    writeFileSync(dataFile, new Uint8Array(signer.signature.getValue()));
    const verified = await openssl(['ts', '-verify', '-token_in', '-in', tokenFile, '-data', dataFile, '-CAfile', tsa.caPem, '-untrusted', join(dir, 'tsa', 'tsa.pem')], dir);
    expect(verified.stdout).toContain('Verification: OK');
    const text = await openssl(['ts', '-reply', '-token_in', '-in', tokenFile, '-token_out', '-text'], dir);
    expect(text.stdout).toMatch(/Time stamp: .*20\d\d/);
    expect(text.stdout).toContain('Hash Algorithm: sha256');
  });
});

describe('B-T when the time-stamp authority is down', () => {
  it('fails with a clear error and leaves the session ready to finalise again', async () => {
    const down = await PadesSealer.create({ dataDir: join(dir, 'embedded'), sealName: 'Gemeente Zeewolde', tsaUrl: 'http://127.0.0.1:9/tsa', tsaTimeoutMs: 2000 });
    const session = await signedTravelPermit();
    await expect(finalise(session, down)).rejects.toBeInstanceOf(SealingUnavailableError);
    expect(session.finalised).toBe(false);
    const retried = await finalise(session, await PadesSealer.create({ dataDir: join(dir, 'embedded'), sealName: 'Gemeente Zeewolde', tsaUrl: tsa.url }));
    expect(await pdfsig(save(retried))).toContain('Signature is Valid');
  });
});

describe('the embedded default certificate', () => {
  it('is generated once and reused across restarts', async () => {
    const a = await PadesSealer.create({ dataDir: join(dir, 'persist'), sealName: 'Gemeente Zeewolde' });
    const b = await PadesSealer.create({ dataDir: join(dir, 'persist'), sealName: 'Gemeente Zeewolde' });
    expect(b.info.certificateSha256).toBe(a.info.certificateSha256);
  });

  it('refuses a PKCS#12 with the wrong password without echoing it', async () => {
    const err = await PadesSealer.create({ dataDir: dir, pkcs12Path: pkcs12.p12, pkcs12Password: 'fout-wachtwoord' }).catch((e) => e);
    expect(err.message).toMatch(/wrong password/);
    expect(err.message).not.toContain('fout-wachtwoord');
  });
});

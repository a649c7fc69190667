// Where the seal's certificate and key come from. Production: a PKCS#12 file from
// configuration (the municipality's qualified or advanced seal certificate). Embedded
// default: a self-signed certificate generated at first start and kept in the data dir,
// so every document sealed by one installation carries the same certificate.
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import forge from 'node-forge';
import { SealConfigError } from '../errors';

export interface SigningIdentity {
  /** DER of the signing certificate. */
  certificate: Uint8Array;
  /** DER of further certificates to embed (intermediates), signer first excluded. */
  chain: Uint8Array[];
  privateKey: KeyObject;
  subject: string;
  selfSigned: boolean;
}

function describe(certDer: Uint8Array): { subject: string; selfSigned: boolean } {
  const x = new X509Certificate(certDer);
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(x.subject)?.[1] ?? x.subject.replace(/\n/g, ', ');
  return { subject: cn, selfSigned: x.subject === x.issuer && x.verify(x.publicKey) };
}

function checkKeyMatches(certDer: Uint8Array, key: KeyObject): void {
  const x = new X509Certificate(certDer);
  if (!x.checkPrivateKey(key)) throw new SealConfigError('The sealing key does not belong to the sealing certificate');
}

/** Reads a PKCS#12 (.p12/.pfx) file: the key and the certificate that matches it, plus the rest of the chain. */
export async function loadPkcs12(path: string, password: string): Promise<SigningIdentity> {
  let der: Buffer;
  try {
    der = await readFile(path);
  } catch {
    throw new SealConfigError(`Cannot read the sealing PKCS#12 file at ${path}`);
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary'))), password);
  } catch {
    // Never echo the password; a wrong one and a corrupt file look the same to forge.
    throw new SealConfigError('Cannot open the sealing PKCS#12: wrong password or not a PKCS#12 file');
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ];
  const keyBag = keyBags.find((b) => b.key);
  if (!keyBag?.key) throw new SealConfigError('The sealing PKCS#12 holds no (RSA) private key');
  const privateKey = createPrivateKey(forge.pki.privateKeyToPem(keyBag.key));
  const certs = (p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [])
    .filter((b) => b.cert)
    .map((b) => new Uint8Array(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(b.cert!)).getBytes(), 'binary')));
  const signer = certs.find((c) => new X509Certificate(c).checkPrivateKey(privateKey));
  if (!signer) throw new SealConfigError('The sealing PKCS#12 holds no certificate for its private key');
  return { certificate: signer, chain: certs.filter((c) => c !== signer), privateKey, ...describe(signer) };
}

const KEY_FILE = 'seal-key.pem';
const CERT_FILE = 'seal-cert.pem';

async function writeAtomic(path: string, data: string, mode: number): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, data, { mode });
  await rename(tmp, path);
}

/**
 * The embedded default: a self-signed RSA-3072 seal certificate for `name`, created on
 * first use and kept in `dataDir` (key file mode 0600). A changed name makes a new one.
 */
export async function loadOrCreateSelfSigned(dataDir: string, name: string): Promise<SigningIdentity> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const keyPath = join(dataDir, KEY_FILE);
  const certPath = join(dataDir, CERT_FILE);
  try {
    const [keyPem, certPem] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
    const certificate = new Uint8Array(new X509Certificate(certPem).raw);
    const privateKey = createPrivateKey(keyPem);
    checkKeyMatches(certificate, privateKey);
    const info = describe(certificate);
    if (info.subject === name) return { certificate, chain: [], privateKey, ...info };
  } catch (err) {
    if (err instanceof SealConfigError) throw err;
    // Not there yet (first start) or unreadable: generate below.
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // RFC 5280 §4.1.2.2: a positive serial of up to 20 octets.
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
  const attrs = [
    { name: 'commonName', value: name },
    { name: 'organizationName', value: name },
    { name: 'countryName', value: 'NL' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  cert.sign(forgeKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  await writeAtomic(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
  await writeAtomic(certPath, certPem, 0o644);
  const certificate = new Uint8Array(new X509Certificate(certPem).raw);
  return { certificate, chain: [], privateKey, ...describe(certificate) };
}

export function certificateSha256(identity: SigningIdentity): string {
  return createHash('sha256').update(identity.certificate).digest('hex');
}

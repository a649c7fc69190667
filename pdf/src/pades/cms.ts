// The CMS SignedData that goes into a PAdES signature's /Contents.
// ETSI EN 319 142-1 §6.3 (PAdES baseline B-B) with ETSI EN 319 122-1 (CAdES):
//  - detached content (the PDF byte ranges), SubFilter ETSI.CAdES.detached;
//  - signed attributes: content-type (id-data), message-digest, and ESS
//    signing-certificate-v2 (RFC 5035) binding the signer's certificate;
//  - "the signing-time attribute shall not be present" — the time is /M in the PDF.
// B-T adds the unsigned signature-time-stamp attribute (RFC 3161 token over the signature value).
import { createHash, sign as nodeSign, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SigningIdentity } from './identity';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

const buf = (u: Uint8Array): ArrayBuffer => u.slice().buffer;

function parseCert(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(buf(der));
}

/**
 * RFC 5035 §3: SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, … }
 * ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT id-sha256, certHash, issuerSerial }
 * With SHA-256 the hashAlgorithm is left out (DER omits DEFAULT values).
 */
function signingCertificateV2(certDer: Uint8Array): pkijs.Attribute {
  const cert = parseCert(certDer);
  const certHash = createHash('sha256').update(certDer).digest();
  const issuerSerial = new asn1js.Sequence({
    value: [
      // GeneralNames with one directoryName [4] (explicit: Name is a CHOICE)
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
      }),
      cert.serialNumber,
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: buf(certHash) }), issuerSerial] });
  const value = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
  return new pkijs.Attribute({ type: OID.signingCertificateV2, values: [value] });
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** X.690 §11.6: the components of a DER SET OF are sorted by their encodings. */
function derSorted(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  return attributes
    .map((a) => ({ a, der: new Uint8Array(a.toSchema().toBER()) }))
    .sort((x, y) => compareBytes(x.der, y.der))
    .map((x) => x.a);
}

function signatureAlgorithm(identity: SigningIdentity): { id: string; params?: asn1js.Null } {
  const type = identity.privateKey.asymmetricKeyType;
  if (type === 'rsa') return { id: OID.sha256WithRSA, params: new asn1js.Null() };
  if (type === 'ec') return { id: OID.ecdsaWithSha256 };
  throw new Error(`Unsupported sealing key type ${type}`);
}

export interface CmsResult {
  /** The SignedData structure, so a time-stamp can be added afterwards. */
  signedData: pkijs.SignedData;
  /** The SignerInfo's signature value (what a signature time-stamp covers). */
  signatureValue: Uint8Array;
}

/** Builds and signs the SignedData over `contentDigest` (SHA-256 of the PDF's byte ranges). */
export function buildSignedData(identity: SigningIdentity, contentDigest: Uint8Array): CmsResult {
  const cert = parseCert(identity.certificate);
  const attributes = derSorted([
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: buf(contentDigest) })] }),
    signingCertificateV2(identity.certificate),
  ]);
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
  // RFC 5652 §5.4: the signature covers the DER of the attributes with an explicit SET OF tag.
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER());
  toSign[0] = 0x31;
  const alg = signatureAlgorithm(identity);
  const signatureValue = new Uint8Array(nodeSign('sha256', toSign, identity.privateKey));
  const sha256 = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() });
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: sha256,
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: alg.id, ...(alg.params ? { algorithmParams: alg.params } : {}) }),
    signature: new asn1js.OctetString({ valueHex: buf(signatureValue) }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [sha256],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [cert, ...identity.chain.map(parseCert)],
    signerInfos: [signerInfo],
  });
  return { signedData, signatureValue };
}

/** Adds the signature-time-stamp unsigned attribute (ETSI EN 319 122-1 §5.3) with an RFC 3161 token. */
export function addSignatureTimeStamp(signedData: pkijs.SignedData, timeStampToken: Uint8Array): void {
  const token = asn1js.fromBER(buf(timeStampToken));
  if (token.offset === -1) throw new Error('Time-stamp token is not valid DER');
  const signerInfo = signedData.signerInfos[0]!;
  signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 1,
    attributes: [new pkijs.Attribute({ type: OID.signatureTimeStampToken, values: [token.result] })],
  });
}

/** ContentInfo { signedData } as DER, ready for /Contents. */
export function encodeCms(signedData: pkijs.SignedData): Uint8Array {
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER());
}

/** Subject CN of a DER certificate (for logs and the audit page). */
export function subjectOf(der: Uint8Array): string {
  return new X509Certificate(der).subject;
}

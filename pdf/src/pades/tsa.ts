// A minimal RFC 3161 client: asks a time-stamp authority for a token over the
// signature value (ETSI EN 319 122-1 §5.3: the signature-time-stamp covers the
// SignerInfo's signature field) and checks the answer before we use it.
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SealingUnavailableError } from '../errors';
import { OID } from './cms';

export interface TsaOptions {
  url: string;
  timeoutMs: number;
}

/** Returns the TimeStampToken (a CMS ContentInfo) as DER. */
export async function requestTimeStamp(data: Uint8Array, options: TsaOptions): Promise<Uint8Array> {
  const digest = createHash('sha256').update(data).digest();
  const nonce = BigInt(`0x${randomBytes(8).toString('hex')}`);
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: digest }),
    }),
    // Minimal DER (X.690 §8.3.2): OpenSSL-based TSAs reject a nonce with a redundant leading
    // zero byte, which raw random bytes give once in 512 requests.
    nonce: asn1js.Integer.fromBigInt(nonce),
    // RFC 3161 §2.4.1: certReq TRUE makes the TSA include its certificate in the token.
    certReq: true,
  });
  let body: ArrayBuffer;
  try {
    const res = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: new Uint8Array(request.toSchema().toBER()),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = await res.arrayBuffer();
  } catch (err) {
    throw new SealingUnavailableError(`The time-stamp authority did not answer (${(err as Error).message}); try again later`);
  }
  let response: pkijs.TimeStampResp;
  try {
    response = pkijs.TimeStampResp.fromBER(body);
  } catch {
    throw new SealingUnavailableError('The time-stamp authority sent an unreadable answer');
  }
  // RFC 3161 §2.4.2: PKIStatus granted (0) or grantedWithMods (1) carries a token.
  const status = response.status.status;
  if ((status !== 0 && status !== 1) || !response.timeStampToken) {
    const reason = response.status.statusStrings?.map((s) => s.valueBlock.value).join(' ');
    throw new SealingUnavailableError(`The time-stamp authority refused the request (status ${status}${reason ? `: ${reason}` : ''})`);
  }
  const signed = new pkijs.SignedData({ schema: response.timeStampToken.content });
  const eContent = signed.encapContentInfo.eContent;
  if (!eContent) throw new SealingUnavailableError('The time-stamp token has no TSTInfo');
  const tstInfo = pkijs.TSTInfo.fromBER(eContent.getValue());
  const imprint = new Uint8Array(tstInfo.messageImprint.hashedMessage.getValue());
  if (!Buffer.from(imprint).equals(digest) || tstInfo.nonce?.toBigInt() !== nonce) {
    throw new SealingUnavailableError('The time-stamp token does not match our request');
  }
  return new Uint8Array(response.timeStampToken.toSchema().toBER());
}

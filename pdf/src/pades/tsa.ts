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
  const nonce = randomBytes(8);
  nonce[0]! &= 0x7f; // positive INTEGER
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: digest }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
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
    throw new SealingUnavailableError(`The time-stamp authority refused the request (status ${status})`);
  }
  const signed = new pkijs.SignedData({ schema: response.timeStampToken.content });
  const eContent = signed.encapContentInfo.eContent;
  if (!eContent) throw new SealingUnavailableError('The time-stamp token has no TSTInfo');
  const tstInfo = pkijs.TSTInfo.fromBER(eContent.getValue());
  const imprint = new Uint8Array(tstInfo.messageImprint.hashedMessage.getValue());
  const asBigInt = (b: Uint8Array) => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);
  const gotNonce = tstInfo.nonce ? asBigInt(tstInfo.nonce.valueBlock.valueHexView) : undefined;
  if (!Buffer.from(imprint).equals(digest) || gotNonce !== asBigInt(nonce)) {
    throw new SealingUnavailableError('The time-stamp token does not match our request');
  }
  return new Uint8Array(response.timeStampToken.toSchema().toBER());
}

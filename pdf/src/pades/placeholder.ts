// The signature dictionary and its byte ranges (ISO 32000-1 §12.8.1, ETSI EN 319 142-1 §5.4).
// pdf-lib writes the document with a zero-filled /Contents and a placeholder /ByteRange;
// we then patch /ByteRange in place (same length, space-padded) and, after signing,
// write the CMS as hex into /Contents. Nothing moves, so the xref table stays right.
import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import { SealConfigError } from '../errors';

const BYTE_RANGE_PLACEHOLDER = '**********';

export interface PlaceholderMeta {
  signingTime: Date;
  name: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
}

export interface PreparedPdf {
  bytes: Uint8Array;
  /** [start, length, start, length]: everything except the /Contents hex string. */
  byteRange: [number, number, number, number];
  /** Offset of the first hex digit inside /Contents <…>, and how many hex digits fit. */
  contentsOffset: number;
  contentsHexLength: number;
}

/** Adds an invisible signature field whose value is a PAdES signature dictionary awaiting its CMS. */
export async function preparePlaceholder(pdf: Uint8Array, meta: PlaceholderMeta, reserveBytes: number): Promise<PreparedPdf> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ctx = doc.context;
  const byteRange = PDFArray.withContext(ctx);
  byteRange.push(PDFNumber.of(0));
  for (let i = 0; i < 3; i++) byteRange.push(PDFName.of(BYTE_RANGE_PLACEHOLDER));
  const sig = ctx.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    // ETSI EN 319 142-1 §5.4: "the SubFilter entry … shall be ETSI.CAdES.detached".
    SubFilter: 'ETSI.CAdES.detached',
    ByteRange: byteRange,
    Contents: PDFHexString.of('0'.repeat(reserveBytes * 2)),
    // PAdES B-B: the claimed signing time goes in /M, not in a signing-time attribute.
    M: PDFString.fromDate(meta.signingTime),
    Name: PDFHexString.fromText(meta.name),
    ...(meta.reason ? { Reason: PDFHexString.fromText(meta.reason) } : {}),
    ...(meta.location ? { Location: PDFHexString.fromText(meta.location) } : {}),
    ...(meta.contactInfo ? { ContactInfo: PDFHexString.fromText(meta.contactInfo) } : {}),
  });
  const sigRef = ctx.register(sig);
  const pages = doc.getPages();
  const lastPage = pages[pages.length - 1]!;
  const widget = ctx.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: PDFString.of(`Zegel ${meta.signingTime.toISOString()}`),
    V: sigRef,
    Rect: [0, 0, 0, 0], // invisible: the audit page says who sealed it
    F: 132, // Print + Locked
    P: lastPage.ref,
  });
  const widgetRef = ctx.register(widget);
  lastPage.node.addAnnot(widgetRef);
  const acroForm = doc.catalog.getOrCreateAcroForm();
  acroForm.addField(widgetRef);
  // §12.7.2 SigFlags: SignaturesExist (1) + AppendOnly (2).
  acroForm.dict.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  acroForm.dict.delete(PDFName.of('NeedAppearances'));
  const bytes = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  return locate(bytes, reserveBytes);
}

function lastIndexOfAscii(bytes: Uint8Array, text: string): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).lastIndexOf(text, undefined, 'latin1');
}

function locate(bytes: Uint8Array, reserveBytes: number): PreparedPdf {
  const contentsNeedle = `/Contents <${'0'.repeat(reserveBytes * 2)}>`;
  const at = lastIndexOfAscii(bytes, contentsNeedle);
  if (at < 0) throw new SealConfigError('Signature placeholder not found in the written PDF');
  const contentsStart = at + '/Contents '.length; // the '<'
  const contentsEnd = contentsStart + reserveBytes * 2 + 2; // after the '>'
  const rangeNeedle = `/ByteRange [ 0 /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER} ]`;
  const rangeAt = lastIndexOfAscii(bytes, rangeNeedle);
  if (rangeAt < 0) throw new SealConfigError('ByteRange placeholder not found in the written PDF');
  const byteRange: PreparedPdf['byteRange'] = [0, contentsStart, contentsEnd, bytes.length - contentsEnd];
  const patched = `/ByteRange [${byteRange.join(' ')}]`.padEnd(rangeNeedle.length, ' ');
  bytes.set(Buffer.from(patched, 'latin1'), rangeAt);
  return { bytes, byteRange, contentsOffset: contentsStart + 1, contentsHexLength: reserveBytes * 2 };
}

/** The bytes the signature covers: both ranges, concatenated. */
export function signedContent(prepared: PreparedPdf): Uint8Array[] {
  const [a, b, c, d] = prepared.byteRange;
  return [prepared.bytes.subarray(a, a + b), prepared.bytes.subarray(c, c + d)];
}

/** Writes the CMS into /Contents (hex, zero-padded to the reserved size). */
export function embedCms(prepared: PreparedPdf, cms: Uint8Array): Uint8Array {
  const hex = Buffer.from(cms).toString('hex').toUpperCase();
  if (hex.length > prepared.contentsHexLength) {
    throw new SealConfigError(`The seal needs ${cms.length} bytes but only ${prepared.contentsHexLength / 2} are reserved; raise signatureReserve`);
  }
  const out = prepared.bytes;
  out.set(Buffer.from(hex, 'latin1'), prepared.contentsOffset);
  return out;
}

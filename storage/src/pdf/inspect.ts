// Gatekeeper for PDFs that come from outside (a call's documents): we only fill, show
// and seal documents that are plain PDFs, unencrypted, without scripts, within limits.
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import type { PdfLimits } from './config';
import { EncryptedPdfError, NotAPdfError, PdfJavaScriptError, PdfTooLargeError, TooManyPagesError } from './errors';

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** ISO 32000-1 §7.5.2: the header "%PDF-" — readers tolerate it within the first 1024 bytes. */
function hasPdfHeader(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length - PDF_MAGIC.length, 1024);
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < PDF_MAGIC.length; j++) if (bytes[i + j] !== PDF_MAGIC[j]) continue outer;
    return true;
  }
  return false;
}

const JS_NAMES = new Set(['JS', 'JavaScript']);

/**
 * Finds JavaScript anywhere in the object graph: a /JS entry (ISO 32000-1 §12.6.4.16
 * JavaScript actions), an action of /S /JavaScript (also reached from /OpenAction and
 * /AA), or the document-level /Names /JavaScript tree (§7.7.4). pdf-lib has already
 * unpacked object streams, so every object is visited.
 */
function findJavaScript(doc: PDFDocument): string | undefined {
  const seen = new Set<PDFObject>();
  const visit = (obj: PDFObject | undefined, path: string): string | undefined => {
    if (!obj || seen.has(obj)) return undefined;
    seen.add(obj);
    if (obj instanceof PDFRawStream) return visit(obj.dict, path);
    if (obj instanceof PDFArray) {
      for (let i = 0; i < obj.size(); i++) {
        const hit = visit(obj.get(i), path);
        if (hit) return hit;
      }
      return undefined;
    }
    if (!(obj instanceof PDFDict)) return undefined;
    for (const [key, value] of obj.entries()) {
      const name = key.decodeText();
      if (JS_NAMES.has(name)) return `${path}/${name}`;
      if (name === 'S' && value instanceof PDFName && value.decodeText() === 'JavaScript') return `${path} action`;
      // References are visited from the object table below; direct children here.
      if (!(value instanceof PDFRef)) {
        const hit = visit(value, `${path}/${name}`);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    const hit = visit(obj, `object ${ref.objectNumber}`);
    if (hit) return hit;
  }
  return visit(doc.context.trailerInfo.Root ? doc.catalog : undefined, 'catalog');
}

/** Loads an untrusted PDF, throwing a named error for anything we will not handle. */
export async function loadSafePdf(bytes: Uint8Array, limits: PdfLimits): Promise<PDFDocument> {
  if (bytes.length > limits.maxPdfBytes) {
    throw new PdfTooLargeError(`The PDF is ${bytes.length} bytes; at most ${limits.maxPdfBytes} are accepted`);
  }
  if (!hasPdfHeader(bytes)) throw new NotAPdfError();
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch {
    throw new NotAPdfError('The file starts like a PDF but cannot be read as one');
  }
  // §7.6: a trailer /Encrypt entry means the strings and streams are encrypted.
  if (doc.isEncrypted) throw new EncryptedPdfError();
  let pages: number;
  try {
    pages = doc.getPageCount(); // walks the page tree: fails on a broken catalog
  } catch {
    throw new NotAPdfError('The file starts like a PDF but has no readable pages');
  }
  if (pages === 0) throw new NotAPdfError('The PDF has no pages');
  if (pages > limits.maxPages) throw new TooManyPagesError(pages, limits.maxPages);
  const js = findJavaScript(doc);
  if (js) throw new PdfJavaScriptError(js);
  return doc;
}

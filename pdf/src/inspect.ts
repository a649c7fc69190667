// Gatekeeper for PDFs that come from outside (a call's documents): we only fill, show
// and seal documents that are plain PDFs, unencrypted, without active content, within
// limits; the upload pipeline refuses active content in any PDF a party hands over.
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import type { PdfLimits } from './config';
import { EncryptedPdfError, NotAPdfError, PdfActiveContentError, PdfTooLargeError, TooManyPagesError } from './errors';

// Active content (ISO 32000-1): what a viewer would run or hand to the system instead of
// showing. Found by key, by action type (/S) and by object type, anywhere in the graph.
const ACTIVE_KEYS: Record<string, string> = {
  JS: 'JavaScript', // §12.6.4.16 JavaScript action's script
  JavaScript: 'JavaScript', // §7.7.4 the /Names /JavaScript tree
  EmbeddedFiles: 'embedded file', // §7.7.4 the /Names /EmbeddedFiles tree
  EF: 'embedded file', // §7.11.3 a file specification carrying the file itself
};
const ACTIVE_ACTIONS: Record<string, string> = {
  JavaScript: 'JavaScript', // §12.6.4.16, also reached from /OpenAction and /AA
  Launch: 'Launch action', // §12.6.4.5 starts an application or opens a file
};
const ACTIVE_TYPES: Record<string, string> = {
  EmbeddedFile: 'embedded file', // §7.11.4 embedded file stream
  FileAttachment: 'file attachment', // §12.5.6.15 file attachment annotation
  RichMedia: 'rich media', // Adobe extension level 3: Flash / video with scripts
};

function nameOf(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFName ? value.decodeText() : undefined;
}

/**
 * Finds active content anywhere in the object graph: JavaScript (a /JS entry, an action of
 * /S /JavaScript also from /OpenAction and /AA, the /Names /JavaScript tree), /Launch
 * actions, embedded files and file attachments. pdf-lib has already unpacked object
 * streams, so every object is visited, compressed or not. Returns where it is, e.g.
 * "JavaScript in object 12/OpenAction".
 */
function findActiveContent(doc: PDFDocument): string | undefined {
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
      const what =
        ACTIVE_KEYS[name] ??
        (name === 'S' ? ACTIVE_ACTIONS[nameOf(value) ?? ''] : undefined) ??
        (name === 'Type' || name === 'Subtype' ? ACTIVE_TYPES[nameOf(value) ?? ''] : undefined);
      if (what) return `${what} in ${path}`;
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

/**
 * ISO 32000-1 §7.5.2: "The first line of a PDF file shall be a header consisting of the 5
 * characters %PDF–". Required at offset 0, as the upload check does: readers tolerate junk
 * before it, which let an HTML page pass as a PDF (issue 9, finding 6).
 */
function startsWithPdfHeader(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 5)).toString('latin1') === '%PDF-';
}

async function parsePdf(bytes: Uint8Array): Promise<PDFDocument> {
  if (!startsWithPdfHeader(bytes)) throw new NotAPdfError();
  try {
    return await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch {
    throw new NotAPdfError('The file starts like a PDF but cannot be read as one');
  }
}

/**
 * The refusal for a PDF handed to another party, or null if it may go: unreadable,
 * page-less and encrypted PDFs (their content cannot be checked) and active content are
 * refused. Uploads call it through isolated-check.ts (a worker thread with limits).
 */
export async function pdfRefusal(bytes: Uint8Array): Promise<string | null> {
  let doc: PDFDocument;
  try {
    doc = await parsePdf(bytes);
  } catch (err) {
    return (err as Error).message;
  }
  if (doc.isEncrypted) return new EncryptedPdfError().message;
  try {
    if (doc.getPageCount() === 0) return new NotAPdfError('The PDF has no pages').message;
  } catch {
    return new NotAPdfError('The file starts like a PDF but has no readable pages').message;
  }
  const active = findActiveContent(doc);
  return active ? new PdfActiveContentError(active).message : null;
}

/** Loads an untrusted PDF, throwing a named error for anything we will not handle. */
export async function loadSafePdf(bytes: Uint8Array, limits: PdfLimits): Promise<PDFDocument> {
  if (bytes.length > limits.maxPdfBytes) {
    throw new PdfTooLargeError(`The PDF is ${bytes.length} bytes; at most ${limits.maxPdfBytes} are accepted`);
  }
  const doc = await parsePdf(bytes);
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
  const active = findActiveContent(doc);
  if (active) throw new PdfActiveContentError(active);
  return doc;
}

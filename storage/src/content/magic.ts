import type { DocumentContentType } from '@videoloket/contracts';

// Content checks by magic bytes, never by file name (issue 3). Pure functions over the
// first SNIFF_BYTES of a file, so the upload pipeline can decide before storing anything.

/** Enough to see a ZIP's first entries ([Content_Types].xml, mimetype) and any ftyp box. */
export const SNIFF_BYTES = 64 * 1024;

export type Sniffed =
  | { ok: true; type: DocumentContentType }
  | { ok: false; reason: 'executable' | 'unknown'; description: string };

const EXTENSIONS: Record<DocumentContentType, string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/png': ['png'],
  'image/heic': ['heic', 'heif', 'hif'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
};

/** MIME spellings browsers and phones send for the same thing. */
const MIME_ALIASES: Record<string, DocumentContentType> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/heif': 'image/heic',
  'image/heic-sequence': 'image/heic',
  'image/heif-sequence': 'image/heic',
  'application/x-pdf': 'application/pdf',
};

// HEIF brands (ISO/IEC 23008-12 Annex B) that phones write for still photos.
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

const ODT_MIMETYPE = 'application/vnd.oasis.opendocument.text';

function startsWith(buf: Buffer, bytes: number[] | string, at = 0): boolean {
  const want = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return buf.length >= at + want.length && buf.subarray(at, at + want.length).equals(want);
}

/**
 * ISO 32000-1 §7.5.2: "The first line of a PDF file shall be a header consisting of the 5
 * characters %PDF–". Readers tolerate junk before it, which let an HTML page with "%PDF-"
 * a few lines down pass as a PDF (issue 9, finding 6): we require it at offset 0.
 */
export function startsWithPdfHeader(bytes: Uint8Array): boolean {
  return startsWith(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 5)), '%PDF-');
}

function executable(head: Buffer): string | null {
  if (startsWith(head, 'MZ')) return 'Windows executable (MZ/PE)';
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return 'ELF executable';
  for (const magic of [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]]) {
    if (startsWith(head, magic)) return 'Mach-O executable';
  }
  if (startsWith(head, '#!')) return 'script with an interpreter line';
  return null;
}

function sniffZip(head: Buffer): DocumentContentType | null {
  // ODF 1.2 part 3, 3.3: "the first file in the zip … shall be named 'mimetype'", stored
  // uncompressed, so its content sits right after the 30-byte local header and the name.
  if (startsWith(head, 'mimetype', 30) && startsWith(head, ODT_MIMETYPE, 38)) {
    const after = head[38 + ODT_MIMETYPE.length];
    // "application/vnd.oasis.opendocument.text-template" is another type; the text type ends here.
    if (after === undefined || after === 0x50 /* next local header 'P' */) return 'application/vnd.oasis.opendocument.text';
    return null;
  }
  // OOXML (ECMA-376 part 2): a [Content_Types].xml part and, for WordprocessingML, word/ parts.
  const text = head.toString('latin1');
  if (text.includes('[Content_Types].xml') && text.includes('word/')) {
    return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  }
  return null;
}

/** Detects the type from the first bytes of a file. */
export function sniff(head: Buffer): Sniffed {
  const exe = executable(head);
  if (exe) return { ok: false, reason: 'executable', description: exe };
  if (startsWithPdfHeader(head)) return { ok: true, type: 'application/pdf' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { ok: true, type: 'image/jpeg' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, type: 'image/png' };
  if (startsWith(head, 'ftyp', 4)) {
    const brand = head.subarray(8, 12).toString('latin1');
    if (HEIF_BRANDS.has(brand)) return { ok: true, type: 'image/heic' };
    return { ok: false, reason: 'unknown', description: `ISO media file with brand "${brand}"` };
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const zipType = sniffZip(head);
    if (zipType) return { ok: true, type: zipType };
    return { ok: false, reason: 'unknown', description: 'ZIP archive that is not a DOCX or ODT document' };
  }
  return { ok: false, reason: 'unknown', description: 'unrecognised content' };
}

export type ContentVerdict =
  | { ok: true; type: DocumentContentType }
  | { ok: false; message: string };

/**
 * The whole content rule: the bytes must be an allowed type, and what the client
 * claimed (MIME type and file-name extension) must agree with the bytes.
 */
export function checkContent(head: Buffer, claimed: { filename: string; filetype?: string | undefined }): ContentVerdict {
  const found = sniff(head);
  if (!found.ok) {
    return {
      ok: false,
      message:
        found.reason === 'executable'
          ? `Executables are not accepted (${found.description})`
          : `This type of file is not accepted (${found.description}); send a PDF, JPEG, PNG, HEIC, DOCX or ODT`,
    };
  }
  const claimedType = normaliseMime(claimed.filetype);
  if (claimedType !== null && claimedType !== found.type) {
    return { ok: false, message: `The file claims to be ${claimed.filetype} but its content is ${found.type}` };
  }
  const ext = extensionOf(claimed.filename);
  if (ext !== null && !EXTENSIONS[found.type].includes(ext)) {
    return { ok: false, message: `The file name ends in .${ext} but its content is ${found.type}` };
  }
  return { ok: true, type: found.type };
}

/** null when the client sent no useful type (empty, or the generic octet-stream). */
function normaliseMime(mime: string | undefined): string | null {
  if (!mime) return null;
  const base = mime.split(';')[0]!.trim().toLowerCase();
  if (base === '' || base === 'application/octet-stream') return null;
  return MIME_ALIASES[base] ?? base;
}

/**
 * The name as a file system and a person will read it: Unicode compatibility forms folded
 * (a fullwidth "．" is a "."), invisible format characters dropped (bidi overrides such as
 * U+202E that show "factuur‮fdp.hta" as "factuurath.pdf", zero-width spaces), and the
 * trailing dots and spaces Windows strips when it saves a file ("factuur.hta." is saved as
 * "factuur.hta"; issue 9, finding 6).
 */
export function normaliseFileName(filename: string): string {
  return (
    filename
      .normalize('NFKC')
      // Control and format characters (Unicode Cc, Cf) are invisible in a name.
      .replace(/[\p{Cc}\p{Cf}]/gu, '')
      .replace(/[\s.]+$/u, '')
  );
}

function extensionOf(filename: string): string | null {
  const name = normaliseFileName(filename);
  const dot = name.lastIndexOf('.');
  if (dot < 0) return null;
  return name.slice(dot + 1).trim().toLowerCase();
}

export function extensionsFor(type: DocumentContentType): readonly string[] {
  return EXTENSIONS[type];
}

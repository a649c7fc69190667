import { DOCUMENT_TYPE_NAMES, documentTypes, type DocumentContentType, type Magic, type Role } from '@videoloket/contracts';

// Content checks by magic bytes, never by file name (issue 3). Pure functions over the
// first SNIFF_BYTES of a file, so the upload pipeline can decide before storing anything.

/** Enough to see a ZIP's first entries ([Content_Types].xml, mimetype) and any ftyp box. */
export const SNIFF_BYTES = 64 * 1024;

export type Sniffed =
  | { ok: true; type: DocumentContentType }
  | { ok: false; reason: 'executable' | 'unknown'; description: string };

function startsWith(buf: Buffer, bytes: readonly number[] | string, at = 0): boolean {
  const want = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return buf.length >= at + want.length && buf.subarray(at, at + want.length).equals(want);
}

/**
 * ISO 32000-1 §7.5.2: "The first line of a PDF file shall be a header consisting of the 5
 * characters %PDF–". Readers tolerate junk before it, which let an HTML page with "%PDF-"
 * a few lines down pass as a PDF (issue 9, finding 6): we require it at offset 0.
 */
export function startsWithPdfHeader(bytes: Uint8Array): boolean {
  return startsWith(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 5)), documentTypes['application/pdf'].magic.prefix);
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

const isZip = (head: Buffer) => startsWith(head, [0x50, 0x4b, 0x03, 0x04]);
const isIsoMedia = (head: Buffer) => startsWith(head, 'ftyp', 4);
/** ODF 1.2 part 3, 3.3: "the first file in the zip … shall be named 'mimetype'". */
const hasOdfMimetype = (head: Buffer) => startsWith(head, 'mimetype', 30);

/** Whether `head` starts the way the table (contracts' documentTypes) says this type does. */
function matches(head: Buffer, magic: Magic): boolean {
  if ('prefix' in magic) return startsWith(head, magic.prefix);
  if ('ftypBrands' in magic) return isIsoMedia(head) && magic.ftypBrands.includes(head.subarray(8, 12).toString('latin1'));
  if ('zipMimetype' in magic) {
    // The mimetype entry is stored uncompressed, so its content sits right after the
    // 30-byte local header and the 8-byte name.
    if (!isZip(head) || !hasOdfMimetype(head) || !startsWith(head, magic.zipMimetype, 38)) return false;
    const after = head[38 + magic.zipMimetype.length];
    // "application/vnd.oasis.opendocument.text-template" is another type; this one ends here.
    return after === undefined || after === 0x50 /* next local header 'P' */;
  }
  // An ODF package (mimetype first) is never taken for an OOXML one.
  if (!isZip(head) || hasOdfMimetype(head)) return false;
  const text = head.toString('latin1');
  return magic.zipParts.every((part) => text.includes(part));
}

const ACCEPTED_NAMES = DOCUMENT_TYPE_NAMES.map((t) => documentTypes[t].extensions[0]!.toUpperCase()).join(', ');

/** Detects the type from the first bytes of a file. */
export function sniff(head: Buffer): Sniffed {
  const exe = executable(head);
  if (exe) return { ok: false, reason: 'executable', description: exe };
  const type = DOCUMENT_TYPE_NAMES.find((t) => matches(head, documentTypes[t].magic));
  if (type) return { ok: true, type };
  if (isIsoMedia(head)) return { ok: false, reason: 'unknown', description: `ISO media file with brand "${head.subarray(8, 12).toString('latin1')}"` };
  if (isZip(head)) return { ok: false, reason: 'unknown', description: 'ZIP archive that is not an accepted document' };
  return { ok: false, reason: 'unknown', description: 'unrecognised content' };
}

export type ContentVerdict =
  | { ok: true; type: DocumentContentType }
  | { ok: false; message: string };

/**
 * The whole content rule: the bytes must be an allowed type, and what the client
 * claimed (MIME type and file-name extension) must agree with the bytes.
 */
export function checkContent(head: Buffer, claimed: { filename: string; filetype?: string | undefined; uploader?: Role }): ContentVerdict {
  const found = sniff(head);
  if (!found.ok) {
    return {
      ok: false,
      message:
        found.reason === 'executable'
          ? `Executables are not accepted (${found.description})`
          : `This type of file is not accepted (${found.description}); send one of ${ACCEPTED_NAMES}`,
    };
  }
  if (claimed.uploader !== undefined && claimed.uploader !== 'clerk' && !documentTypes[found.type].acceptedFromCitizens) {
    return { ok: false, message: `A ${found.type} file is accepted from the clerk only` };
  }
  const claimedType = normaliseMime(claimed.filetype);
  if (claimedType !== null && claimedType !== found.type) {
    return { ok: false, message: `The file claims to be ${claimed.filetype} but its content is ${found.type}` };
  }
  const ext = extensionOf(claimed.filename);
  if (ext !== null && !(documentTypes[found.type].extensions as readonly string[]).includes(ext)) {
    return { ok: false, message: `The file name ends in .${ext} but its content is ${found.type}` };
  }
  return { ok: true, type: found.type };
}

/** null when the client sent no useful type (empty, or the generic octet-stream). */
function normaliseMime(mime: string | undefined): string | null {
  if (!mime) return null;
  const base = mime.split(';')[0]!.trim().toLowerCase();
  if (base === '' || base === 'application/octet-stream') return null;
  return DOCUMENT_TYPE_NAMES.find((t) => (documentTypes[t].aliases as readonly string[]).includes(base)) ?? base;
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


// The document types a call accepts, described once (issue 10 item 6): the upload check reads
// how each one's bytes start and which names and MIME spellings may carry it
// (storage/src/content/magic.ts), the download decides inline or attachment from
// `preview`, and the file pickers offer what `acceptedFromCitizens` allows. A new type is
// one row here (plus, for a container format, its structure check in storage). No zod here.

/** How a type's first bytes look. */
export type Magic =
  /** These bytes (a latin1 string or byte values) at offset 0. */
  | { prefix: string | readonly number[] }
  /** An ISO base media file (`ftyp` box at offset 4) with one of these major brands. */
  | { ftypBrands: readonly string[] }
  /** A ZIP whose first entry is an uncompressed `mimetype` file with this content (ODF 1.2 part 3, 3.3). */
  | { zipMimetype: string }
  /** A ZIP whose first bytes name all these parts (OOXML, ECMA-376 part 2). */
  | { zipParts: readonly string[] };

export interface DocumentTypeTraits {
  /** File-name extensions that may carry it (lower case, without the dot). */
  extensions: readonly string[];
  /** Other MIME spellings browsers and phones send for the same thing. */
  aliases: readonly string[];
  magic: Magic;
  /**
   * How it is viewed: `tab`, in a new tab (the browser's own PDF viewer); `image`, in the page;
   * null, never shown inline, only downloaded (Content-Disposition: attachment).
   */
  preview: 'tab' | 'image' | null;
  /** Citizens and interpreters may upload it; a clerk may upload every type. */
  acceptedFromCitizens: boolean;
  /** Read whole before release: a PDF must not run anything, a ZIP-based document must not expand without bound. */
  structureCheck: 'pdf' | 'zip' | null;
}

export const documentTypes = {
  'application/pdf': {
    extensions: ['pdf'],
    aliases: ['application/x-pdf'],
    // ISO 32000-1 §7.5.2, required at offset 0 (issue 9 finding 6; magic.ts).
    magic: { prefix: '%PDF-' },
    preview: 'tab',
    acceptedFromCitizens: true,
    structureCheck: 'pdf',
  },
  'image/jpeg': {
    extensions: ['jpg', 'jpeg', 'jpe', 'jfif'],
    aliases: ['image/jpg', 'image/pjpeg'],
    magic: { prefix: [0xff, 0xd8, 0xff] },
    preview: 'image',
    acceptedFromCitizens: true,
    structureCheck: null,
  },
  'image/png': {
    extensions: ['png'],
    aliases: [],
    magic: { prefix: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
    preview: 'image',
    acceptedFromCitizens: true,
    structureCheck: null,
  },
  'image/heic': {
    extensions: ['heic', 'heif', 'hif'],
    aliases: ['image/heif', 'image/heic-sequence', 'image/heif-sequence'],
    // HEIF brands (ISO/IEC 23008-12 Annex B) that phones write for still photos.
    magic: { ftypBrands: ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'] },
    preview: null,
    acceptedFromCitizens: true,
    structureCheck: null,
  },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    extensions: ['docx'],
    aliases: [],
    magic: { zipParts: ['[Content_Types].xml', 'word/'] },
    preview: null,
    acceptedFromCitizens: true,
    structureCheck: 'zip',
  },
  'application/vnd.oasis.opendocument.text': {
    extensions: ['odt'],
    aliases: [],
    magic: { zipMimetype: 'application/vnd.oasis.opendocument.text' },
    preview: null,
    acceptedFromCitizens: true,
    structureCheck: 'zip',
  },
} as const satisfies Record<string, DocumentTypeTraits>;

export type DocumentTypeName = keyof typeof documentTypes;
export const DOCUMENT_TYPE_NAMES = Object.keys(documentTypes) as [DocumentTypeName, ...DocumentTypeName[]];

export function documentTypeTraits(type: DocumentTypeName): DocumentTypeTraits {
  return documentTypes[type];
}

/** How a stored document is viewed, by its detected type; null (download only) for a type outside the table. */
export function previewOf(contentType: string | null): DocumentTypeTraits['preview'] {
  return contentType !== null && contentType in documentTypes ? documentTypes[contentType as DocumentTypeName].preview : null;
}

/** The file picker's `accept` list for an uploader: extensions and MIME types, the server checks the bytes anyway. */
export function documentAccept(uploader: 'clerk' | 'citizen'): string {
  const types = DOCUMENT_TYPE_NAMES.filter((t) => uploader === 'clerk' || documentTypes[t].acceptedFromCitizens);
  return [...types.flatMap((t) => documentTypes[t].extensions.map((e) => `.${e}`)), ...types.flatMap((t) => [t, ...documentTypes[t].aliases])].join(',');
}

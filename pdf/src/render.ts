// Builds the document from a session's state: template bytes + values + signatures.
// Rendering is pure (same state → same bytes) so the hash of the shown document is
// reproducible: pdf-lib writes no timestamps or random ids when metadata is not updated.
import { PDFCheckBox, PDFDocument, PDFTextField, StandardFonts, rgb } from 'pdf-lib';
import type { FieldValues, FormField, Rect } from './fields';

/** A drawn signature (the signer's PNG) or a typed one (their full name, written in the field). */
export type PlacedSignature = { fieldName: string; png: Uint8Array } | { fieldName: string; typedName: string };

/** Where an image of `w`×`h` pixels lands inside a field: fitted, centred, kept in proportion. */
export function fitInto(rect: Rect, w: number, h: number, padding = 3): Rect {
  const boxW = Math.max(rect.width - 2 * padding, 1);
  const boxH = Math.max(rect.height - 2 * padding, 1);
  const scale = Math.min(boxW / w, boxH / h);
  const width = w * scale;
  const height = h * scale;
  return { x: rect.x + (rect.width - width) / 2, y: rect.y + (rect.height - height) / 2, width, height };
}

export async function renderDocument(
  source: Uint8Array,
  fields: readonly FormField[],
  values: FieldValues,
  signatures: readonly PlacedSignature[],
): Promise<PDFDocument> {
  const doc = await PDFDocument.load(source, { updateMetadata: false });
  const form = doc.getForm();
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined) continue;
    const pdfField = form.getField(field.name);
    if (pdfField instanceof PDFCheckBox) {
      if (value === true) pdfField.check();
      else pdfField.uncheck();
    } else if (pdfField instanceof PDFTextField && typeof value === 'string') {
      pdfField.setText(value === '' ? undefined : value);
    }
  }
  const pages = doc.getPages();
  for (const sig of signatures) {
    const field = fields.find((f) => f.name === sig.fieldName);
    const page = field && pages[field.page];
    if (!field || !page) continue; // checked when the signature was added
    if ('png' in sig) {
      const image = await doc.embedPng(sig.png);
      page.drawImage(image, fitInto(field.rect, image.width, image.height));
      continue;
    }
    // A typed signature: the name in an oblique face, as large as the field allows (≤ 18 pt).
    const font = await doc.embedFont(StandardFonts.HelveticaOblique);
    const size = Math.min(18, (field.rect.height - 6) * 0.8, ((field.rect.width - 6) / font.widthOfTextAtSize(sig.typedName, 1)));
    page.drawText(sig.typedName, {
      x: field.rect.x + (field.rect.width - font.widthOfTextAtSize(sig.typedName, size)) / 2,
      y: field.rect.y + (field.rect.height - size) / 2 + size * 0.2,
      size,
      font,
      color: rgb(0.04, 0.12, 0.36),
    });
  }
  return doc;
}

export async function renderBytes(...args: Parameters<typeof renderDocument>): Promise<Uint8Array> {
  const doc = await renderDocument(...args);
  return doc.save({ useObjectStreams: false, updateFieldAppearances: true });
}

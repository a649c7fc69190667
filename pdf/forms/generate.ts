// Generates the shipped AcroForm templates from definitions.ts.
// Run: npx tsx pdf/forms/generate.ts  (the PDFs are committed; re-run after changing a definition).
// Output is deterministic (fixed dates, no random ids) so a re-run without changes gives the same bytes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { PDFDocument, PDFName, PDFString, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formDefinitions, type FieldDefinition, type FormDefinition } from './definitions';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;
const GAP = 16;
const HALF = (CONTENT_WIDTH - GAP) / 2;
const INK = rgb(0.1, 0.12, 0.16);
const ACCENT = rgb(0.0, 0.32, 0.55);
const MUTED = rgb(0.38, 0.4, 0.45);
const FIXED_DATE = new Date('2026-01-01T00:00:00Z');

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

class Layout {
  page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];
  constructor(
    readonly doc: PDFDocument,
    readonly def: FormDefinition,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    const p = this.page;
    // Header band with a neutral municipal emblem: the municipality's name goes in by field and seal.
    p.drawRectangle({ x: 0, y: A4.height - 70, width: A4.width, height: 70, color: ACCENT });
    p.drawRectangle({ x: MARGIN, y: A4.height - 55, width: 40, height: 40, borderColor: rgb(1, 1, 1), borderWidth: 2 });
    p.drawText('V', { x: MARGIN + 12, y: A4.height - 47, size: 26, font: this.bold, color: rgb(1, 1, 1) });
    p.drawText('GEMEENTE', { x: MARGIN + 52, y: A4.height - 33, size: 11, font: this.bold, color: rgb(1, 1, 1) });
    p.drawText('Digitale balie - videoloket', { x: MARGIN + 52, y: A4.height - 48, size: 9, font: this.regular, color: rgb(0.85, 0.9, 0.95) });
    this.y = A4.height - 100;
    if (this.pages.length === 1) {
      p.drawText(this.def.title.nl, { x: MARGIN, y: this.y, size: 20, font: this.bold, color: INK });
      this.y -= 20;
      for (const line of wrap(this.def.subtitle, this.regular, 10, CONTENT_WIDTH)) {
        p.drawText(line, { x: MARGIN, y: this.y, size: 10, font: this.regular, color: MUTED });
        this.y -= 13;
      }
      this.y -= 8;
    } else {
      p.drawText(`${this.def.title.nl} (vervolg)`, { x: MARGIN, y: this.y, size: 14, font: this.bold, color: INK });
      this.y -= 26;
    }
  }

  ensure(height: number): void {
    if (this.y - height < 70) this.newPage();
  }

  heading(text: string, intro?: string): void {
    const introLines = intro ? wrap(intro, this.regular, 9.5, CONTENT_WIDTH) : [];
    this.ensure(40 + introLines.length * 12);
    this.page.drawText(text, { x: MARGIN, y: this.y, size: 12, font: this.bold, color: ACCENT });
    this.page.drawLine({ start: { x: MARGIN, y: this.y - 5 }, end: { x: MARGIN + CONTENT_WIDTH, y: this.y - 5 }, thickness: 0.7, color: ACCENT });
    this.y -= 20;
    for (const line of introLines) {
      this.page.drawText(line, { x: MARGIN, y: this.y, size: 9.5, font: this.regular, color: INK });
      this.y -= 12;
    }
    if (introLines.length) this.y -= 6;
  }

  footer(): void {
    this.pages.forEach((p, i) => {
      p.drawText(`${this.def.title.nl} - formulier ${this.def.id} - pagina ${i + 1} van ${this.pages.length}`, {
        x: MARGIN,
        y: 30,
        size: 8,
        font: this.regular,
        color: MUTED,
      });
    });
  }
}

/** Height a field needs in the layout, label included. */
function fieldHeight(field: FieldDefinition): number {
  if (field.type === 'checkbox') return 22;
  if (field.type === 'signature') return 100;
  return 40;
}

function addField(layout: Layout, field: FieldDefinition, x: number, width: number): void {
  const { doc, page, regular } = layout;
  const form = doc.getForm();
  const top = layout.y;
  const label = field.label.nl + (field.required ? ' *' : '');
  if (field.type === 'checkbox') {
    const box = form.createCheckBox(field.name);
    box.addToPage(page, { x, y: top - 12, width: 12, height: 12, borderColor: INK, borderWidth: 1 });
    page.drawText(label, { x: x + 18, y: top - 10, size: 9.5, font: regular, color: INK });
    return;
  }
  const hint = field.type === 'date' ? ' (dd-mm-jjjj)' : '';
  page.drawText(label + hint, { x, y: top - 9, size: 8.5, font: regular, color: MUTED });
  if (field.type === 'signature') {
    addSignatureField(doc, page, field.name, { x, y: top - 88, width, height: 74 });
    page.drawLine({ start: { x, y: top - 88 }, end: { x: x + width, y: top - 88 }, thickness: 0.7, color: INK });
    return;
  }
  const text = form.createTextField(field.name);
  if (field.maxLength) text.setMaxLength(field.maxLength);
  text.addToPage(page, { x, y: top - 34, width, height: 20, font: regular, borderColor: MUTED, borderWidth: 0.7, backgroundColor: rgb(0.96, 0.97, 0.99) });
  text.setFontSize(10);
}

/**
 * pdf-lib cannot create signature fields, so we write the merged field/widget dictionary
 * ourselves. ISO 32000-1 §12.7.4.5: a field with /FT /Sig; it stays unsigned in the
 * template (no /V) — signatures drawn in the call are stamped into its rectangle.
 */
function addSignatureField(doc: PDFDocument, page: PDFPage, name: string, r: { x: number; y: number; width: number; height: number }): void {
  const ctx = doc.context;
  const widget = ctx.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: PDFString.of(name),
    Rect: [r.x, r.y, r.x + r.width, r.y + r.height],
    F: 4,
    P: page.ref,
    MK: { BC: [0.38, 0.4, 0.45] },
  });
  const ref = ctx.register(widget);
  page.node.addAnnot(ref);
  doc.getForm().acroForm.addField(ref);
  page.drawRectangle({ ...r, color: rgb(0.98, 0.98, 0.94) });
}

export async function generate(def: FormDefinition): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(def.title.nl);
  doc.setLanguage('nl-NL');
  doc.setAuthor('Videoloket');
  doc.setProducer('Videoloket form generator');
  doc.setCreator('pdf/forms/generate.ts');
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const layout = new Layout(doc, def, regular, bold);
  for (const section of def.sections) {
    if (section.newPage) layout.newPage();
    layout.heading(section.heading, section.intro);
    const fields = [...section.fields];
    while (fields.length) {
      const first = fields.shift()!;
      const pair = first.width === 'half' && fields[0]?.width === 'half' ? fields.shift() : undefined;
      const height = Math.max(fieldHeight(first), pair ? fieldHeight(pair) : 0);
      layout.ensure(height);
      addField(layout, first, MARGIN, pair || first.width === 'half' ? HALF : CONTENT_WIDTH);
      if (pair) addField(layout, pair, MARGIN + HALF + GAP, HALF);
      layout.y -= height;
    }
    layout.y -= 8;
  }
  layout.footer();
  // Readers must regenerate appearances from values we set later (ISO 32000-1 §12.7.2).
  doc.catalog.getOrCreateAcroForm().dict.set(PDFName.of('NeedAppearances'), doc.context.obj(false));
  return doc.save({ useObjectStreams: false });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = dirname(fileURLToPath(import.meta.url));
  for (const def of formDefinitions) {
    const bytes = await generate(def);
    writeFileSync(join(dir, def.file), bytes);
    console.log(`wrote pdf/forms/${def.file} (${bytes.length} bytes)`);
  }
}

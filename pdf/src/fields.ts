// The fields of a document being filled: where they are (page, rectangle) and what
// values they accept. Template forms describe their fields in pdf/forms/definitions.ts;
// a PDF from the call's documents is described from its own AcroForm.
import { PDFCheckBox, PDFSignature, PDFTextField, type PDFDocument, type PDFField } from 'pdf-lib';
import type { FieldIssue } from '@videoloket/contracts';
import type { FieldDefinition, FieldType, FormDefinition, Labels, PrefillFact } from './catalog';
import { unprintableChar } from './text';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FormField {
  name: string;
  type: FieldType;
  label: Labels;
  required: boolean;
  maxLength?: number;
  prefill?: PrefillFact;
  signer?: 'citizen' | 'clerk';
  /** Zero-based page index of the field's (first) widget. */
  page: number;
  /** Widget rectangle in PDF user space (origin bottom-left). */
  rect: Rect;
}

export type FieldValue = string | boolean;
export type FieldValues = Record<string, FieldValue>;

function fieldType(field: PDFField): FieldType | undefined {
  if (field instanceof PDFTextField) return 'text';
  if (field instanceof PDFCheckBox) return 'checkbox';
  if (field instanceof PDFSignature) return 'signature';
  return undefined; // radio groups, lists, buttons: not offered for filling (yet)
}

/** Reads every fillable field's page and rectangle from the document itself. */
export function describeFields(doc: PDFDocument, def?: FormDefinition): FormField[] {
  const pageOfAnnot = new Map<number, number>();
  doc.getPages().forEach((page, index) => {
    for (const ref of page.node.Annots()?.asArray() ?? []) {
      if ('objectNumber' in ref) pageOfAnnot.set((ref as { objectNumber: number }).objectNumber, index);
    }
  });
  const defs = new Map<string, FieldDefinition>(def?.sections.flatMap((s) => s.fields.map((f) => [f.name, f] as const)) ?? []);
  const out: FormField[] = [];
  for (const field of doc.getForm().getFields()) {
    const pdfType = fieldType(field);
    const name = field.getName();
    const widget = field.acroField.getWidgets()[0];
    if (!pdfType || !widget) continue;
    const ref = doc.context.getObjectRef(widget.dict);
    const page = ref ? pageOfAnnot.get(ref.objectNumber) : undefined;
    if (page === undefined) continue;
    const d = defs.get(name);
    const label = d?.label ?? { nl: name, fr: name, en: name };
    const maxLength = d?.maxLength ?? (field instanceof PDFTextField ? field.getMaxLength() : undefined);
    out.push({
      name,
      type: d?.type ?? pdfType,
      label,
      required: d?.required ?? false,
      ...(maxLength ? { maxLength } : {}),
      ...(d?.prefill ? { prefill: d.prefill } : {}),
      ...(d?.signer ? { signer: d.signer } : {}),
      page,
      rect: widget.getRectangle(),
    });
  }
  return out;
}

const DATE = /^(?:(\d{2})-(\d{2})-(\d{4})|(\d{4})-(\d{2})-(\d{2}))$/;

/** Dates are printed the Dutch way (dd-mm-jjjj); ISO yyyy-mm-dd is accepted too. */
export function normaliseDate(value: string): string | undefined {
  const m = DATE.exec(value.trim());
  if (!m) return undefined;
  const [d, mo, y] = m[1] ? [m[1], m[2]!, m[3]!] : [m[6]!, m[5]!, m[4]!];
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return undefined;
  return `${d}-${mo}-${y}`;
}

/**
 * Checks a batch of values against the field list, all or nothing: returns the
 * normalised values, or the issues (one per bad field) for a FieldValueError.
 */
export function validateValues(fields: readonly FormField[], values: Record<string, unknown>): { values: FieldValues; issues: FieldIssue[] } {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const issues: FieldIssue[] = [];
  const ok: FieldValues = {};
  for (const [name, raw] of Object.entries(values)) {
    const field = byName.get(name);
    const issue = (message: string) => issues.push({ path: name, message });
    if (!field) {
      issue('no such field on this form');
      continue;
    }
    if (field.type === 'signature') {
      issue('signature fields are signed, not filled');
      continue;
    }
    if (field.type === 'checkbox') {
      if (typeof raw !== 'boolean') issue('must be true or false');
      else ok[name] = raw;
      continue;
    }
    if (typeof raw !== 'string') {
      issue('must be text');
      continue;
    }
    const text = raw.normalize('NFC').trim();
    if ([...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) {
      issue('must be a single line without control characters');
      continue;
    }
    if (field.type === 'date' && text !== '') {
      const date = normaliseDate(text);
      if (!date) issue('must be a date as dd-mm-jjjj');
      else ok[name] = date;
      continue;
    }
    if (field.maxLength && text.length > field.maxLength) {
      issue(`at most ${field.maxLength} characters`);
      continue;
    }
    const bad = unprintableChar(text);
    if (bad) {
      issue(`the character "${bad}" cannot be printed on this form`);
      continue;
    }
    ok[name] = text;
  }
  return { values: ok, issues };
}

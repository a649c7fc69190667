// The shipped form templates (pdf/forms/) and their field descriptions.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { formDefinitions, type FieldDefinition, type FormDefinition, type Labels } from '../forms/definitions';
import { UnknownFormError } from './errors';

export type { FieldDefinition, FieldType, FormDefinition, Labels, PrefillFact } from '../forms/definitions';

/**
 * A template's file, found through this package's exports (`./forms/*`) rather than relative
 * to this module: the compiled server is one bundle elsewhere (scripts/build-server.mjs).
 */
const templateFile = (file: string): string => fileURLToPath(import.meta.resolve(`@videoloket/pdf/forms/${file}`));

/** What a clerk's form picker needs: no layout, no bytes. */
export interface FormSummary {
  id: string;
  title: Labels;
  fields: FieldDefinition[];
}

export function listForms(): FormSummary[] {
  return formDefinitions.map((def) => ({ id: def.id, title: def.title, fields: def.sections.flatMap((s) => s.fields) }));
}

export function getFormDefinition(formId: string): FormDefinition {
  const def = formDefinitions.find((d) => d.id === formId);
  if (!def) throw new UnknownFormError(formId);
  return def;
}

const templateCache = new Map<string, Promise<Uint8Array>>();

/** The template PDF's bytes (read once per process). */
export function loadTemplate(formId: string): Promise<Uint8Array> {
  const def = getFormDefinition(formId);
  let bytes = templateCache.get(def.id);
  if (!bytes) {
    bytes = readFile(templateFile(def.file)).then((b) => new Uint8Array(b));
    templateCache.set(def.id, bytes);
  }
  return bytes;
}

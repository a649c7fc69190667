import { z } from 'zod';
import { ValidationError, type FieldIssue } from './errors';

/** Parses `input` with `schema`, throwing a ValidationError that names every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  throw new ValidationError(`Invalid ${what}`, issues);
}

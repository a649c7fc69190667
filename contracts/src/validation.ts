import { z } from 'zod';
import { ValidationError, type FieldIssue } from './errors';

/** A zod error's issues in the wire form (`citizen.email: Invalid email`), at most 20. */
export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Parses `input` with `schema`, throwing a ValidationError that names every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(`Invalid ${what}`, issuesOf(result.error));
}

import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { httpRoutes } from './routes';

const entries = Object.entries(httpRoutes);

describe('the HTTP route table', () => {
  it('names each path parameter in its params schema, and nothing else', () => {
    for (const [name, route] of entries) {
      const inPath = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]).sort();
      const inSchema = Object.keys((route.params as z.ZodObject).shape).sort();
      expect(inSchema, name).toEqual(inPath);
    }
  });

  it('has one route per method and path', () => {
    const keys = entries.map(([, r]) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuses unknown fields in every params, query and body (strict objects)', () => {
    const isStrict = (schema: z.ZodType): boolean => {
      const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
      return inner instanceof z.ZodObject && inner.def.catchall instanceof z.ZodNever;
    };
    for (const [name, route] of entries) {
      for (const part of ['params', 'query', 'body'] as const) expect(isStrict(route[part]), `${name}.${part}`).toBe(true);
    }
  });

  it('keeps GET routes free of bodies', () => {
    for (const [name, route] of entries.filter(([, r]) => r.method === 'GET')) {
      expect(route.body.safeParse(undefined).success, name).toBe(true);
    }
  });
});

import type { z } from 'zod';
import { AppError, httpStatusByCode, type ErrorBody, type ErrorCode } from '../errors';
import { issuesOf } from '../validation';
import { httpRoutes, type HttpRoutes, type RouteContract } from './routes';

// The browsers' HTTP client, built from the route table: one function per route, typed by its
// schemas. Every answer is checked against the route's response schema; an answer that does
// not match is refused with an HttpError naming the route, never handed on as if it did.

/** A failed HTTP call: the server's error code and field issues, its status, and Retry-After on a 429. */
export class HttpError extends AppError {
  constructor(
    /** 0 when the network failed before any answer. */
    readonly status: number,
    body: ErrorBody,
    /** From `Retry-After` on a 429: when trying again makes sense. */
    readonly retryAfterSeconds?: number,
  ) {
    super(body.code, body.message, body.issues);
  }
}

// A slot (params, query, body) may be left out when its schema accepts undefined or is the
// empty object (z.strictObject({}), whose input type is Record<string, never>).
type Slot<K extends string, S extends z.ZodType> = [undefined] extends [z.input<S>]
  ? { [k in K]?: z.input<S> }
  : [z.input<S>] extends [Record<string, never>]
    ? { [k in K]?: z.input<S> }
    : { [k in K]: z.input<S> };
export type RouteInput<R extends RouteContract> = Slot<'params', R['params']> & Slot<'query', R['query']> & Slot<'body', R['body']>;
export type RouteOutput<R extends RouteContract> = z.output<R['response']>;
type RouteCall<R extends RouteContract> = Partial<RouteInput<R>> extends RouteInput<R>
  ? (input?: RouteInput<R>) => Promise<RouteOutput<R>>
  : (input: RouteInput<R>) => Promise<RouteOutput<R>>;
export type HttpClient = { [K in keyof HttpRoutes]: RouteCall<HttpRoutes[K]> };

export interface HttpClientOptions {
  /** A clerk's sign-in (or a call link's token), sent as `Authorization: Bearer` to every route. */
  token?: string;
  /** Further request headers, e.g. the seat key of the after-call documents. */
  headers?: Record<string, string>;
  /** Prefix for the paths (tests against a server on another origin); the page's own origin by default. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

interface LooseInput {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
}

/** The route's path with its `:name` parameters filled in, each encoded as one segment. */
export function pathOf(route: Pick<RouteContract, 'path'>, params: Record<string, string> = {}): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`${route.path}: parameter ${name} missing`);
    return encodeURIComponent(value);
  });
}

function queryString(query: Record<string, unknown> | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(key, String(value));
  const s = search.toString();
  return s ? `?${s}` : '';
}

function errorBodyOf(status: number, json: unknown, statusText: string): ErrorBody {
  const body = json as Partial<ErrorBody> | undefined;
  if (body && typeof body.code === 'string' && body.code in httpStatusByCode && typeof body.message === 'string') {
    return { code: body.code, message: body.message, ...(Array.isArray(body.issues) ? { issues: body.issues } : {}) };
  }
  const code = (Object.keys(httpStatusByCode) as ErrorCode[]).find((c) => httpStatusByCode[c] === status) ?? 'INTERNAL';
  return { code, message: statusText || `HTTP ${status}` };
}

async function send(route: RouteContract, input: LooseInput, options: HttpClientOptions): Promise<unknown> {
  const url = `${options.baseUrl ?? ''}${pathOf(route, input.params)}${queryString(input.query)}`;
  const doFetch = options.fetch ?? ((u: string, init?: RequestInit) => fetch(u, init));
  let res: Response;
  try {
    res = await doFetch(url, {
      method: route.method,
      headers: {
        ...options.headers,
        ...(input.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: input.body === undefined ? undefined : JSON.stringify(input.body),
      // Private links in paths must not travel further than this page, nor into a cache.
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
    });
  } catch {
    throw new HttpError(0, { code: 'UNAVAILABLE', message: 'network' });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new HttpError(res.status, errorBodyOf(res.status, json, res.statusText), Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
  }
  const parsed = route.response.safeParse(json);
  if (!parsed.success) {
    throw new HttpError(res.status, {
      code: 'INTERNAL',
      message: `The answer to ${route.method} ${route.path} does not match its contract`,
      issues: issuesOf(parsed.error),
    });
  }
  return parsed.data;
}

/** One function per route of the table: `client.getCase({ params: { caseId } })`. */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const client: Record<string, (input?: LooseInput) => Promise<unknown>> = {};
  for (const [name, route] of Object.entries(httpRoutes)) client[name] = (input = {}) => send(route, input, options);
  return client as unknown as HttpClient;
}

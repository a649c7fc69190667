import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import { ForbiddenError, httpRoutes, parseOrThrow, type HttpRoutes, type RouteContract, type RouteName } from '@videoloket/contracts';
import type { z } from 'zod';

// Registers the server's JSON routes from the contract's table (contracts/src/http/routes.ts):
// the path, method and access come from the table, and so do the checks. Params, query and
// body are parsed with the route's schemas before the handler runs (unknown fields refused,
// errors through toHttpError); what the handler returns is sent through the response schema,
// so nothing outside the contract leaves, and a handler that breaks it fails loudly (500,
// logged) instead of sending a shape the browsers would refuse.

export interface RouteInputOf<R extends RouteContract> {
  params: z.output<R['params']>;
  query: z.output<R['query']>;
  body: z.output<R['body']>;
  req: Request;
  /** For a status other than 200 (201 Created) before returning. */
  res: Response;
}
export type RouteHandler<R extends RouteContract> = (input: RouteInputOf<R>) => z.input<R['response']> | Promise<z.input<R['response']>>;
export type RouteHandlers<K extends RouteName = RouteName> = { [N in K]: RouteHandler<HttpRoutes[N]> };

/** JSON bodies only, small: anything bigger goes through the upload server. */
export const MAX_JSON_BODY = '64kb';

const lowerMethod = { GET: 'get', POST: 'post', DELETE: 'delete' } as const;

/** Without a guard for a level, its routes refuse everyone. */
const refuseAll: RequestHandler = (_req, _res, next) => next(new ForbiddenError('Not allowed for this account'));

/** After requireClerk: the checks of the levels above a clerk's. */
export type LevelGuards = Partial<Record<'supervisor' | 'admin', RequestHandler>>;

export function registerRoutes(app: Express, handlers: Partial<RouteHandlers>, requireClerk: RequestHandler, levels: LevelGuards = {}): void {
  const json = express.json({ limit: MAX_JSON_BODY, strict: true });
  for (const [name, handler] of Object.entries(handlers) as [RouteName, RouteHandler<RouteContract>][]) {
    const route: RouteContract = httpRoutes[name];
    const guards = route.access === 'public' ? [] : route.access === 'clerk' ? [requireClerk] : [requireClerk, levels[route.access] ?? refuseAll];
    app[lowerMethod[route.method]](route.path, ...guards, json, async (req: Request, res: Response) => {
      const out = await handler({
        params: parseOrThrow(route.params, req.params, route.what),
        query: parseOrThrow(route.query, req.query, route.what),
        body: parseOrThrow(route.body, req.body, route.what),
        req,
        res,
      });
      const body: unknown = route.response.parse(out);
      if (body === undefined) res.status(204).end();
      else res.json(body);
    });
  }
}

/** Method and path of every JSON route the app has registered, e.g. `GET /api/calls` (for the drift test). */
export function registeredRoutes(app: Express): string[] {
  const stack = (app.router as unknown as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] }).stack;
  return stack.flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`) : []));
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ClerkDirectory } from '../auth/ClerkDirectory';
import type { LoginGuard } from '../auth/LoginGuard';
import type { TokenService } from '../auth/tokens';
import type { CallLinks } from '../call/CallLinks';
import type { CallRegistry } from '../call/CallRegistry';
import type { CallRecords } from '../call/records/CallRecords';
import { httpRequestCounter } from '../metrics';
import { authHandlers } from './auth';
import { callHandlers } from './calls';
import { requireAdmin, requireClerk, requireSupervisor } from './clerkAuth';
import { errorHandler, notFound } from './errors';
import { supervisorHandlers } from './supervisor';
import { requireMetricsToken } from './metricsAuth';
import { registerRoutes, type RouteHandlers } from './register';

export interface AppDeps {
  logger: Logger;
  tokens: TokenService;
  clerks: ClerkDirectory;
  registry: CallRegistry;
  links: CallLinks;
  /** Calls as records: appointment checks, past calls, withdrawn links. */
  calls: CallRecords;
  /** The municipality's time zone ("today" in the past-calls list). */
  timeZone: string;
  metrics: Registry;
  /** Bearer token GET /metrics requires; undefined: /metrics answers 404. */
  metricsToken?: string;
  loginGuard: LoginGuard;
  sessionHours: number;
  trustProxy: boolean;
  webRoots: { desk: string; citizen: string };
  /** Handlers for the route table's other JSON routes (back office, a past call's documents). */
  handlers?: Partial<RouteHandlers>;
  /** Routers that stream bytes, mounted at contracts' streamingPaths (tus uploads, signed downloads). */
  features?: { path: string; router: express.Router }[];
}

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "media-src 'self' blob:",
      "worker-src 'self' blob:",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'self'",
    ].join('; '),
  );
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Permissions-Policy', 'camera=(self), microphone=(self), display-capture=(self), speaker-selection=(self)');
  next();
};

/** Serves a built single-page app, answering unknown paths below `mount` with its index.html. */
function spa(root: string, mount: string): express.Router {
  const router = express.Router();
  // Source maps are not built for production (vite configs); one left in dist/ from a
  // development build is not served either, nor answered with index.html.
  router.use((req, res, next) => {
    if (req.path.endsWith('.map')) notFound(req, res, next);
    else next();
  });
  router.use(express.static(root, { index: 'index.html', maxAge: '1h' }));
  router.use((req, res, next) => {
    if (req.method !== 'GET') return next();
    const index = path.join(root, 'index.html');
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send(`The web app at ${mount} is not built yet: run npm start (it builds it).`);
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  if (deps.trustProxy) app.set('trust proxy', true);
  const requests = httpRequestCounter(deps.metrics);
  app.use((req, res, next) => {
    res.on('finish', () => requests.inc({ method: req.method, status: String(res.statusCode) }));
    next();
  });
  app.use(securityHeaders);

  // Metrics name calls, counts and process internals: scrapers only (Authorization: Bearer METRICS_TOKEN).
  app.get('/metrics', requireMetricsToken(deps.metricsToken), async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });
  // API answers carry sign-in tokens, names, links and documents' metadata: never into a
  // shared or browser cache (OWASP ASVS 8.2.1). Routes may still set their own policy.
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  // Every JSON route of the contract's table (contracts/src/http/routes.ts), checked at the edge.
  registerRoutes(app, { health: () => ({ ok: true }), ...authHandlers(deps), ...callHandlers(deps), ...supervisorHandlers(deps), ...deps.handlers }, requireClerk(deps.tokens, deps.clerks), {
    supervisor: requireSupervisor(deps.clerks),
    admin: requireAdmin(deps.clerks),
  });
  for (const feature of deps.features ?? []) app.use(feature.path, feature.router);
  app.use('/api', notFound);

  app.use('/desk', spa(deps.webRoots.desk, '/desk/'));
  app.use('/', spa(deps.webRoots.citizen, '/'));
  app.use(errorHandler(deps.logger.child({ component: 'http' })));
  return app;
}

import { createServer, type Server } from 'node:http';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { Sfu } from '@videoloket/sfu';
import { SipBridge } from '@videoloket/sip-bridge';
import { Telephony } from './telephony';
import type { Logger } from 'pino';
import { ClerkDirectory } from './auth/ClerkDirectory';
import { LoginGuard } from './auth/LoginGuard';
import { PasswordCheckGate } from './auth/PasswordCheckGate';
import { TokenService } from './auth/tokens';
import { CallLinks } from './call/CallLinks';
import { CallMediaHub } from './call/CallMediaHub';
import { CallRegistry } from './call/CallRegistry';
import { startBackoffice, type RunningBackoffice } from './backoffice';
import { backofficeRoutes } from './http/backoffice';
import { afterCallDocumentRoutes, callDocumentRoutes } from './http/callDocuments';
import { EndedCallSeats } from './call/EndedCallSeats';
import { requireClerk } from './http/clerkAuth';
import type { Config } from './config';
import { createApp } from './http/app';
import { createMetrics } from './metrics';
import { loadOrCreateSecret } from './secrets';
import { startDocuments, type RunningDocuments } from './documents';
import { createForms } from './forms-setup';
import { wireSessionPushes } from './socket/pushes';
import { attachSocketServer, type VideoloketServer } from './socket/server';

export interface RunningVideoloket {
  /** Where it listens, e.g. http://127.0.0.1:8080 (the real port when config.port was 0). */
  url: string;
  port: number;
  /** Set on first start: the `balie` account and its password, to print once. */
  bootstrap?: { username: string; password: string };
  registry: CallRegistry;
  links: CallLinks;
  tokens: TokenService;
  clerks: ClerkDirectory;
  sfu: Sfu;
  backoffice: RunningBackoffice;
  io: VideoloketServer;
  documents: RunningDocuments;
  server: Server;
  close(): Promise<void>;
}

/** Composes and starts the whole desk: HTTP API + web apps + Socket.IO + the SFU's workers. */
export async function startVideoloket(config: Config, logger: Logger): Promise<RunningVideoloket> {
  await mkdir(config.dataDir, { recursive: true });
  const tokens = new TokenService(await loadOrCreateSecret(config.dataDir, 'token', config.tokenSecret));
  const passwordChecks = new PasswordCheckGate({ concurrency: config.login.maxConcurrentChecks, queue: config.login.maxQueuedChecks });
  const clerks = await ClerkDirectory.open(config.dataDir, passwordChecks);
  const loginGuard = new LoginGuard(config.login);
  // Production without METRICS_TOKEN: no /metrics at all rather than an open one.
  const metricsToken = config.mode === 'embedded' ? await loadOrCreateSecret(config.dataDir, 'metrics', config.metricsToken) : config.metricsToken;
  if (!metricsToken) logger.warn('METRICS_TOKEN is not set: GET /metrics is off');
  const bootstrap = clerks.isEmpty ? await clerks.bootstrap(config.clerkBootstrapPassword) : undefined;

  const sfu = new Sfu({
    workerCount: config.media.workerCount,
    listenIp: config.media.listenIp,
    announcedAddress: config.media.announcedAddress,
    udpBasePort: config.media.port,
    tcpBasePort: config.media.port,
    logger,
  });
  await sfu.start();
  // Phone interpreters (issue 5): the SIP bridge only when SIP_ENABLED.
  const sipBridge = config.sip ? new SipBridge(config.sip, logger.child({ component: 'sip' })) : undefined;
  await sipBridge?.start();
  const telephony = new Telephony(sipBridge, sfu, logger.child({ component: 'telephony' }));

  const hub = new CallMediaHub(sfu, logger.child({ component: 'media' }));
  const pushTargets: { io?: VideoloketServer } = {};
  const endedSeats = new EndedCallSeats({ retentionMs: config.documents.retentionMs });
  const registry = new CallRegistry({
    logger: logger.child({ component: 'calls' }),
    seatLimits: { maxWaitingSeatsPerLink: config.limits.maxWaitingSeatsPerLink, maxWaitingSeatsPerAddress: config.limits.maxWaitingSeatsPerAddress },
    async onCreated(session) {
      await hub.open(session.callId);
      // Sessions are only created through the API, which listens after io exists.
      wireSessionPushes(pushTargets.io!, session, hub);
      session.on('close', () => forms.drop(session.callId));
      session.on('ended', () => endedSeats.remember(session));
    },
  });
  const links = new CallLinks(tokens, config.publicUrl);
  const metrics = createMetrics(registry);
  const backoffice = await startBackoffice(config, links, logger);
  const documents = await startDocuments(config, { tokens, registry, endedSeats, clerks, db: backoffice.db, logger });
  const forms = await createForms(config, logger, documents.service);

  const app = createApp({
    logger,
    tokens,
    clerks,
    registry,
    links,
    appointments: backoffice.backoffice.bookings,
    metrics,
    metricsToken,
    loginGuard,
    sessionHours: config.clerkSessionHours,
    trustProxy: config.trustProxy,
    webRoots: config.webRoots,
    features: [
      ...documents.routes,
      { path: '/calls', router: callDocumentRoutes({ documents: documents.service, requireClerk: requireClerk(tokens, clerks) }) },
      { path: '/after-call', router: afterCallDocumentRoutes({ documents: documents.service, tokens, endedSeats, retentionMs: config.documents.retentionMs }) },
      { path: '/backoffice', router: backofficeRoutes({ backoffice: backoffice.backoffice, challenges: backoffice.challenges, guard: backoffice.guard, requireClerk: requireClerk(tokens, clerks) }) },
    ],
  });
  const server = createServer(app);
  const io = attachSocketServer(server, {
    tokens,
    clerks,
    registry,
    hub,
    links,
    telephony,
    logger,
    documents,
    forms,
    connectionLimits: { maxSocketsPerLink: config.limits.maxSocketsPerLink, maxSocketsPerAddress: config.limits.maxSocketsPerAddress },
    trustProxy: config.trustProxy,
    allowedOrigins: [config.publicUrl, `http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`],
  });
  pushTargets.io = io;
  documents.wirePushes(io);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`,
    port,
    bootstrap,
    registry,
    links,
    tokens,
    clerks,
    sfu,
    backoffice,
    io,
    documents,
    server,
    close() {
      closing ??= (async () => {
        registry.closeAll();
        await io.close();
        await sipBridge?.close();
        await sfu.close();
        await documents.close();
        await backoffice.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}

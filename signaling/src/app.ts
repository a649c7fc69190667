import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { Sfu } from '@videoloket/sfu';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Database } from '@videoloket/backoffice';
import { ClerkDirectory } from './auth/ClerkDirectory';
import { LoginGuard } from './auth/LoginGuard';
import { PasswordCheckGate } from './auth/PasswordCheckGate';
import { TokenService } from './auth/tokens';
import { CallLinks } from './call/CallLinks';
import { CallRegistry } from './call/CallRegistry';
import { RedisCallStateStore, type CallStateStore } from './call/store';
import { CallRecords } from './call/records/CallRecords';
import { CallRepository } from './call/records/CallRepository';
import { recordCall } from './call/records/recordCall';
import { openProjectDatabase } from './database';
import { startBackoffice, type RunningBackoffice } from './backoffice';
import { backofficeHandlers } from './http/backoffice';
import { citizenLoginHandlers, citizenLoginRoutes, verifiedCitizenOf } from './http/citizenLogin';
import { CitizenLogin } from './citizenLogin/CitizenLogin';
import { ClerkLogin } from './clerkLogin/ClerkLogin';
import { clerkLoginHandlers, clerkLoginRoutes } from './http/clerkLogin';
import { registerLookupHandlers } from './http/personRegister';
import { FixturePersonRegister, RegisterLookupLog, RegisterLookups } from './register';
import { callDocumentHandlers } from './http/callDocuments';
import { EndedCallSeats } from './call/EndedCallSeats';
import type { Config } from './config';
import { createApp } from './http/app';
import type { Registry as MetricsRegistry } from 'prom-client';
import { createMetrics } from './metrics';
import { loadOrCreateSecret } from './secrets';
import { TurnCredentials } from './turn/TurnCredentials';
import { startDocuments, type RunningDocuments } from './documents';
import { createForms } from './forms-setup';
import { attachSocketServer, type VideoloketServer } from './socket/server';
import { openSharedState, type SharedState } from './state/SharedState';

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
  /** Calls as records (status history, appointment binding, withdrawn links). */
  calls: CallRecords;
  /** The project database (every package's tables; signaling/src/database.ts). */
  db: Database;
  io: VideoloketServer;
  documents: RunningDocuments;
  /** Rate limits, spent single-use ids and Socket.IO fan-out: in Redis with REDIS_URL (issue 13). */
  state: SharedState;
  /** Prometheus metrics of the process (GET /metrics). */
  metrics: MetricsRegistry;
  server: Server;
  /** The express app (its registered routes are checked against the contract's table in tests). */
  httpApp: Express;
  close(): Promise<void>;
}

/** What the composition takes from outside besides the settings (the lead wires Redis here). */
export interface VideoloketDeps {
  /**
   * Where live calls' state is written through (issue 13): a shared store (Redis) lets another
   * process carry a call on after this one stopped. Default: none — a call lives in this
   * process's memory only and a restart ends it (the in-process MemoryCallStateStore is for
   * several servers in one process, e.g. tests).
   */
  callStore?: CallStateStore;
}

/** A call's lease lasts this long unless its owner renews it (every third of it). */
const CALL_LEASE_MS = 6_000;

/** Register lookups per clerk per 10 minutes: a counter looks up a few people, not the register. */
const REGISTER_LOOKUPS_PER_WINDOW = 30;

/** Composes and starts the whole desk: HTTP API + web apps + Socket.IO + the SFU's workers. */
export async function startVideoloket(config: Config, logger: Logger, deps: VideoloketDeps = {}): Promise<RunningVideoloket> {
  // Without a shared store nothing of a call can outlive this process, and no other process
  // can own it: no write-through, no lease — the hot path stays as it was (measured, see
  // docs/architecture.md). A shared store: every change written through, one owner per call.
  await mkdir(config.dataDir, { recursive: true });
  const tokenSecret = await loadOrCreateSecret(config.dataDir, 'token', config.tokenSecret);
  const tokens = new TokenService(tokenSecret);
  // Issue 13: what several nodes must agree on, in Redis when REDIS_URL is set — live calls too.
  const state = await openSharedState(config.redis, logger);
  const callStore = deps.callStore ?? (state.redis && new RedisCallStateStore(state.redis.client, { prefix: state.redis.keyPrefix }));
  const ownership = callStore && { store: callStore, nodeId: randomUUID(), leaseMs: CALL_LEASE_MS };
  logger.info({ sharedState: state.kind, callStore: callStore ? (deps.callStore ? 'given' : 'redis') : 'none' }, 'shared state');
  // Issue 15 item 1: only when the municipality configured its government login.
  const citizenLogin = config.citizenLogin && new CitizenLogin({ settings: config.citizenLogin, secret: tokenSecret, spentStates: state.singleUse('citizen-login') });
  const citizenLoginHttp = { login: citizenLogin, logger, secureCookies: config.publicUrl.startsWith('https:') };
  const passwordChecks = new PasswordCheckGate({ concurrency: config.login.maxConcurrentChecks, queue: config.login.maxQueuedChecks });
  const loginGuard = new LoginGuard(config.login, state.loginLimiters);
  // Production without METRICS_TOKEN: no /metrics at all rather than an open one.
  const metricsToken = config.mode === 'embedded' ? await loadOrCreateSecret(config.dataDir, 'metrics', config.metricsToken) : config.metricsToken;
  if (!metricsToken) logger.warn('METRICS_TOKEN is not set: GET /metrics is off');
  // The embedded coturn (scripts/services/coturn.sh) reads the same generated secret file.
  const turn = new TurnCredentials(
    config.turn && { ...config.turn, secret: await loadOrCreateSecret(config.dataDir, 'turn', config.turn.secret) },
    config.iceTransportPolicy,
  );

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
  // Imported only then: its Opus codec is WebAssembly instantiated at import (about 17 MB).
  const sipBridge = config.sip ? new (await import('@videoloket/sip-bridge')).SipBridge(config.sip, logger.child({ component: 'sip' })) : undefined;
  await sipBridge?.start();

  const db = await openProjectDatabase(config);
  const running: { backoffice?: RunningBackoffice } = {};
  const calls = new CallRecords({
    repository: new CallRepository(db),
    // The back office starts below and needs `calls` for its join links; asked only later.
    appointments: {
      forVideoCall: (id) => running.backoffice!.backoffice.bookings.forVideoCall(id),
      recordCallOutcome: (caseId, outcome, clerkId) => running.backoffice!.backoffice.cases.recordCallOutcome(caseId, outcome, clerkId),
    },
    logger: logger.child({ component: 'call-records' }),
  });
  // Calls another process left in a shared call state store are carried on, not cut off.
  await calls.recover(async (callId) => (await callStore?.load(callId)) !== undefined);
  const expiry = setInterval(() => void calls.expireScheduled().catch((err: unknown) => logger.error({ err }, 'expiring scheduled calls failed')), 10 * 60_000).unref();
  const endedSeats = new EndedCallSeats({
    retentionMs: config.documents.retentionMs,
    // Queued with the call's other writes and awaited before the database closes; a failed write is logged there.
    store: calls,
  });
  endedSeats.restore(await calls.repository.endedSeatsSince(new Date(Date.now() - config.documents.retentionMs)));
  const links = new CallLinks(tokens, config.publicUrl);
  const backoffice = await startBackoffice(config, db, { links, calls, state }, logger);
  running.backoffice = backoffice;
  // After the seed, so accounts of an older install's clerks.json find the clerks they worked as.
  const clerks = await ClerkDirectory.open({ db, dataDir: config.dataDir, checks: passwordChecks, logger: logger.child({ component: 'clerks' }) });
  const bootstrap = clerks.hasNoPasswordAccount ? await clerks.bootstrap(config.clerkBootstrapPassword) : undefined;
  // Issue 12 item 6: clerks sign in at the municipality's IdP when it is configured.
  const clerkLogin = config.clerkLogin && new ClerkLogin({ settings: config.clerkLogin, secret: tokenSecret, spentStates: state.singleUse('clerk-login'), directory: clerks });
  const clerkLoginHttp = { login: clerkLogin, tokens, sessionHours: config.clerkSessionHours, logger, secureCookies: config.publicUrl.startsWith('https:') };
  // Documents ask the registry (made below) who is in a call only when a request comes in.
  const documents = await startDocuments(config, { tokens, registry: { find: (callId) => registry.find(callId) }, endedSeats, clerks, db, logger });
  const forms = await createForms(config, logger, documents.service);
  const registry = new CallRegistry({
    sfu,
    forms,
    telephony: sipBridge,
    logger: logger.child({ component: 'calls' }),
    seatLimits: { maxWaitingSeatsPerLink: config.limits.maxWaitingSeatsPerLink, maxWaitingSeatsPerAddress: config.limits.maxWaitingSeatsPerAddress },
    idleTimeoutMs: config.callIdleMinutes * 60_000,
    ...(ownership ? { ownership } : {}),
  });
  registry.on('created', (call, origin) => {
    recordCall(calls, call, origin);
    // After the end, a citizen seat still reaches the documents it could see (issue 17).
    call.on('ended', () => endedSeats.remember(call.session));
  });
  // A phone that dialled in belongs to the call whose dial-in it used.
  sipBridge?.on('leg', (leg) => registry.find(leg.callId)?.phone.adopt(leg));
  const metrics = createMetrics(registry);
  // Issue 12, item 5: the embedded register of fictional people; every lookup audited.
  const registerLookups = new RegisterLookups({
    register: await FixturePersonRegister.load(),
    log: new RegisterLookupLog(db),
    clerkInCall: (callId, clerkId) => {
      const call = registry.find(callId);
      return call?.status === 'open' && call.session.allSeats().some((s) => s.role === 'clerk' && s.clerkId === clerkId);
    },
    limiter: state.limiter({ name: 'register-lookup', points: REGISTER_LOOKUPS_PER_WINDOW, durationSeconds: 600 }),
    timeZone: config.backoffice.timeZone,
  });

  const app = createApp({
    logger,
    tokens,
    clerks,
    registry,
    links,
    calls,
    timeZone: config.backoffice.timeZone,
    metrics,
    metricsToken,
    loginGuard,
    sessionHours: config.clerkSessionHours,
    trustProxy: config.trustProxy,
    webRoots: config.webRoots,
    handlers: {
      ...callDocumentHandlers({ documents: documents.service, tokens, endedSeats, retentionMs: config.documents.retentionMs }),
      ...backofficeHandlers({ backoffice: backoffice.backoffice, challenges: backoffice.challenges, guard: backoffice.guard, clerks, verifiedCitizen: (req) => verifiedCitizenOf(citizenLogin, req) }),
      ...citizenLoginHandlers(citizenLoginHttp),
      ...clerkLoginHandlers(clerkLoginHttp),
      ...registerLookupHandlers({ lookups: registerLookups }),
    },
    features: [...documents.routes, ...citizenLoginRoutes(citizenLoginHttp), ...clerkLoginRoutes(clerkLoginHttp)],
  });
  const server = createServer(app);
  const io = attachSocketServer(server, {
    tokens,
    clerks,
    registry,
    calls,
    links,
    logger,
    documents,
    forms,
    turn,
    connectionLimits: { maxSocketsPerLink: config.limits.maxSocketsPerLink, maxSocketsPerAddress: config.limits.maxSocketsPerAddress },
    trustProxy: config.trustProxy,
    adapter: state.socketAdapter(),
    allowedOrigins: [config.publicUrl, `http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`],
  });

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
    calls,
    db,
    io,
    documents,
    state,
    metrics,
    server,
    httpApp: app,
    close() {
      closing ??= (async () => {
        clearInterval(expiry);
        registry.closeAll('shutdown');
        await io.close();
        await state.close();
        await sipBridge?.close();
        await sfu.close();
        await documents.close();
        await backoffice.close();
        await calls.settled();
        await db.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}

import type { RoleGroups } from './auth/roleMapping';
import os from 'node:os';
import type { SipBridgeOptions } from '@videoloket/sip-bridge';
import path from 'node:path';
import { z } from 'zod';
import { isValidBic, isValidIban, type BankAccount } from '@videoloket/contracts';

// The one place that reads process.env. Every setting is validated at start-up;
// defaults are the embedded ones `npm start` runs on. README's configuration table
// lists the same names.

// 0 lets the OS pick a free port (tests).
const port = z.coerce.number().int().min(0).max(65535);
const base64Key = z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64');
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * Embedded default only (production requires PAYMENT_IBAN): the example IBAN of the ECBS
 * standard, so `npm start` shows the QR code. Nobody's real account.
 */
const DEMO_BANK_ACCOUNT: BankAccount = { beneficiary: 'Videoloket demo (do not pay)', iban: 'BE71096123456769' };

/** Every variable the process reads; README's configuration table lists the same names (config.test.ts). */
export const EnvSchema = z.object({
  VIDEOLOKET_MODE: z.enum(['embedded', 'production']).default('embedded'),
  HOST: z.string().default('0.0.0.0'),
  PORT: port.default(8080),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().default('data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Secret for signing tokens (≥ 32 chars). Embedded: generated and kept in DATA_DIR. */
  TOKEN_SECRET: z.string().min(32).optional(),
  /** Password of the first clerk account `balie`; embedded default: random, printed once. */
  CLERK_BOOTSTRAP_PASSWORD: z.string().min(8).optional(),
  CLERK_SESSION_HOURS: z.coerce.number().min(1).max(24).default(12),
  // Sign-in limits (issue 9, finding 2; signaling/src/auth/LoginGuard.ts, docs/security.md)
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(10_000).default(30),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(100_000).default(100),
  LOGIN_LOCKOUT_MAX_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** scrypt runs at once; unset: a quarter of libuv's thread pool (at least 1). */
  LOGIN_MAX_CONCURRENT_CHECKS: z.coerce.number().int().min(1).max(64).optional(),
  LOGIN_MAX_QUEUED_CHECKS: z.coerce.number().int().min(0).max(10_000).default(32),
  /** libuv's own variable (read by Node at the first pool use); read here only to size the scrypt share. */
  UV_THREADPOOL_SIZE: z.coerce.number().int().min(1).max(1024).default(4),
  /** Bearer token for GET /metrics. Embedded: generated into DATA_DIR/secrets/metrics.key; production: unset = /metrics off. */
  METRICS_TOKEN: z.string().min(32).optional(),
  MEDIA_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  MEDIA_LISTEN_IP: z.string().default('0.0.0.0'),
  /** The address browsers reach the media ports on (public IP or DNS name). */
  MEDIA_ANNOUNCED_ADDRESS: z.string().optional(),
  /** First of the fixed media ports: worker i listens on MEDIA_PORT + i, UDP and TCP. */
  MEDIA_PORT: port.default(40000),
  // TURN for citizens behind networks that block UDP (issue 16; docs/turn.md).
  /** Comma-separated turn:/turns: URLs handed to browsers; `none`: no TURN. Unset: the embedded coturn on loopback. */
  TURN_URLS: z.string().max(2000).optional(),
  /** Ports of the coturn scripts/services/coturn.sh runs (the default TURN_URLS name them). */
  TURN_PORT: port.default(3478),
  TURN_TLS_PORT: port.default(5349),
  /** coturn's static-auth-secret (≥ 32 chars). Embedded: generated into DATA_DIR/secrets/turn.key (coturn.sh reads it too). */
  TURN_SECRET: z.string().min(32).optional(),
  /** How long one seat's TURN credentials work; browsers fetch new ones at four fifths of it.
   *  At least 30 s: a browser must allocate its relays with a fresh credential before it ends. */
  TURN_CREDENTIAL_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(3600),
  /** `relay`: browsers send media only through TURN (never their own addresses to the SFU). */
  ICE_TRANSPORT_POLICY: z.enum(['all', 'relay']).default('all'),
  TRUST_PROXY: bool.default(false),
  // Caps per link, seat and address (issue 9, finding 7; docs/security.md).
  /** New waiting seats one invitation link may hold at once; more knocks are refused (429). */
  CALL_MAX_WAITING_PER_LINK: z.coerce.number().int().min(1).max(100).default(3),
  CALL_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(240),
  /** New waiting seats one client address may hold in one call, across its links. */
  CALL_MAX_WAITING_PER_ADDRESS: z.coerce.number().int().min(1).max(100).default(4),
  /** Live sockets that opened one invitation link. */
  SOCKET_MAX_PER_LINK: z.coerce.number().int().min(1).max(1000).default(6),
  /** Live link-holder sockets from one client address, all calls together (clerks not counted). */
  SOCKET_MAX_PER_ADDRESS: z.coerce.number().int().min(1).max(10000).default(20),
  // Government login for citizens (issue 15 item 1; docs/security.md "Government login"). Unset issuer: no login offered.
  /** The government citizen login's OpenID Connect issuer (its /.well-known/openid-configuration is read). */
  CITIZEN_LOGIN_ISSUER: z.url().optional(),
  CITIZEN_LOGIN_CLIENT_ID: z.string().min(1).optional(),
  /** The client secret this municipality got from the IdP (client_secret_basic). Secret: never logged. */
  CITIZEN_LOGIN_CLIENT_SECRET: z.string().min(1).optional(),
  /** Registered at the IdP; default PUBLIC_URL + /api/citizen-login/callback. */
  CITIZEN_LOGIN_REDIRECT_URL: z.url().optional(),
  CITIZEN_LOGIN_SCOPE: z.string().min(6).max(500).default('openid profile address'),
  /** The claim that carries the national register number (FAS: egovNRN); absent claims are simply not prefilled. */
  CITIZEN_LOGIN_NATIONAL_NUMBER_CLAIM: z.string().min(1).max(100).default('egovNRN'),
  /** How long the signed-in state (an encrypted HttpOnly cookie) lasts. */
  CITIZEN_LOGIN_SESSION_MINUTES: z.coerce.number().int().min(1).max(240).default(30),
  // Clerks' sign-in at the municipality's IdP (issue 12 item 6; docs/security.md "The clerk directory"). Unset issuer: passwords only.
  /** The municipality's OpenID Connect issuer for its staff (its /.well-known/openid-configuration is read). */
  CLERK_LOGIN_ISSUER: z.url().optional(),
  CLERK_LOGIN_CLIENT_ID: z.string().min(1).optional(),
  /** client_secret_basic. Secret: never logged. */
  CLERK_LOGIN_CLIENT_SECRET: z.string().min(1).optional(),
  /** Registered at the IdP; default PUBLIC_URL + /api/clerk-login/callback. */
  CLERK_LOGIN_REDIRECT_URL: z.url().optional(),
  CLERK_LOGIN_SCOPE: z.string().min(6).max(500).default('openid profile'),
  /** The claim listing the user's groups; a dotted path reaches into objects (Keycloak: realm_access.roles). */
  CLERK_LOGIN_GROUPS_CLAIM: z.string().min(1).max(200).default('groups'),
  /** Comma-separated groups per role; a user in none of them is refused. */
  CLERK_LOGIN_GROUPS_CLERK: z.string().max(2000).optional(),
  CLERK_LOGIN_GROUPS_MOBILE_CLERK: z.string().max(2000).optional(),
  CLERK_LOGIN_GROUPS_SUPERVISOR: z.string().max(2000).optional(),
  CLERK_LOGIN_GROUPS_ADMINISTRATOR: z.string().max(2000).optional(),
  /** The municipality's name on the desk's button ("Sign in with Stad Gent"). */
  CLERK_LOGIN_NAME: z.string().min(1).max(60).optional(),
  // Back office (appointments, cases, mobile counter)
  /** PostgreSQL connection string; unset: the embedded database (PGlite) in DATA_DIR/db. */
  DATABASE_URL: z.string().optional(),
  /** redis:// or rediss:// (TLS) URL of the state several signalling nodes share (issue 13); unset: kept in this process. */
  REDIS_URL: z
    .string()
    .refine((u) => URL.canParse(u) && /^rediss?:$/.test(new URL(u).protocol), 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Put before every key this installation writes to Redis, so several can share one. */
  REDIS_KEY_PREFIX: z.string().min(1).max(64).regex(/^[A-Za-z0-9:_.-]+$/).default('vl:'),
  /** Load the demo products, opening hours and clerks (default: on in embedded mode). */
  BACKOFFICE_SEED: bool.optional(),
  /** Signs appointment manage/status links (≥ 32 chars). Embedded: generated and kept in DATA_DIR. */
  BACKOFFICE_LINK_SECRET: z.string().min(32).optional(),
  // Phone interpreters over the SIP bridge (issue 5; docs/sip-bridge.md "Configuration"). Defaults live in sip-bridge's schema.
  SIP_ENABLED: bool.default(false),
  SIP_LISTEN_IP: z.string().optional(),
  SIP_PORT: z.coerce.number().int().optional(),
  SIP_PUBLIC_HOST: z.string().optional(),
  SIP_RTP_LISTEN_IP: z.string().optional(),
  SIP_RTP_ANNOUNCED_IP: z.string().optional(),
  // Not sip-bridge's 40000…40999: that overlaps MEDIA_PORT (40000 + worker index).
  SIP_RTP_PORT_MIN: z.coerce.number().int().default(41000),
  SIP_RTP_PORT_MAX: z.coerce.number().int().default(41999),
  SIP_SFU_IP: z.string().optional(),
  SIP_TRUNK_PROXY: z.string().optional(),
  SIP_TRUNK_USERNAME: z.string().optional(),
  SIP_TRUNK_PASSWORD: z.string().optional(),
  SIP_TRUNK_FROM_URI: z.string().optional(),
  SIP_TRUNK_TRANSPORT: z.enum(['udp', 'tcp', 'tls']).optional(),
  SIP_TRUNK_REGISTER: bool.optional(),
  SIP_TRUNK_DOMAIN: z.string().optional(),
  SIP_TRUNK_REGISTER_EXPIRES_S: z.coerce.number().int().optional(),
  SIP_SESSION_EXPIRES_S: z.coerce.number().int().optional(),
  SIP_TLS_CERT_FILE: z.string().optional(),
  SIP_TLS_KEY_FILE: z.string().optional(),
  SIP_TLS_CA_FILE: z.string().optional(),
  SIP_TLS_PORT: z.coerce.number().int().optional(),
  SIP_SRTP: z.enum(['off', 'optional', 'required']).optional(),
  SIP_MAX_INVITES_PER_SOURCE: z.coerce.number().int().optional(),
  SIP_DIAL_ALLOW: z.string().optional(),
  SIP_RING_TIMEOUT_MS: z.coerce.number().int().optional(),
  SIP_PIN_LENGTH: z.coerce.number().int().optional(),
  SIP_PIN_TIMEOUT_MS: z.coerce.number().int().optional(),
  SIP_MAX_PIN_ATTEMPTS: z.coerce.number().int().optional(),
  SIP_MAX_FAILURES_PER_SOURCE: z.coerce.number().int().optional(),
  SIP_MEDIA_TIMEOUT_MS: z.coerce.number().int().optional(),
  SIP_MAX_LEGS_PER_CALL: z.coerce.number().int().optional(),
  TIME_ZONE: z.string().default('Europe/Brussels'),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: port.default(587),
  SMTP_SECURE: bool.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: z.string().default('Videoloket <noreply@videoloket.local>'),
  /** The municipality's account for fees: shown with an EPC QR code. Embedded default: a demo account; production: required. */
  PAYMENT_IBAN: z.string().refine(isValidIban, 'not a valid IBAN (check digits)').optional(),
  PAYMENT_BIC: z.string().refine(isValidBic, 'not a valid BIC (8 or 11 capitals/digits)').optional(),
  PAYMENT_BENEFICIARY: z.string().min(1).max(70).optional(),
  MOBILE_DEPOT_LAT: z.coerce.number().min(-90).max(90).default(51.0543),
  MOBILE_DEPOT_LON: z.coerce.number().min(-180).max(180).default(3.7251),
  MOBILE_SPEED_KMH: z.coerce.number().positive().default(30),
  MOBILE_BUFFER_MINUTES: z.coerce.number().int().min(0).default(10),
  /** kg CO2 per km by car, for the travel the impact dashboard counts as avoided (stated on the page). */
  IMPACT_CO2_KG_PER_KM: z.coerce.number().min(0).max(5).default(0.15),
  INVITATION_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(60),
  /** A personal invitation code books once, and only within this many days after it was sent. */
  INVITATION_CODE_VALID_DAYS: z.coerce.number().int().min(1).max(365).default(90),
  // Anonymous booking (issue 9 finding 4; docs/security.md "Booking and mail abuse")
  /** Proof of work per booking: leading zero bits of SHA-256, ~2^n hashes in the browser. */
  BOOKING_POW_DIFFICULTY: z.coerce.number().int().min(0).max(28).default(18),
  /** How long a booking challenge may be solved and spent. */
  BOOKING_POW_TTL_SECONDS: z.coerce.number().int().min(5).max(3600).default(600),
  /** Booking attempts per client network (IPv4 address, IPv6 /64). */
  BOOKING_LIMIT_PER_IP_HOUR: z.coerce.number().int().min(1).default(10),
  BOOKING_LIMIT_PER_IP_DAY: z.coerce.number().int().min(1).default(30),
  /** Bookings (each sends a confirmation) per e-mail address or phone number per day. */
  BOOKING_LIMIT_PER_CONTACT_DAY: z.coerce.number().int().min(1).default(5),
  /** How long before the slot an appointment's video join link works (issue 6: 15 minutes). Tests raise it instead of faking time. */
  JOIN_LINK_EARLY_MINUTES: z.coerce.number().int().min(0).max(10080).default(15),
  /** CSV export of expiring eIDs read by the daily invitation job. */
  EID_REGISTER_CSV: z.string().optional(),
  /** How often the idempotent back-office jobs (invitations, reminders) run, minutes. */
  JOB_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  /** Outbox (every push to mail, SMS, case system, status push): attempts before a message is dead and shown to administrators. */
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  /** Wait after the first failed delivery, seconds; doubled after each next failure (at most 6 hours). */
  OUTBOX_RETRY_BASE_SECONDS: z.coerce.number().min(0).max(86_400).default(30),
  /** How often the outbox worker looks for messages due again, seconds. */
  OUTBOX_POLL_SECONDS: z.coerce.number().min(0.05).max(3600).default(10),
  CASE_SYSTEM: z.enum(['none', 'zgw']).default('none'),
  ZGW_BASE_URL: z.url().optional(),
  ZGW_CLIENT_ID: z.string().optional(),
  ZGW_SECRET: z.string().optional(),
  ZGW_RSIN: z.string().optional(),
  /** JSON object: product id → zaaktype URL. */
  ZGW_ZAAKTYPEN: z.string().optional(),
  /** JSON object: status → statustype URL. */
  ZGW_STATUSTYPEN: z.string().optional(),
  STATUS_PUSH: z.enum(['none', 'dosis']).default('none'),
  DOSIS_URL: z.url().optional(),
  DOSIS_API_KEY: z.string().optional(),
  DOSIS_HOLDER_ID: z.string().optional(),
  /** Where citizen-inbox messages go: `stored` (shown on the case's status page) or `http` (a government citizen profile's message API). */
  CITIZEN_INBOX: z.enum(['stored', 'http']).default('stored'),
  CITIZEN_INBOX_URL: z.url().optional(),
  CITIZEN_INBOX_API_KEY: z.string().optional(),
  CITIZEN_INBOX_SENDER_ID: z.string().optional(),
  // Documents in the call (docs/storage.md)
  VIDEOLOKET_STORAGE_BACKEND: z.enum(['local', 's3']).default('local'),
  /** Local disk store; default DATA_DIR/documents. */
  VIDEOLOKET_STORAGE_DIR: z.string().optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY: z.string().optional(),
  S3_SECRET_KEY: z.string().optional(),
  S3_BUCKET: z.string().optional(),
  /** clamd: a Unix socket, else host + port (scripts/services/clamd.sh exports all three). */
  CLAMD_SOCKET: z.string().optional(),
  CLAMD_HOST: z.string().default('127.0.0.1'),
  CLAMD_PORT: port.default(13310),
  /** base64, 32 bytes. Embedded: generated and kept in DATA_DIR. Losing it loses every document. */
  VIDEOLOKET_DOCUMENT_KEY: base64Key.optional(),
  VIDEOLOKET_DOWNLOAD_LINK_KEY: base64Key.optional(),
  VIDEOLOKET_UPLOAD_MAX_FILE_MB: z.coerce.number().int().min(1).default(512),
  VIDEOLOKET_UPLOAD_MAX_CALL_MB: z.coerce.number().int().min(1).default(2048),
  /** Refused-too-large upload records shown per seat; later attempts are refused without a record. */
  VIDEOLOKET_UPLOAD_MAX_REFUSED_RECORDS: z.coerce.number().int().min(1).max(100).default(3),
  VIDEOLOKET_UPLOAD_EXPIRY_HOURS: z.coerce.number().min(1).default(24),
  VIDEOLOKET_DOCUMENT_RETENTION_DAYS: z.coerce.number().min(1).default(30),
  VIDEOLOKET_DOWNLOAD_LINK_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  // Upload hardening (issue 9, docs/security.md "Documents")
  /** Checksummed chunks are verified here first: a disk, not a RAM tmpfs. Default DATA_DIR/upload-spool. */
  VIDEOLOKET_UPLOAD_SPOOL_DIR: z.string().min(1).optional(),
  VIDEOLOKET_UPLOAD_SPOOLS_PER_SEAT: z.coerce.number().int().min(1).max(16).default(2),
  /** PDFs, DOCX and ODT are read whole (in memory) before acceptance, up to this size. */
  VIDEOLOKET_UPLOAD_MAX_CHECKED_MB: z.coerce.number().int().min(1).max(1024).default(64),
  VIDEOLOKET_ZIP_MAX_ENTRIES: z.coerce.number().int().min(10).default(2000),
  VIDEOLOKET_ZIP_MAX_EXPANDED_MB: z.coerce.number().int().min(1).default(256),
  VIDEOLOKET_ZIP_MAX_RATIO: z.coerce.number().min(2).default(100),
  // PDF forms and the PAdES seal (issue 4, docs/pdf-signing.md)
  /** The municipality's name: in the embedded seal certificate, on the audit page, prefilled into forms. */
  SEAL_NAME: z.string().min(1).max(120).optional(),
  /** PKCS#12 (.p12/.pfx) with the seal certificate and RSA key; required in production. */
  SEAL_PKCS12: z.string().min(1).optional(),
  SEAL_PKCS12_PASSWORD: z.string().optional(),
  /** RFC 3161 time-stamp authority: seals become PAdES B-T instead of B-B. */
  TSA_URL: z.url().optional(),
  TSA_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  PDF_MAX_PAGES: z.coerce.number().int().min(1).max(5000).default(500),
});

export type Env = z.input<typeof EnvSchema>;

export interface Config {
  mode: 'embedded' | 'production';
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  tokenSecret?: string;
  clerkBootstrapPassword?: string;
  clerkSessionHours: number;
  login: {
    maxFailuresPerAccountAndIp: number;
    maxFailuresPerIp: number;
    maxFailuresPerAccount: number;
    lockoutMaxSeconds: number;
    maxConcurrentChecks: number;
    maxQueuedChecks: number;
  };
  /** Configured token, or undefined: generated (embedded) or metrics off (production). */
  metricsToken?: string;
  media: {
    workerCount: number;
    listenIp: string;
    announcedAddress?: string;
    port: number;
  };
  /** Phone interpreters (issue 5): the SIP bridge's options; undefined when SIP_ENABLED is false. */
  sip?: SipBridgeOptions;
  /** TURN (issue 16): undefined when off (TURN_URLS=none, or production without TURN_URLS). */
  turn?: {
    urls: string[];
    /** Configured, or undefined: generated into DATA_DIR (embedded). Secret: never logged. */
    secret?: string;
    credentialTtlSeconds: number;
  };
  iceTransportPolicy: 'all' | 'relay';
  trustProxy: boolean;
  /** Government login for citizens (issue 15 item 1); undefined when CITIZEN_LOGIN_ISSUER is unset. */
  citizenLogin?: CitizenLoginSettings;
  /** Clerks' sign-in at the municipality's IdP (issue 12 item 6); undefined when CLERK_LOGIN_ISSUER is unset. */
  clerkLogin?: ClerkLoginSettings;
  /** A call everyone has left for this long ends ('expired'). */
  callIdleMinutes: number;
  /** Shared state of several signalling nodes (issue 13; state/redis.ts); undefined: kept in this process. URL secret: never logged. */
  redis?: { url: string; keyPrefix: string };
  /** Caps per link and address (issue 9, finding 7). */
  limits: {
    maxWaitingSeatsPerLink: number;
    maxWaitingSeatsPerAddress: number;
    maxSocketsPerLink: number;
    maxSocketsPerAddress: number;
  };
  webRoots: { desk: string; citizen: string };
  documents: {
    store: { kind: 'local'; directory: string } | { kind: 's3'; endpoint: string; region: string; accessKey: string; secretKey: string; bucket: string };
    clamd: { socket?: string; host: string; port: number };
    /** base64; unset in embedded mode: generated and kept in DATA_DIR. */
    encryptionKey?: string;
    linkSigningKey?: string;
    maxFileBytes: number;
    maxCallBytes: number;
    maxRefusedRecordsPerSeat: number;
    uploadExpiryMs: number;
    retentionMs: number;
    downloadLinkTtlMs: number;
    spoolDirectory: string;
    maxChecksumSpoolsPerSeat: number;
    maxCheckedBytes: number;
    zipMaxEntries: number;
    zipMaxUncompressedBytes: number;
    zipMaxRatio: number;
  };
  backoffice: {
    databaseUrl?: string;
    seed: boolean;
    linkSecret?: string;
    timeZone: string;
    smtp?: { host: string; port: number; secure: boolean; user?: string; password?: string };
    mailFrom: string;
    bankAccount: BankAccount;
    mobile: { depot: { lat: number; lon: number }; speedKmh: number; bufferMinutes: number };
    impact: { co2KgPerKm: number };
    invitationWindowDays: number;
    invitationCodeValidDays: number;
    /** Defences of the anonymous booking route. */
    booking: { powDifficulty: number; powTtlSeconds: number; perIpHour: number; perIpDay: number; perContactDay: number };
    joinLinkEarlyMinutes: number;
    eidRegisterCsv?: string;
    jobIntervalMinutes: number;
    outbox: { maxAttempts: number; retryBaseSeconds: number; pollSeconds: number };
    caseSystem:
      | { kind: 'none' }
      | { kind: 'zgw'; baseUrl: string; clientId: string; secret: string; rsin: string; zaaktypen: Record<string, string>; statustypen: Record<string, string> };
    statusPush: { kind: 'none' } | { kind: 'dosis'; url: string; apiKey: string; holderId: string };
    citizenInbox: { kind: 'stored' } | { kind: 'http'; url: string; apiKey: string; senderId: string };
  };
  pdf: {
    /** Unset: the embedded default name (and no municipality prefill). */
    sealName?: string;
    pkcs12Path?: string;
    /** Secret: never logged. */
    pkcs12Password?: string;
    tsaUrl?: string;
    tsaTimeoutMs: number;
    maxPages: number;
  };
}

export interface CitizenLoginSettings {
  issuer: string;
  clientId: string;
  /** Secret: never logged. */
  clientSecret: string;
  redirectUrl: string;
  scope: string;
  nationalNumberClaim: string;
  sessionMinutes: number;
}

export interface ClerkLoginSettings {
  issuer: string;
  clientId: string;
  /** Secret: never logged. */
  clientSecret: string;
  redirectUrl: string;
  scope: string;
  groupsClaim: string;
  /** Which IdP groups give which role. */
  roleGroups: RoleGroups;
  /** The municipality's name on the desk's button; unset: "the municipality". */
  name?: string;
}

function clerkLoginSettings(e: z.infer<typeof EnvSchema>, publicUrl: string): ClerkLoginSettings | undefined {
  if (!e.CLERK_LOGIN_ISSUER) return undefined;
  if (!e.CLERK_LOGIN_SCOPE.split(' ').includes('openid')) throw new ConfigError('CLERK_LOGIN_SCOPE must include openid');
  const groups = (raw: string | undefined) => (raw ?? '').split(',').map((g) => g.trim()).filter(Boolean);
  const roleGroups: RoleGroups = {
    clerk: groups(e.CLERK_LOGIN_GROUPS_CLERK),
    mobile_clerk: groups(e.CLERK_LOGIN_GROUPS_MOBILE_CLERK),
    supervisor: groups(e.CLERK_LOGIN_GROUPS_SUPERVISOR),
    administrator: groups(e.CLERK_LOGIN_GROUPS_ADMINISTRATOR),
  };
  if (Object.values(roleGroups).every((g) => g.length === 0)) throw new ConfigError('CLERK_LOGIN_ISSUER needs at least one CLERK_LOGIN_GROUPS_* (nobody could sign in)');
  return {
    issuer: e.CLERK_LOGIN_ISSUER,
    clientId: required('CLERK_LOGIN_CLIENT_ID', e.CLERK_LOGIN_CLIENT_ID),
    clientSecret: required('CLERK_LOGIN_CLIENT_SECRET', e.CLERK_LOGIN_CLIENT_SECRET),
    redirectUrl: e.CLERK_LOGIN_REDIRECT_URL ?? `${publicUrl}/api/clerk-login/callback`,
    scope: e.CLERK_LOGIN_SCOPE,
    groupsClaim: e.CLERK_LOGIN_GROUPS_CLAIM,
    roleGroups,
    ...(e.CLERK_LOGIN_NAME ? { name: e.CLERK_LOGIN_NAME } : {}),
  };
}

function citizenLoginSettings(e: z.infer<typeof EnvSchema>, publicUrl: string): CitizenLoginSettings | undefined {
  if (!e.CITIZEN_LOGIN_ISSUER) return undefined;
  if (!e.CITIZEN_LOGIN_SCOPE.split(' ').includes('openid')) throw new ConfigError('CITIZEN_LOGIN_SCOPE must include openid');
  return {
    issuer: e.CITIZEN_LOGIN_ISSUER,
    clientId: required('CITIZEN_LOGIN_CLIENT_ID', e.CITIZEN_LOGIN_CLIENT_ID),
    clientSecret: required('CITIZEN_LOGIN_CLIENT_SECRET', e.CITIZEN_LOGIN_CLIENT_SECRET),
    redirectUrl: e.CITIZEN_LOGIN_REDIRECT_URL ?? `${publicUrl}/api/citizen-login/callback`,
    scope: e.CITIZEN_LOGIN_SCOPE,
    nationalNumberClaim: e.CITIZEN_LOGIN_NATIONAL_NUMBER_CLAIM,
    sessionMinutes: e.CITIZEN_LOGIN_SESSION_MINUTES,
  };
}

function jsonMap(name: string, raw: string | undefined): Record<string, string> {
  if (!raw) throw new ConfigError(`${name} is required`);
  try {
    return z.record(z.string(), z.string()).parse(JSON.parse(raw));
  } catch {
    throw new ConfigError(`${name} must be a JSON object of strings`);
  }
}

function required<T>(name: string, value: T | undefined): T {
  if (value === undefined || value === '') throw new ConfigError(`${name} is required`);
  return value;
}

export class ConfigError extends Error {}

const TURN_URL = /^turns?:[^\s,?]+(\?transport=(udp|tcp))?$/;

function turnOptions(e: z.infer<typeof EnvSchema>): Config['turn'] {
  const raw = e.TURN_URLS ?? (e.VIDEOLOKET_MODE === 'embedded' ? embeddedTurnUrls(e.TURN_PORT, e.TURN_TLS_PORT) : 'none');
  if (raw.trim() === 'none') {
    if (e.ICE_TRANSPORT_POLICY === 'relay') throw new ConfigError('ICE_TRANSPORT_POLICY=relay needs TURN (TURN_URLS)');
    return undefined;
  }
  const urls = raw.split(',').map((u) => u.trim()).filter(Boolean);
  const bad = urls.filter((u) => !TURN_URL.test(u));
  if (urls.length === 0 || bad.length) throw new ConfigError(`TURN_URLS: not turn:/turns: URLs: ${bad.join(', ') || raw}`);
  // Production has no generated secret: coturn runs elsewhere with the configured one.
  if (e.VIDEOLOKET_MODE === 'production' && !e.TURN_SECRET) throw new ConfigError('TURN_URLS needs TURN_SECRET (coturn\'s static-auth-secret)');
  return { urls, secret: e.TURN_SECRET, credentialTtlSeconds: e.TURN_CREDENTIAL_TTL_SECONDS };
}

/** The coturn `npm start` runs (scripts/services/coturn.sh): loopback only; TLS by name, as its certificate says. */
function embeddedTurnUrls(port: number, tlsPort: number): string {
  return [`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`, `turns:localhost:${tlsPort}?transport=tcp`].join(',');
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.VIDEOLOKET_MODE === 'production') {
    // No default secrets in production: refuse to start rather than run with a guessable one.
    const missing = [!e.TOKEN_SECRET && 'TOKEN_SECRET', !e.BACKOFFICE_LINK_SECRET && 'BACKOFFICE_LINK_SECRET', !e.PUBLIC_URL && 'PUBLIC_URL', !e.MEDIA_ANNOUNCED_ADDRESS && 'MEDIA_ANNOUNCED_ADDRESS', !e.VIDEOLOKET_DOCUMENT_KEY && 'VIDEOLOKET_DOCUMENT_KEY', !e.VIDEOLOKET_DOWNLOAD_LINK_KEY && 'VIDEOLOKET_DOWNLOAD_LINK_KEY', !e.SEAL_PKCS12 && 'SEAL_PKCS12', !e.PAYMENT_IBAN && 'PAYMENT_IBAN', !e.PAYMENT_BENEFICIARY && 'PAYMENT_BENEFICIARY'].filter(Boolean);
    if (missing.length) throw new ConfigError(`Production mode needs: ${missing.join(', ')}`);
  }
  const repoRoot = path.resolve(import.meta.dirname, '../..');
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    mode: e.VIDEOLOKET_MODE,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    tokenSecret: e.TOKEN_SECRET,
    clerkBootstrapPassword: e.CLERK_BOOTSTRAP_PASSWORD,
    clerkSessionHours: e.CLERK_SESSION_HOURS,
    login: {
      maxFailuresPerAccountAndIp: e.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP,
      maxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      lockoutMaxSeconds: e.LOGIN_LOCKOUT_MAX_MINUTES * 60,
      // scrypt may hold at most a quarter of the pool, so file I/O always has threads.
      maxConcurrentChecks: e.LOGIN_MAX_CONCURRENT_CHECKS ?? Math.max(1, Math.floor(e.UV_THREADPOOL_SIZE / 4)),
      maxQueuedChecks: e.LOGIN_MAX_QUEUED_CHECKS,
    },
    metricsToken: e.METRICS_TOKEN,
    media: {
      workerCount: e.MEDIA_WORKERS ?? os.availableParallelism(),
      listenIp: e.MEDIA_LISTEN_IP,
      announcedAddress: e.MEDIA_ANNOUNCED_ADDRESS,
      port: e.MEDIA_PORT,
    },
    sip: e.SIP_ENABLED ? sipOptions(e) : undefined,
    turn: turnOptions(e),
    iceTransportPolicy: e.ICE_TRANSPORT_POLICY,
    trustProxy: e.TRUST_PROXY,
    citizenLogin: citizenLoginSettings(e, publicUrl),
    clerkLogin: clerkLoginSettings(e, publicUrl),
    callIdleMinutes: e.CALL_IDLE_MINUTES,
    redis: e.REDIS_URL ? { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX } : undefined,
    limits: {
      maxWaitingSeatsPerLink: e.CALL_MAX_WAITING_PER_LINK,
      maxWaitingSeatsPerAddress: e.CALL_MAX_WAITING_PER_ADDRESS,
      maxSocketsPerLink: e.SOCKET_MAX_PER_LINK,
      maxSocketsPerAddress: e.SOCKET_MAX_PER_ADDRESS,
    },
    backoffice: {
      databaseUrl: e.DATABASE_URL,
      seed: e.BACKOFFICE_SEED ?? e.VIDEOLOKET_MODE === 'embedded',
      linkSecret: e.BACKOFFICE_LINK_SECRET,
      timeZone: e.TIME_ZONE,
      smtp: e.SMTP_HOST
        ? { host: e.SMTP_HOST, port: e.SMTP_PORT, secure: e.SMTP_SECURE, user: e.SMTP_USER, password: e.SMTP_PASSWORD }
        : undefined,
      mailFrom: e.MAIL_FROM,
      bankAccount: e.PAYMENT_IBAN
        ? { beneficiary: e.PAYMENT_BENEFICIARY ?? e.SEAL_NAME ?? 'Videoloket', iban: e.PAYMENT_IBAN, ...(e.PAYMENT_BIC ? { bic: e.PAYMENT_BIC } : {}) }
        : DEMO_BANK_ACCOUNT,
      mobile: { depot: { lat: e.MOBILE_DEPOT_LAT, lon: e.MOBILE_DEPOT_LON }, speedKmh: e.MOBILE_SPEED_KMH, bufferMinutes: e.MOBILE_BUFFER_MINUTES },
      impact: { co2KgPerKm: e.IMPACT_CO2_KG_PER_KM },
      invitationWindowDays: e.INVITATION_WINDOW_DAYS,
      invitationCodeValidDays: e.INVITATION_CODE_VALID_DAYS,
      booking: {
        powDifficulty: e.BOOKING_POW_DIFFICULTY,
        powTtlSeconds: e.BOOKING_POW_TTL_SECONDS,
        perIpHour: e.BOOKING_LIMIT_PER_IP_HOUR,
        perIpDay: e.BOOKING_LIMIT_PER_IP_DAY,
        perContactDay: e.BOOKING_LIMIT_PER_CONTACT_DAY,
      },
      joinLinkEarlyMinutes: e.JOIN_LINK_EARLY_MINUTES,
      eidRegisterCsv: e.EID_REGISTER_CSV,
      jobIntervalMinutes: e.JOB_INTERVAL_MINUTES,
      outbox: { maxAttempts: e.OUTBOX_MAX_ATTEMPTS, retryBaseSeconds: e.OUTBOX_RETRY_BASE_SECONDS, pollSeconds: e.OUTBOX_POLL_SECONDS },
      caseSystem:
        e.CASE_SYSTEM === 'zgw'
          ? {
              kind: 'zgw',
              baseUrl: required('ZGW_BASE_URL', e.ZGW_BASE_URL),
              clientId: required('ZGW_CLIENT_ID', e.ZGW_CLIENT_ID),
              secret: required('ZGW_SECRET', e.ZGW_SECRET),
              rsin: required('ZGW_RSIN', e.ZGW_RSIN),
              zaaktypen: jsonMap('ZGW_ZAAKTYPEN', e.ZGW_ZAAKTYPEN),
              statustypen: jsonMap('ZGW_STATUSTYPEN', e.ZGW_STATUSTYPEN),
            }
          : { kind: 'none' },
      statusPush:
        e.STATUS_PUSH === 'dosis'
          ? { kind: 'dosis', url: required('DOSIS_URL', e.DOSIS_URL), apiKey: required('DOSIS_API_KEY', e.DOSIS_API_KEY), holderId: required('DOSIS_HOLDER_ID', e.DOSIS_HOLDER_ID) }
          : { kind: 'none' },
      citizenInbox:
        e.CITIZEN_INBOX === 'http'
          ? {
              kind: 'http',
              url: required('CITIZEN_INBOX_URL', e.CITIZEN_INBOX_URL),
              apiKey: required('CITIZEN_INBOX_API_KEY', e.CITIZEN_INBOX_API_KEY),
              senderId: required('CITIZEN_INBOX_SENDER_ID', e.CITIZEN_INBOX_SENDER_ID),
            }
          : { kind: 'stored' },
    },
    documents: {
      store:
        e.VIDEOLOKET_STORAGE_BACKEND === 's3'
          ? {
              kind: 's3',
              endpoint: required('S3_ENDPOINT', e.S3_ENDPOINT),
              region: e.S3_REGION,
              accessKey: required('S3_ACCESS_KEY', e.S3_ACCESS_KEY),
              secretKey: required('S3_SECRET_KEY', e.S3_SECRET_KEY),
              bucket: required('S3_BUCKET', e.S3_BUCKET),
            }
          : { kind: 'local', directory: path.resolve(e.VIDEOLOKET_STORAGE_DIR ?? path.join(e.DATA_DIR, 'documents')) },
      clamd: { ...(e.CLAMD_SOCKET ? { socket: e.CLAMD_SOCKET } : {}), host: e.CLAMD_HOST, port: e.CLAMD_PORT },
      encryptionKey: e.VIDEOLOKET_DOCUMENT_KEY,
      linkSigningKey: e.VIDEOLOKET_DOWNLOAD_LINK_KEY,
      maxFileBytes: e.VIDEOLOKET_UPLOAD_MAX_FILE_MB * 1024 * 1024,
      maxCallBytes: e.VIDEOLOKET_UPLOAD_MAX_CALL_MB * 1024 * 1024,
      maxRefusedRecordsPerSeat: e.VIDEOLOKET_UPLOAD_MAX_REFUSED_RECORDS,
      uploadExpiryMs: e.VIDEOLOKET_UPLOAD_EXPIRY_HOURS * 3600_000,
      retentionMs: e.VIDEOLOKET_DOCUMENT_RETENTION_DAYS * 86_400_000,
      downloadLinkTtlMs: e.VIDEOLOKET_DOWNLOAD_LINK_TTL_SECONDS * 1000,
      spoolDirectory: path.resolve(e.VIDEOLOKET_UPLOAD_SPOOL_DIR ?? path.join(e.DATA_DIR, 'upload-spool')),
      maxChecksumSpoolsPerSeat: e.VIDEOLOKET_UPLOAD_SPOOLS_PER_SEAT,
      maxCheckedBytes: e.VIDEOLOKET_UPLOAD_MAX_CHECKED_MB * 1024 * 1024,
      zipMaxEntries: e.VIDEOLOKET_ZIP_MAX_ENTRIES,
      zipMaxUncompressedBytes: e.VIDEOLOKET_ZIP_MAX_EXPANDED_MB * 1024 * 1024,
      zipMaxRatio: e.VIDEOLOKET_ZIP_MAX_RATIO,
    },
    webRoots: { desk: path.join(repoRoot, 'desk-web/dist'), citizen: path.join(repoRoot, 'citizen-web/dist') },
    pdf: {
      sealName: e.SEAL_NAME,
      pkcs12Path: e.SEAL_PKCS12 ? path.resolve(e.SEAL_PKCS12) : undefined,
      pkcs12Password: e.SEAL_PKCS12_PASSWORD,
      tsaUrl: e.TSA_URL,
      tsaTimeoutMs: e.TSA_TIMEOUT_MS,
      maxPages: e.PDF_MAX_PAGES,
    },
  };
}

/** SIP_* → the bridge's options object; unset values take sip-bridge's defaults. */
function sipOptions(e: z.infer<typeof EnvSchema>): SipBridgeOptions {
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return defined({
    listenIp: e.SIP_LISTEN_IP,
    port: e.SIP_PORT,
    publicHost: e.SIP_PUBLIC_HOST,
    rtpListenIp: e.SIP_RTP_LISTEN_IP,
    rtpAnnouncedIp: e.SIP_RTP_ANNOUNCED_IP,
    rtpPortMin: e.SIP_RTP_PORT_MIN,
    rtpPortMax: e.SIP_RTP_PORT_MAX,
    sfuIp: e.SIP_SFU_IP,
    trunk: e.SIP_TRUNK_PROXY
      ? defined({
          proxy: e.SIP_TRUNK_PROXY,
          username: e.SIP_TRUNK_USERNAME,
          password: e.SIP_TRUNK_PASSWORD,
          fromUri: e.SIP_TRUNK_FROM_URI,
          transport: e.SIP_TRUNK_TRANSPORT,
          register: e.SIP_TRUNK_REGISTER,
          domain: e.SIP_TRUNK_DOMAIN,
          registerExpiresS: e.SIP_TRUNK_REGISTER_EXPIRES_S,
        })
      : undefined,
    tls:
      e.SIP_TLS_CERT_FILE && e.SIP_TLS_KEY_FILE
        ? defined({ certFile: e.SIP_TLS_CERT_FILE, keyFile: e.SIP_TLS_KEY_FILE, caFile: e.SIP_TLS_CA_FILE, port: e.SIP_TLS_PORT })
        : undefined,
    srtp: e.SIP_SRTP,
    sessionExpiresS: e.SIP_SESSION_EXPIRES_S,
    maxInvitesPerSource: e.SIP_MAX_INVITES_PER_SOURCE,
    dialAllow: e.SIP_DIAL_ALLOW,
    ringTimeoutMs: e.SIP_RING_TIMEOUT_MS,
    pinLength: e.SIP_PIN_LENGTH,
    pinTimeoutMs: e.SIP_PIN_TIMEOUT_MS,
    maxPinAttempts: e.SIP_MAX_PIN_ATTEMPTS,
    maxFailuresPerSource: e.SIP_MAX_FAILURES_PER_SOURCE,
    mediaTimeoutMs: e.SIP_MEDIA_TIMEOUT_MS,
    maxLegsPerCall: e.SIP_MAX_LEGS_PER_CALL,
  }) as SipBridgeOptions;
}

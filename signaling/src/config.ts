import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

// The one place that reads process.env. Every setting is validated at start-up;
// defaults are the embedded ones `npm start` runs on. README's configuration table
// lists the same names.

// 0 lets the OS pick a free port (tests).
const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const EnvSchema = z.object({
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
  MEDIA_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  MEDIA_LISTEN_IP: z.string().default('0.0.0.0'),
  /** The address browsers reach the media ports on (public IP or DNS name). */
  MEDIA_ANNOUNCED_ADDRESS: z.string().optional(),
  /** First of the fixed media ports: worker i listens on MEDIA_PORT + i, UDP and TCP. */
  MEDIA_PORT: port.default(40000),
  TRUST_PROXY: bool.default(false),
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
  media: {
    workerCount: number;
    listenIp: string;
    announcedAddress?: string;
    port: number;
  };
  trustProxy: boolean;
  webRoots: { desk: string; citizen: string };
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.VIDEOLOKET_MODE === 'production') {
    // No default secrets in production: refuse to start rather than run with a guessable one.
    const missing = [!e.TOKEN_SECRET && 'TOKEN_SECRET', !e.PUBLIC_URL && 'PUBLIC_URL', !e.MEDIA_ANNOUNCED_ADDRESS && 'MEDIA_ANNOUNCED_ADDRESS'].filter(Boolean);
    if (missing.length) throw new ConfigError(`Production mode needs: ${missing.join(', ')}`);
  }
  const repoRoot = path.resolve(import.meta.dirname, '../..');
  return {
    mode: e.VIDEOLOKET_MODE,
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    tokenSecret: e.TOKEN_SECRET,
    clerkBootstrapPassword: e.CLERK_BOOTSTRAP_PASSWORD,
    clerkSessionHours: e.CLERK_SESSION_HOURS,
    media: {
      workerCount: e.MEDIA_WORKERS ?? os.availableParallelism(),
      listenIp: e.MEDIA_LISTEN_IP,
      announcedAddress: e.MEDIA_ANNOUNCED_ADDRESS,
      port: e.MEDIA_PORT,
    },
    trustProxy: e.TRUST_PROXY,
    webRoots: { desk: path.join(repoRoot, 'desk-web/dist'), citizen: path.join(repoRoot, 'citizen-web/dist') },
  };
}

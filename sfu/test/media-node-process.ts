import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

// A media node as its own process (sfu/src/node/main.ts through tsx's loader, one process:
// SIGTERM and SIGKILL reach the node itself), in a process group of its own with its
// mediasoup workers, so a test can end all of it.

const REPO = path.resolve(import.meta.dirname, '../..');

export interface MediaNodeProcess {
  nodeId: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal) when the process has exited. */
  exited: Promise<number | string>;
  /** SIGKILL to the node process alone, as a crash would. */
  crash(): void;
  /** SIGKILL to the whole group (node and workers); safe to call twice. For afterAll. */
  kill(): void;
}

export function startMediaNodeProcess(options: { redisUrl: string; prefix: string; nodeId: string; heartbeatMs: number }): MediaNodeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sfu/src/node/main.ts'], {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      REDIS_URL: options.redisUrl,
      REDIS_KEY_PREFIX: options.prefix,
      MEDIA_NODE_ID: options.nodeId,
      MEDIA_NODE_HEARTBEAT_MS: String(options.heartbeatMs),
      MEDIA_WORKERS: '1',
      MEDIA_LISTEN_IP: '127.0.0.1',
      MEDIA_PORT: '0',
      MEDIA_RTC_MIN_PORT: '20000',
      MEDIA_RTC_MAX_PORT: '29999',
      LOG_LEVEL: 'warn',
    },
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => process.stderr.write(`[${options.nodeId}] ${d}`));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'exited')));
  const pid = child.pid;
  return {
    nodeId: options.nodeId,
    child,
    exited,
    crash: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    kill: () => {
      if (pid === undefined) return;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    },
  };
}

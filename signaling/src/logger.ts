import { pino, type Logger } from 'pino';

// Secrets never reach the logs: tokens, passwords and authorisation headers are redacted
// wherever they appear in a logged object.
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'videoloket' },
    redact: {
      paths: ['*.token', '*.password', '*.authorization', 'req.headers.authorization', 'token', 'password', '*.resumeKey', 'resumeKey', '*.credential', 'credential', '*.secret', 'secret'],
      censor: '[redacted]',
    },
  });
}
export type { Logger };

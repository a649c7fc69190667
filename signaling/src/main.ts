import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startVideoloket } from './app';
import { watchUnhandledRejections } from './metrics';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const app = await startVideoloket(config, logger);
  watchUnhandledRejections(app.metrics, logger);

  const lines = [
    '',
    `  Videoloket ready (${config.mode} mode, ${config.media.workerCount} media worker(s), data in ${config.dataDir})`,
    `  Desk for clerks:  ${config.publicUrl}/desk/`,
    '  Citizen links are made in the desk: "New call", then copy the link.',
  ];
  if (app.bootstrap) {
    lines.push(
      `  First start: clerk account "${app.bootstrap.username}" created.`,
      config.clerkBootstrapPassword
        ? '  Its password is the configured CLERK_BOOTSTRAP_PASSWORD.'
        : `  Its password, shown only now: ${app.bootstrap.password}`,
    );
  }
  console.log(lines.join('\n') + '\n');

  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(err instanceof ConfigError ? 2 : 1);
});

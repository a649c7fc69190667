import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { CallRegistry } from './call/CallRegistry';

/** Prometheus metrics of this process (GET /metrics). */
export function createMetrics(registry: CallRegistry): Registry {
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics, prefix: 'videoloket_' });
  new Gauge({
    name: 'videoloket_calls_open',
    help: 'Calls currently open',
    registers: [metrics],
    collect() {
      this.set(registry.list().length);
    },
  });
  new Gauge({
    name: 'videoloket_participants',
    help: 'Participants in open calls, by status',
    labelNames: ['status'],
    registers: [metrics],
    collect() {
      let waiting = 0;
      let admitted = 0;
      for (const s of registry.list()) {
        const sum = s.summary();
        waiting += sum.waiting;
        admitted += sum.admitted;
      }
      this.set({ status: 'waiting' }, waiting);
      this.set({ status: 'admitted' }, admitted);
    },
  });
  return metrics;
}

export function httpRequestCounter(metrics: Registry): Counter<'method' | 'status'> {
  return new Counter({ name: 'videoloket_http_requests_total', help: 'HTTP requests', labelNames: ['method', 'status'], registers: [metrics] });
}

/**
 * A promise rejected with nobody to catch it is a bug, but not one that may end every call
 * of the process (Node's default): it is logged and counted (alert on the counter) instead.
 * Returns the uninstaller.
 */
export function watchUnhandledRejections(metrics: Registry, logger: Logger, target: Pick<NodeJS.Process, 'on' | 'off'> = process): () => void {
  const counter = new Counter({ name: 'videoloket_unhandled_rejections_total', help: 'Promise rejections nobody handled (bugs; logged)', registers: [metrics] });
  const onRejection = (reason: unknown) => {
    counter.inc();
    logger.error({ err: reason }, 'unhandled promise rejection');
  };
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('unhandledRejection', onRejection);
  };
}

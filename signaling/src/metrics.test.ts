import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { watchUnhandledRejections } from './metrics';

describe('watchUnhandledRejections', () => {
  it('logs and counts a rejection nobody handled instead of letting it end the process', async () => {
    const metrics = new Registry();
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
    const proc = new EventEmitter();
    const stop = watchUnhandledRejections(metrics, logger, proc as unknown as NodeJS.Process);

    proc.emit('unhandledRejection', new Error('database went away'), Promise.resolve());
    proc.emit('unhandledRejection', 'a string', Promise.resolve());

    expect(await metrics.getSingleMetricAsString('videoloket_unhandled_rejections_total')).toMatch(/videoloket_unhandled_rejections_total 2$/m);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'unhandled promise rejection', err: { message: 'database went away' } });

    stop();
    expect(proc.listenerCount('unhandledRejection')).toBe(0);
  });
});

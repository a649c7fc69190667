import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERTS } from './alerts-store';
import { WaitingAlerts, type AlertOutputs, type Arrival } from './WaitingAlerts';

function outputs(over: Partial<AlertOutputs> = {}) {
  const log = { knocks: 0, notified: [] as string[] };
  const out: AlertOutputs = {
    knock: () => void log.knocks++,
    inBackground: () => true,
    permission: () => 'granted',
    notify: (a) => void log.notified.push(a.id),
    ...over,
  };
  return { out, log };
}

const an: Arrival = { id: 'p1', name: 'An', call: 'Rijbewijs' };
const jan: Arrival = { id: 'p2', name: 'Jan', call: 'Rijbewijs' };

describe('WaitingAlerts', () => {
  it('the first list is the baseline; each newcomer knocks once and is notified once while the desk is in the background', () => {
    const { out, log } = outputs();
    const alerts = new WaitingAlerts(out);
    expect(alerts.update([an], DEFAULT_ALERTS)).toEqual([]);
    expect(log).toEqual({ knocks: 0, notified: [] });
    expect(alerts.update([an, jan], DEFAULT_ALERTS)).toEqual([jan]);
    alerts.update([an, jan], DEFAULT_ALERTS);
    expect(log).toEqual({ knocks: 1, notified: ['p2'] });
  });

  it('someone who left and comes back with a new seat knocks again', () => {
    const { out, log } = outputs();
    const alerts = new WaitingAlerts(out);
    alerts.update([], DEFAULT_ALERTS);
    alerts.update([an], DEFAULT_ALERTS);
    alerts.update([], DEFAULT_ALERTS);
    alerts.update([an], DEFAULT_ALERTS);
    expect(log.knocks).toBe(2);
  });

  it('in the foreground: the knock only', () => {
    const { out, log } = outputs({ inBackground: () => false });
    const alerts = new WaitingAlerts(out);
    alerts.update([], DEFAULT_ALERTS);
    alerts.update([an], DEFAULT_ALERTS);
    expect(log).toEqual({ knocks: 1, notified: [] });
  });

  it('no notification without the browser’s permission or with the switch off; no knock with the sound off', () => {
    for (const permission of ['default', 'denied', 'unsupported'] as const) {
      const { out, log } = outputs({ permission: () => permission });
      const alerts = new WaitingAlerts(out);
      alerts.update([], DEFAULT_ALERTS);
      alerts.update([an], DEFAULT_ALERTS);
      expect(log.notified, permission).toEqual([]);
    }
    const { out, log } = outputs();
    const alerts = new WaitingAlerts(out);
    alerts.update([], DEFAULT_ALERTS);
    alerts.update([an], { sound: false, notifications: false });
    expect(log).toEqual({ knocks: 0, notified: [] });
  });
});

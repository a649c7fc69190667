import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ICE_BACKOFF_WINDOW_MS, listenToBrowserNetwork, NETWORK_PROBE_TIMEOUT_MS, NETWORK_SETTLE_MS, NetworkWatch, type NetworkRecovery, type NetworkWatchActions } from './network-watch';

// What the browser does when the network under a call changes (issue 16, "network switch").

function fakeSession(init: { connected?: boolean; media?: boolean; answers?: boolean } = {}) {
  const state = { connected: init.connected ?? true, media: init.media ?? true, answers: init.answers ?? true };
  const calls: string[] = [];
  const actions: NetworkWatchActions = {
    socketConnected: () => state.connected,
    hasMedia: () => state.media,
    restartIce: vi.fn(async (timeoutMs: number) => {
      calls.push(`restartIce(${timeoutMs})`);
      // A live server answers at once; a dead socket never does, the request times out.
      const answers = state.answers;
      if (!answers) await new Promise((resolve) => setTimeout(resolve, timeoutMs));
      return answers;
    }),
    redialSocket: vi.fn(() => void calls.push('redial')),
  };
  const recoveries: NetworkRecovery[] = [];
  const watch = new NetworkWatch(actions, {}, (what) => recoveries.push(what));
  return { state, calls, watch, recoveries };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('NetworkWatch', () => {
  it('a new network with a live socket: ICE restarts on both transports, once for a burst of events', async () => {
    const { watch, calls, recoveries } = fakeSession();
    // Chromium fires several events per change: connection change twice, then online.
    watch.signal('connection-change');
    watch.signal('connection-change');
    watch.signal('online');
    await vi.advanceTimersByTimeAsync(NETWORK_SETTLE_MS - 1);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([`restartIce(${NETWORK_PROBE_TIMEOUT_MS})`]);
    expect(recoveries).toEqual(['ice-restarted']);
  });

  it('a new network with a dead socket: redials as soon as the ICE restart goes unanswered', async () => {
    const { watch, calls, recoveries } = fakeSession({ answers: false });
    watch.signal('ice-disconnected');
    await vi.advanceTimersByTimeAsync(NETWORK_SETTLE_MS + NETWORK_PROBE_TIMEOUT_MS - 1);
    expect(calls).toEqual([`restartIce(${NETWORK_PROBE_TIMEOUT_MS})`]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([`restartIce(${NETWORK_PROBE_TIMEOUT_MS})`, 'redial']);
    expect(recoveries).toEqual(['redialled']);
  });

  it('a socket Socket.IO already knows is down is dialled again at once, without probing', async () => {
    const { watch, calls } = fakeSession({ connected: false });
    watch.signal('online');
    await vi.advanceTimersByTimeAsync(NETWORK_SETTLE_MS);
    expect(calls).toEqual(['redial']);
  });

  it('offline waits for online: nothing can be done without a network', async () => {
    const { watch, calls } = fakeSession({ answers: false });
    watch.signal('connection-change');
    watch.signal('offline'); // cancels what was about to run
    watch.signal('ice-disconnected');
    watch.signal('connection-change');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual([]);
    watch.signal('online');
    await vi.advanceTimersByTimeAsync(NETWORK_SETTLE_MS + NETWORK_PROBE_TIMEOUT_MS);
    expect(calls).toEqual([`restartIce(${NETWORK_PROBE_TIMEOUT_MS})`, 'redial']);
  });

  it('in the waiting room (no media) a live socket is left alone', async () => {
    const { watch, calls } = fakeSession({ media: false });
    watch.signal('connection-change');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toEqual([]);
  });

  it('a change during a recovery runs one more recovery after it, not one per event', async () => {
    const { watch, calls, state } = fakeSession({ answers: false });
    watch.signal('online');
    await vi.advanceTimersByTimeAsync(NETWORK_SETTLE_MS + 10);
    // The network changes again while the first probe waits.
    state.answers = true;
    watch.signal('connection-change');
    watch.signal('ice-failed');
    await vi.advanceTimersByTimeAsync(NETWORK_PROBE_TIMEOUT_MS + NETWORK_SETTLE_MS);
    expect(calls).toEqual([`restartIce(${NETWORK_PROBE_TIMEOUT_MS})`, 'redial', `restartIce(${NETWORK_PROBE_TIMEOUT_MS})`]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(3);
  });

  it('ICE trouble that keeps coming backs off (doubling, at most 10 s); a network event starts afresh', async () => {
    const { watch, calls } = fakeSession();
    const restartsAfter = async (signal: 'ice-failed' | 'online', waitMs: number) => {
      const before = calls.length;
      watch.signal(signal);
      await vi.advanceTimersByTimeAsync(waitMs - 1);
      expect(calls.length, `${signal} restarted before ${waitMs} ms`).toBe(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls.length, `${signal} did not restart after ${waitMs} ms`).toBe(before + 1);
    };
    // A path that stays dead: 150 ms, then 300, 600, … up to 10 s between restarts.
    for (const wait of [150, 300, 600, 1200, 2400, 4800, 9600, 10_000, 10_000]) await restartsAfter('ice-failed', wait);
    // The phone found a new network: at once again, and the back-off starts over.
    await restartsAfter('online', NETWORK_SETTLE_MS);
    await restartsAfter('ice-failed', 150);
    await restartsAfter('ice-failed', 300);
    // Half a minute of quiet forgets the trouble.
    await vi.advanceTimersByTimeAsync(ICE_BACKOFF_WINDOW_MS);
    await restartsAfter('ice-failed', 150);
  });

  it('does nothing once closed', async () => {
    const { watch, calls } = fakeSession({ connected: false });
    watch.signal('online');
    watch.close();
    watch.signal('online');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual([]);
  });
});

describe('listenToBrowserNetwork', () => {
  it('feeds online, offline and navigator.connection changes into the watch, until stopped', () => {
    const win = new EventTarget();
    const connection = new EventTarget();
    const watch = { signal: vi.fn() } as unknown as NetworkWatch;
    const stop = listenToBrowserNetwork(watch, win, connection);
    win.dispatchEvent(new Event('offline'));
    connection.dispatchEvent(new Event('change'));
    win.dispatchEvent(new Event('online'));
    expect(vi.mocked(watch.signal).mock.calls.map((c) => c[0])).toEqual(['offline', 'connection-change', 'online']);
    stop();
    win.dispatchEvent(new Event('online'));
    connection.dispatchEvent(new Event('change'));
    expect(watch.signal).toHaveBeenCalledTimes(3);
  });

  it('outside a browser (no window) it listens to nothing', () => {
    const watch = { signal: vi.fn() } as unknown as NetworkWatch;
    expect(() => listenToBrowserNetwork(watch, undefined, undefined)()).not.toThrow();
  });
});

// Notices that the network under a call changed or died (a phone moving from Wi-Fi to 4G, a
// train between cells) and decides what to do, within about a second instead of Socket.IO's
// ping timeout (docs/call-protocol.md, "Network changes"). The page's signals come in as
// `signal(...)`; the actions (restart ICE, redial the socket) are the call session's.
//
// A new address kills every connection of the old one: the media path (ICE) and the
// signalling socket (TCP) alike, and neither side hears about it until a timeout. So:
//   - the browser says the network changed (`online`, `navigator.connection` change) or a
//     transport's ICE went `disconnected`/`failed` (consent checks unanswered);
//   - after a short settle (browsers fire several events per change) the session restarts
//     ICE on both transports: that request doubles as a probe of the socket;
//   - answered in time: the socket lives and ICE finds the new path (mediasoup accepts the
//     browser's new address once its checks carry the new credentials);
//   - not answered: the socket is as dead as the old address; redial at once, without waiting
//     for Socket.IO's backoff or ping timeout (the seat resumes with its key, media is rebuilt).
// `offline` does nothing by itself: nothing can be done without a network; `online` follows.
// ICE trouble alone (no network event) backs off: each recovery it caused in the last 30 s
// doubles the wait before the next (up to 10 s), so a path that stays dead (a firewall, a
// TURN server down) is not restarted several times a second for ever. A network event starts
// afresh.

export type NetworkSignal = 'online' | 'offline' | 'connection-change' | 'ice-disconnected' | 'ice-failed';

export interface NetworkWatchActions {
  /** Whether Socket.IO believes the signalling connection is up. */
  socketConnected(): boolean;
  /** Whether the session has media transports (admitted, media started). */
  hasMedia(): boolean;
  /** Restarts ICE on both transports; resolves true when the server answered within `timeoutMs`, false when it did not. */
  restartIce(timeoutMs: number): Promise<boolean>;
  /** Drops the signalling connection and dials again now. */
  redialSocket(): void;
}

export interface NetworkWatchOptions {
  /** Signals this close together are one change. */
  settleMs?: number;
  /** How long the server may take to answer the ICE restart before the socket counts as dead. */
  probeTimeoutMs?: number;
}

export const NETWORK_SETTLE_MS = 150;
/** ICE trouble that keeps coming: recoveries in this window double the wait… */
export const ICE_BACKOFF_WINDOW_MS = 30_000;
/** …up to this. */
export const ICE_BACKOFF_MAX_MS = 10_000;
/** A live socket answers in one round trip (≤ 300 ms on 4G); a busy server gets a few times that. */
export const NETWORK_PROBE_TIMEOUT_MS = 1500;

export type NetworkRecovery = 'redialled' | 'ice-restarted';

export class NetworkWatch {
  private settleTimer?: ReturnType<typeof setTimeout>;
  private running = false;
  /** A signal came while a recovery ran: run once more after it (the network changed again, or only ICE). */
  private again: NetworkSignal | undefined;
  /** When the recoveries ICE trouble alone caused started (for the back-off). */
  private iceRecoveries: number[] = [];
  private offline = false;
  private closed = false;
  private readonly settleMs: number;
  private readonly probeTimeoutMs: number;

  constructor(
    private readonly actions: NetworkWatchActions,
    options: NetworkWatchOptions = {},
    /** Told what each recovery did (tests, debug marks). */
    private readonly onRecovery?: (what: NetworkRecovery) => void,
  ) {
    this.settleMs = options.settleMs ?? NETWORK_SETTLE_MS;
    this.probeTimeoutMs = options.probeTimeoutMs ?? NETWORK_PROBE_TIMEOUT_MS;
  }

  signal(kind: NetworkSignal): void {
    if (this.closed) return;
    if (kind === 'offline') {
      this.offline = true;
      clearTimeout(this.settleTimer);
      this.settleTimer = undefined;
      return;
    }
    if (kind === 'online') this.offline = false;
    if (this.offline) return;
    const iceOnly = kind === 'ice-disconnected' || kind === 'ice-failed';
    if (this.running) {
      // A network event outranks ICE trouble: it resets the back-off.
      if (!this.again || !iceOnly) this.again = kind;
      return;
    }
    if (!iceOnly) this.iceRecoveries = [];
    const now = Date.now();
    this.iceRecoveries = this.iceRecoveries.filter((at) => now - at < ICE_BACKOFF_WINDOW_MS);
    const wait = iceOnly ? Math.min(this.settleMs * 2 ** this.iceRecoveries.length, ICE_BACKOFF_MAX_MS) : this.settleMs;
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      if (iceOnly) this.iceRecoveries.push(Date.now());
      void this.recover();
    }, wait);
  }

  private async recover(): Promise<void> {
    if (this.closed || this.offline) return;
    this.running = true;
    try {
      if (!this.actions.socketConnected()) {
        // Socket.IO already knows and is waiting out its backoff: the network is back, dial now.
        this.redial();
      } else if (this.actions.hasMedia()) {
        if (await this.actions.restartIce(this.probeTimeoutMs)) this.onRecovery?.('ice-restarted');
        else if (!this.closed) this.redial();
      }
      // Connected without media (the waiting room): nothing to restart; the ping timeout covers it.
    } finally {
      this.running = false;
    }
    const again = this.again;
    this.again = undefined;
    if (again && !this.closed) this.signal(again);
  }

  private redial(): void {
    this.actions.redialSocket();
    this.onRecovery?.('redialled');
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.settleTimer);
  }
}

/** The browser's own network signals, fed into `watch`; returns the function that stops listening. */
export function listenToBrowserNetwork(
  watch: NetworkWatch,
  target: EventTarget | undefined = browserWindow(),
  connection: EventTarget | undefined = browserConnection(),
): () => void {
  if (!target) return () => undefined; // not in a browser (unit tests of the session)
  const online = () => watch.signal('online');
  const offline = () => watch.signal('offline');
  const change = () => watch.signal('connection-change');
  target.addEventListener('online', online);
  target.addEventListener('offline', offline);
  connection?.addEventListener('change', change);
  return () => {
    target.removeEventListener('online', online);
    target.removeEventListener('offline', offline);
    connection?.removeEventListener('change', change);
  };
}

function browserWindow(): EventTarget | undefined {
  const g = globalThis as { addEventListener?: unknown };
  return typeof g.addEventListener === 'function' ? (globalThis as unknown as EventTarget) : undefined;
}

/** `navigator.connection` (Network Information API): Chromium and Android have it, Firefox and Safari do not. */
function browserConnection(): EventTarget | undefined {
  const nav = (globalThis as { navigator?: { connection?: unknown } }).navigator;
  const connection = nav?.connection;
  return connection && typeof (connection as EventTarget).addEventListener === 'function' ? (connection as EventTarget) : undefined;
}

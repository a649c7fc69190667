import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  ClientRequestName,
  ClientRequests,
  ClientToServerEvents,
  PayloadOf,
  RequestOf,
  ResponseOf,
  ServerPushName,
  ServerPushes,
  ServerToClientEvents,
} from '@videoloket/contracts';
import { RequestError, RequestTimeoutError } from './errors';

// A typed Socket.IO client: every request is a promise that resolves with the ack's data
// or rejects with a RequestError carrying the server's code (docs/call-protocol.md,
// "Requests and acknowledgements").

export type RawSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface CallSocketOptions {
  /** Origin of the server; defaults to the page's own origin. */
  url?: string;
  /** `auth.token` (link token or clerk token) and, for clerks, `auth.callId`. */
  auth: { token: string; callId?: string };
  /** How long to wait for an ack before rejecting with RequestTimeoutError. */
  requestTimeoutMs?: number;
}

export class CallSocket {
  readonly raw: RawSocket;
  private readonly timeoutMs: number;

  constructor(options: CallSocketOptions) {
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    const opts = {
      path: '/socket.io/',
      auth: options.auth,
      // Start on WebSocket: one round trip less than polling-then-upgrade, which matters
      // for the join time. Polling stays as the fallback for proxies that block WebSocket.
      transports: ['websocket', 'polling'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
      autoConnect: false,
    };
    this.raw = (options.url ? io(options.url, opts) : io(opts)) as RawSocket;
  }

  connect(): void {
    this.raw.connect();
  }

  get connected(): boolean {
    return this.raw.connected;
  }

  /** Sends one request and waits for its acknowledgement (`timeoutMs`: this request's own deadline). */
  request<E extends ClientRequestName>(event: E, payload: RequestOf<ClientRequests[E]>, options: { timeoutMs?: number } = {}): Promise<ResponseOf<ClientRequests[E]>> {
    type Res = ResponseOf<ClientRequests[E]>;
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    return new Promise<Res>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RequestTimeoutError(event, timeoutMs)), timeoutMs);
      const ack = (res: Ack<Res>) => {
        clearTimeout(timer);
        if (res && res.ok) resolve(res.data);
        else if (res && res.ok === false && res.error) reject(new RequestError(event, res.error));
        else reject(new RequestError(event, { code: 'INTERNAL', message: 'Malformed acknowledgement' }));
      };
      // Socket.IO's typed emit cannot follow a generic event name through the mapped type.
      (this.raw.emit as (ev: string, p: unknown, cb: (res: Ack<Res>) => void) => void)(event, payload, ack);
    });
  }

  /** Subscribes to a server push; returns the unsubscribe function. */
  on<E extends ServerPushName>(event: E, handler: (payload: PayloadOf<ServerPushes[E]>) => void): () => void {
    const raw = this.raw as unknown as { on(ev: string, h: (p: unknown) => void): void; off(ev: string, h: (p: unknown) => void): void };
    const h = handler as (p: unknown) => void;
    raw.on(event, h);
    return () => raw.off(event, h);
  }

  /** Drops the connection and dials again at once, skipping Socket.IO's backoff (a new network: the old connection is dead). */
  redial(): void {
    this.raw.disconnect();
    this.raw.connect();
  }

  close(): void {
    this.raw.removeAllListeners();
    this.raw.disconnect();
  }
}

import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A real HTTP receiver on loopback standing in for the case system and the status push: it
// processes each Idempotency-Key once (a repeat is answered like the first, not processed
// again), can be taken down and brought back up on its port, and can hold its answers (a
// sender that dies while waiting for one).

export interface ReceivedRequest {
  path: string;
  key: string | undefined;
  body: Record<string, unknown>;
}

export interface HttpReceiver {
  readonly base: string;
  /** Every request that reached it, repeats included. */
  readonly requests: ReceivedRequest[];
  /** What it processed: one entry per idempotency key, in the order processed. */
  readonly processed: ReceivedRequest[];
  /** While true, requests are processed but not answered until `release()`. */
  hold: boolean;
  release(): void;
  /** Resolves once `n` requests have reached it. */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  down(): Promise<void>;
  up(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const processed: ReceivedRequest[] = [];
  const answers = new Map<string, string>();
  const held: (() => void)[] = [];
  let port = 0;
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
      const seen: ReceivedRequest = { path: req.url!, key, body: data ? (JSON.parse(data) as Record<string, unknown>) : {} };
      requests.push(seen);
      let answer = key ? answers.get(key) : undefined;
      if (!answer) {
        processed.push(seen);
        answer = JSON.stringify({ url: `http://127.0.0.1:${port}${req.url!.replace(/\/$/, '')}/${processed.length}` });
        if (key) answers.set(key, answer);
      }
      const send = (r: ServerResponse) => r.writeHead(201, { 'content-type': 'application/json' }).end(answer);
      if (receiver.hold) held.push(() => send(res));
      else send(res);
    });
  });
  const listen = async () => {
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  };
  await listen();
  const receiver: HttpReceiver = {
    base: `http://127.0.0.1:${port}`,
    requests,
    processed,
    hold: false,
    release: () => held.splice(0).forEach((send) => send()),
    async waitForRequests(n, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < n) {
        if (Date.now() > deadline) throw new Error(`only ${requests.length} of ${n} requests within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async down() {
      receiver.release();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
    up: listen,
  };
  return receiver;
}

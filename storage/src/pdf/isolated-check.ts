import { Worker } from 'node:worker_threads';

// pdf-lib parses an untrusted PDF on the JavaScript thread, and garbage after a "%PDF-"
// header costs it about 3 µs a byte (64 MiB: minutes of CPU, the event loop blocked for
// long stretches, every call's signalling with it). So the active-content check of an
// upload runs in a worker thread with a time and heap limit, one at a time, so at most one
// core goes to it while media keeps the other.

export interface IsolatedCheckLimits {
  timeoutMs: number;
  maxHeapMb: number;
}

// The worker loads this package's TypeScript through tsx (the process runs under tsx too);
// a data: URL can import only absolute specifiers, so both are resolved here.
const WORKER_SOURCE = (tsxApi: string, inspect: string) => `
import { parentPort, workerData } from 'node:worker_threads';
import { register } from ${JSON.stringify(tsxApi)};
register();
const { pdfRefusal } = await import(${JSON.stringify(inspect)});
parentPort.postMessage(await pdfRefusal(workerData));
`;

let queue: Promise<unknown> = Promise.resolve();

function runInWorker(bytes: Uint8Array, limits: IsolatedCheckLimits): Promise<string | null> {
  const source = WORKER_SOURCE(import.meta.resolve('tsx/esm/api'), new URL('./inspect.ts', import.meta.url).href);
  return new Promise((resolve) => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), {
      workerData: bytes,
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (verdict: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(verdict);
    };
    const timer = setTimeout(
      () => finish(`The PDF could not be checked within ${Math.round(limits.timeoutMs / 1000)} s; it is not accepted. Print it to a new PDF and send that`),
      limits.timeoutMs,
    );
    worker.once('message', (verdict: string | null) => finish(verdict));
    worker.once('error', () => finish('The PDF is too complex to be checked; it is not accepted. Print it to a new PDF and send that'));
    worker.once('exit', () => finish('The PDF could not be checked; it is not accepted'));
  });
}

/** pdfRefusal (inspect.ts) in a worker thread: the refusal message, or null if the PDF may go. */
export function pdfRefusalIsolated(bytes: Uint8Array, limits: IsolatedCheckLimits): Promise<string | null> {
  const run = queue.then(() => runInWorker(bytes, limits));
  queue = run.catch(() => undefined);
  return run;
}

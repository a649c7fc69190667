import { Worker } from 'node:worker_threads';

// pdf-lib parses an untrusted PDF on the JavaScript thread, and garbage after a "%PDF-"
// header costs it about 3 µs a byte (64 MiB: minutes of CPU, the event loop blocked for
// long stretches, every call's signalling with it). So the active-content check of an
// upload runs in a worker thread with a time and heap limit, one at a time, so at most one
// core goes to it while media keeps the other. The worker is kept between checks (starting
// one costs about a second) and replaced when a check overruns or fails.

export interface IsolatedCheckLimits {
  timeoutMs: number;
  maxHeapMb: number;
}

/**
 * The worker's module (check-worker.ts). Compiled (`npm run build`), it is bundled beside the
 * server as pdf-check-worker.js (scripts/build-server.mjs). From source (`npm start`, tests)
 * the worker loads the TypeScript through tsx; a data: URL can import only absolute
 * specifiers, so both are resolved here.
 */
function workerModule(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./pdf-check-worker.js', import.meta.url);
  const source = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
register();
await import(${JSON.stringify(new URL('./check-worker.ts', import.meta.url).href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

const RETRY_AS_NEW_PDF = 'Print it to a new PDF and send that';

let worker: { thread: Worker; heapMb: number } | null = null;
let queue: Promise<unknown> = Promise.resolve();

function threadFor(limits: IsolatedCheckLimits): Worker {
  if (worker && worker.heapMb === limits.maxHeapMb) return worker.thread;
  if (worker) void worker.thread.terminate();
  const thread = new Worker(workerModule(), {
    resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
  });
  thread.unref(); // an idle checker never keeps the process alive
  thread.on('error', () => undefined); // reported to the running check through 'exit'
  const current = { thread, heapMb: limits.maxHeapMb };
  thread.once('exit', () => {
    if (worker === current) worker = null;
  });
  worker = current;
  return thread;
}

function runInWorker(bytes: Uint8Array, limits: IsolatedCheckLimits): Promise<string | null> {
  const thread = threadFor(limits);
  return new Promise((resolve) => {
    const finish = (verdict: string | null, replace: boolean) => {
      clearTimeout(timer);
      thread.off('message', onMessage);
      thread.off('exit', onExit);
      if (replace) {
        // Forget it now: its 'exit' comes later, and the next check needs a live thread.
        if (worker?.thread === thread) worker = null;
        void thread.terminate();
      }
      resolve(verdict);
    };
    const onMessage = (verdict: string | null) => finish(verdict, false);
    // Out of heap, or a crash: the thread is gone.
    const onExit = () => finish(`The PDF is too complex to be checked; it is not accepted. ${RETRY_AS_NEW_PDF}`, false);
    const timer = setTimeout(
      () => finish(`The PDF could not be checked within ${Math.round(limits.timeoutMs / 1000)} s; it is not accepted. ${RETRY_AS_NEW_PDF}`, true),
      limits.timeoutMs,
    );
    thread.on('message', onMessage);
    thread.once('exit', onExit);
    thread.postMessage(bytes);
  });
}

/** pdfRefusal (inspect.ts) in a worker thread: the refusal message, or null if the PDF may go. */
export function pdfRefusalIsolated(bytes: Uint8Array, limits: IsolatedCheckLimits): Promise<string | null> {
  const run = queue.then(() => runInWorker(bytes, limits));
  queue = run.catch(() => undefined);
  return run;
}

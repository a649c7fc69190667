// The worker thread of isolated-check.ts: answers each PDF it is sent with pdfRefusal's verdict.
import { parentPort } from 'node:worker_threads';
import { pdfRefusal } from './inspect';

const port = parentPort!;
port.on('message', async (bytes: Uint8Array) => port.postMessage(await pdfRefusal(bytes)));

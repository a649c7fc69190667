import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../src/documents/records';
import { InMemoryDocumentRepository } from '../src/index';
import { citizenA, clerk, makeStore, pdfOf, projectScanner, startHarness, waitFor, type Harness } from './harness';

// Issue 10, item 7: the database failing while an upload runs must not become an unhandled
// rejection (which ends the process). vitest fails a run on any unhandled rejection, so this
// file passing is the proof; the upload itself still arrives, is scanned and released.

/** A repository whose progress writes fail, as a database that drops connections would. */
class FlakyRepository extends InMemoryDocumentRepository {
  failedWrites = 0;
  override async update(documentId: string, patch: Partial<DocumentRecord>): Promise<DocumentRecord> {
    if (patch.receivedBytes !== undefined && patch.state === undefined) {
      this.failedWrites++;
      throw new Error('connection terminated unexpectedly');
    }
    return super.update(documentId, patch);
  }
}

const tusHeaders = () => ({ 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${h.tokenOf(citizenA)}` });
const metadata = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

/** One PATCH whose body arrives in two halves, `pauseMs` apart; resolves with the status. */
function slowPatch(url: URL, body: Buffer, pauseMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'PATCH',
      headers: { ...tusHeaders(), 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Content-Length': body.length },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    const half = Math.floor(body.length / 2);
    req.write(body.subarray(0, half));
    setTimeout(() => req.end(body.subarray(half)), pauseMs);
  });
}

let h: Harness;

describe('a repository failure during an upload', () => {
  let cleanup: () => void;
  const repository = new FlakyRepository();

  beforeAll(async () => {
    let store;
    ({ store, cleanup } = await makeStore('local-disk'));
    h = await startHarness(store, projectScanner(), {}, repository);
  });
  afterAll(async () => {
    await h?.close();
    cleanup?.();
  });

  it('is logged, not thrown: the process stays up and the document is still scanned and released', async () => {
    const pdf = pdfOf(600 * 1024);
    // A slow phone: the body arrives in two parts 800 ms apart. tus reports progress 500 ms
    // into a request, so a progress write happens (and fails) while the upload runs.
    const created = await fetch(`${h.url}/api/uploads`, {
      method: 'POST',
      headers: { ...tusHeaders(), 'Upload-Length': String(pdf.length), 'Upload-Metadata': metadata({ callId: 'call-a', filename: 'flaky.pdf', filetype: 'application/pdf' }) },
    });
    expect(created.status).toBe(201);
    const status = await slowPatch(new URL(created.headers.get('location')!, h.url), pdf, 800);
    expect(status).toBe(204);
    const doc = await waitFor(h, clerk, 'call-a', 'flaky.pdf', ['ready', 'refused']);
    expect(repository.failedWrites).toBeGreaterThan(0);
    expect(doc).toMatchObject({ state: 'ready', size: pdf.length });
    // The service still answers.
    expect((await h.service.listForPrincipal(citizenA, 'call-a')).map((d) => d.fileName)).toContain('flaky.pdf');
  });
});

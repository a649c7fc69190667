import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../src/documents/records';
import { InMemoryDocumentRepository } from '../src/index';
import { citizenA, clerk, makeStore, pdfOf, projectScanner, startHarness, tusUpload, waitFor, type Harness } from './harness';

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

describe('a repository failure during an upload', () => {
  let h: Harness;
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
    const pdf = pdfOf(900 * 1024); // four chunks of 256 KiB: several progress writes, all failing
    await tusUpload(h, citizenA, pdf, { callId: 'call-a', filename: 'flaky.pdf', filetype: 'application/pdf' });
    const doc = await waitFor(h, clerk, 'call-a', 'flaky.pdf', ['ready', 'refused']);
    expect(repository.failedWrites).toBeGreaterThan(0);
    expect(doc).toMatchObject({ state: 'ready', size: pdf.length });
    // The service still answers.
    expect((await h.service.listForPrincipal(citizenA, 'call-a')).map((d) => d.fileName)).toContain('flaky.pdf');
  });
});

import { describe, expect, it } from 'vitest';
import { loadTemplate } from './catalog';
import { pdfRefusalIsolated } from './isolated-check';
import { hostilePdf } from './testing';

const limits = { timeoutMs: 20_000, maxHeapMb: 256 };

describe('the PDF check in a worker thread', { timeout: 60_000 }, () => {
  it('gives the same verdicts as pdfRefusal, in order, several at once', async () => {
    const inputs = [await loadTemplate('reistoestemming-minderjarige'), hostilePdf('launch.pdf'), hostilePdf('objstm-js.pdf'), hostilePdf('html-pdf-marker.html')];
    const verdicts = await Promise.all(inputs.map((bytes) => pdfRefusalIsolated(bytes, limits)));
    expect(verdicts[0]).toBeNull();
    expect(verdicts[1]).toMatch(/Launch action/);
    expect(verdicts[2]).toMatch(/JavaScript/);
    expect(verdicts[3]).toMatch(/not a PDF/);
  });

  it('refuses a PDF whose check overruns, and the next check still works', async () => {
    // 4 MB of object headers with no objects: pdf-lib spends many seconds on it.
    const garbage = Buffer.from(`%PDF-1.7\n${'1 0 obj\n'.repeat(500_000)}`);
    expect(await pdfRefusalIsolated(garbage, { ...limits, timeoutMs: 1000 })).toMatch(/could not be checked within 1 s/);
    expect(await pdfRefusalIsolated(await loadTemplate('reistoestemming-minderjarige'), limits)).toBeNull();
  });
});

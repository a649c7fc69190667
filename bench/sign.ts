// npm run bench:sign — time to finalise (flatten, audit page, PAdES seal) a signed
// 2-page form and a 50-page PDF, median of 20 runs each; also B-T with a local openssl TSA.
// Writes docs/benchmarks/sign.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createSession, finalise, loadTemplate, PadesSealer, type FormSession, type Sealer } from '@videoloket/pdf';
import { CALL_ID, citizen, clerk, fixture, inCall, signedTravelPermit, startLocalTsa } from '@videoloket/pdf/testing';

const RUNS = 20;
const dir = mkdtempSync(join(tmpdir(), 'bench-sign-'));

/** The travel permit's two pages plus 48 pages of text: a long document from the call. */
async function fiftyPagePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await loadTemplate('reistoestemming-minderjarige'));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 3; p <= 50; p++) {
    const page = doc.addPage([595.28, 841.89]);
    for (let line = 0; line < 60; line++) {
      page.drawText(`Bijlage pagina ${p}, regel ${line + 1}: de gemeente verwerkt uw gegevens volgens de AVG.`, { x: 50, y: 800 - line * 12, size: 9, font });
    }
  }
  return doc.save();
}

async function signedFiftyPages(source: Uint8Array): Promise<FormSession> {
  const session = await createSession({ sourcePdf: source, callId: CALL_ID, title: 'Reistoestemming met bijlagen' });
  await session.addSignature(citizen, 'handtekening_ouder', fixture('signature.png'), inCall);
  await session.addSignature(clerk, 'handtekening_ambtenaar', fixture('signature.png'), inCall);
  return session;
}

async function measure(label: string, make: () => Promise<FormSession>, sealer: Sealer): Promise<{ label: string; median: number; p90: number; min: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  await finalise(await make(), sealer); // warm-up (JIT, template cache)
  for (let i = 0; i < RUNS; i++) {
    const session = await make(); // preparing the session is not timed
    const t0 = performance.now();
    const out = await finalise(session, sealer);
    times.push(performance.now() - t0);
    bytes = out.length;
  }
  times.sort((a, b) => a - b);
  const pick = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  const row = { label, median: (times[9]! + times[10]!) / 2, p90: pick(0.9), min: times[0]!, bytes };
  console.log(`${label}: median ${row.median.toFixed(1)} ms, p90 ${row.p90.toFixed(1)} ms, min ${row.min.toFixed(1)} ms, ${bytes} bytes`);
  return row;
}

try {
  const bb = await PadesSealer.create({ dataDir: join(dir, 'seal'), sealName: 'Gemeente Zeewolde' });
  const tsa = await startLocalTsa(join(dir, 'tsa'));
  const bt = await PadesSealer.create({ dataDir: join(dir, 'seal'), sealName: 'Gemeente Zeewolde', tsaUrl: tsa.url });
  const fifty = await fiftyPagePdf();
  const rows = [
    await measure('2-page form, PAdES B-B', signedTravelPermit, bb),
    await measure('50-page PDF, PAdES B-B', () => signedFiftyPages(fifty), bb),
    await measure('2-page form, PAdES B-T (local openssl TSA)', signedTravelPermit, bt),
    await measure('50-page PDF, PAdES B-T (local openssl TSA)', () => signedFiftyPages(fifty), bt),
  ];
  await tsa.close();
  const md = [
    '# Benchmark: finalise and seal a signed PDF',
    '',
    `Command: \`npm run bench:sign\` (bench/sign.ts). ${RUNS} runs per row after one warm-up; each run finalises a`,
    'freshly signed session: flatten the form, draw the two signature images, append the audit page,',
    'write the PAdES placeholder, hash the byte ranges, build and sign the CMS (RSA-3072 self-signed',
    'embedded default), and for B-T fetch an RFC 3161 token from a local `openssl ts -reply` TSA over HTTP.',
    'Preparing the session (filling, signing) is not timed.',
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, measured ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| document | median (ms) | p90 (ms) | min (ms) | output size (bytes) |',
    '|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.label} | ${r.median.toFixed(1)} | ${r.p90.toFixed(1)} | ${r.min.toFixed(1)} | ${r.bytes} |`),
    '',
    'The B-T rows include spawning `openssl ts` per request in the local TSA; a real TSA adds its network round trip instead.',
    '',
  ].join('\n');
  writeFileSync(new URL('../docs/benchmarks/sign.md', import.meta.url), md);
  console.log('wrote docs/benchmarks/sign.md');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

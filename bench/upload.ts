// npm run bench:upload [-- --size-mb 1024] — a tus upload through the real server into
// each store (local disk, S3 = Swift here), as a ratio to writing the same bytes straight
// to that store in the same run, and the server process's peak RSS while it uploads.
// The server runs in a child process so the client's memory is not counted.
// Writes docs/benchmarks/upload.md.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import { randomBytes as rb } from 'node:crypto';
import pino from 'pino';
import { UnauthenticatedError, type Principal } from '@videoloket/contracts';
import { ClamdScanner, DocumentService, InMemoryDocumentRepository, LocalDiskObjectStore, type ObjectStore } from '@videoloket/storage';
import { S3ObjectStore } from '@videoloket/storage/s3';
import { pdfRefusalIsolated } from '@videoloket/pdf';

type Kind = 'local-disk' | 's3';
const MiB = 1024 * 1024;
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run via npm run bench:upload (starts clamd and Swift)`);
  return v;
}

async function makeStore(kind: Kind, dir: string): Promise<ObjectStore> {
  if (kind === 'local-disk') return new LocalDiskObjectStore({ directory: dir, uploadExpiryMs: 3600_000 }).init();
  return new S3ObjectStore({
    endpoint: env('S3_ENDPOINT'), region: env('S3_REGION'), accessKey: env('S3_ACCESS_KEY'),
    secretKey: env('S3_SECRET_KEY'), bucket: env('S3_BUCKET'), uploadExpiryMs: 3600_000,
  }).init();
}

/**
 * `bytes` of photo-looking data (a JPEG header, then a repeated random block), streamed.
 * A photo, not a PDF: PDFs are read whole for active content, up to 64 MiB (issue 9).
 */
function source(bytes: number): Readable {
  const header = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
  const block = randomBytes(MiB);
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytes) return this.push(null);
      const first = sent === 0 ? Buffer.concat([header, block]).subarray(0, MiB) : block;
      const chunk = first.subarray(0, Math.min(first.length, bytes - sent));
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

// ── server role (child process) ───────────────────────────────────────────────
async function serve(kind: Kind, dir: string): Promise<void> {
  const citizen: Principal = { role: 'citizen', participantId: 'bench', displayName: 'Bench', callId: 'bench-call' };
  const store = await makeStore(kind, dir);
  const service = new DocumentService(
    { encryptionKey: rb(32), linkSigningKey: rb(32), maxFileBytes: 4096 * MiB, maxCallBytes: 1024 * 4096 * MiB },
    {
      store,
      scanner: new ClamdScanner({ host: env('CLAMD_HOST'), port: Number(env('CLAMD_PORT')), logger: pino({ level: 'silent' }), timeoutMs: 600_000 }),
      repository: new InMemoryDocumentRepository(),
      pdfRefusal: pdfRefusalIsolated,
      logger: pino({ level: 'warn' }),
      authenticate: async (t) => { if (t !== 'bench') throw new UnauthenticatedError(); return citizen; },
      canAccessCall: (p, c) => p.callId === c,
    },
  );
  service.on('changed', (d) => process.stdout.write(`STATE ${d.state} ${d.refusal?.message ?? ''}\n`));
  const server = http.createServer((req, res) => service.tusHandler(req, res));
  // A clean exit on the driver's kill, so `NODE_OPTIONS=--cpu-prof` writes the server's profile.
  process.on('SIGTERM', () => process.exit(0));
  server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${(server.address() as { port: number }).port}\n`));
}

// ── driver role ───────────────────────────────────────────────────────────────
function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** A process's CPU seconds so far (user + system), from /proc: a figure a loaded machine shifts less than MB/s. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function throughServer(kind: Kind, bytes: number, dir: string) {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, '--serve', kind, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let onLine: (() => void) | null = null;
  child.stdout!.setEncoding('utf8').on('data', (s: string) => { lines.push(...s.trim().split('\n')); onLine?.(); });
  const waitLine = async (re: RegExp) => {
    for (;;) {
      const hit = lines.find((l) => re.test(l));
      if (hit) return hit;
      await new Promise<void>((r) => (onLine = r));
    }
  };
  const port = Number((await waitLine(/^PORT /)).split(' ')[1]);
  await new Promise((r) => setTimeout(r, 1000));
  const idle = rssOf(child.pid!);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(child.pid!))), 50);
  const base = `http://127.0.0.1:${port}/api/uploads`;
  const meta = `callId ${Buffer.from('bench-call').toString('base64')},filename ${Buffer.from('bench.jpg').toString('base64')},filetype ${Buffer.from('image/jpeg').toString('base64')}`;
  const t0 = performance.now();
  const serverCpu0 = cpuSecondsOf(child.pid!);
  const driverCpu0 = process.cpuUsage();
  const created = await fetch(base, { method: 'POST', headers: { 'Tus-Resumable': '1.0.0', Authorization: 'Bearer bench', 'Upload-Length': String(bytes), 'Upload-Metadata': meta } });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
  const location = new URL(created.headers.get('location')!, base).href;
  // The body goes out through node:http, as a browser would send it: fetch() with a streamed body
  // runs every chunk through WHATWG streams and cost the driver twice the CPU on the same 2 cores.
  const patched = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(location, {
      method: 'PATCH',
      headers: { 'Tus-Resumable': '1.0.0', Authorization: 'Bearer bench', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(bytes) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (s: string) => (text += s)).on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    pipeline(source(bytes), req).catch(reject);
  });
  const uploadS = (performance.now() - t0) / 1000;
  const serverCpuS = cpuSecondsOf(child.pid!) - serverCpu0;
  const driverCpu = process.cpuUsage(driverCpu0);
  const driverCpuS = (driverCpu.user + driverCpu.system) / 1e6;
  if (patched.status !== 204) throw new Error(`patch: ${patched.status} ${patched.text}`);
  const uploadPeak = peak;
  const final = await waitLine(/^STATE (ready|refused|held)/);
  const readyS = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  child.kill();
  return { uploadS, serverCpuS, driverCpuS, readyS, idle, uploadPeak, processingPeak: peak, final };
}

async function straight(kind: Kind, bytes: number, dir: string): Promise<number> {
  const t0 = performance.now();
  if (kind === 'local-disk') {
    // Same durability as the tus path, which fsyncs each PATCH before its 204.
    const file = join(dir, 'straight.bin');
    await pipeline(source(bytes), createWriteStream(file));
    const handle = await open(file, 'r');
    await handle.sync();
    await handle.close();
  }
  else {
    const store = await makeStore(kind, dir);
    await store.put(`bench/straight-${Date.now()}`, source(bytes));
    await store.delete(`bench/straight-${Date.now()}`);
  }
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--serve') return serve(process.argv[3] as Kind, process.argv[4]!);
  const sizeMb = Number(arg('--size-mb') ?? 1024);
  const bytes = sizeMb * MiB;
  const rows: string[] = [];
  const notes: string[] = [];
  // --stores local-disk: one store only (for profiling); the written report needs both.
  const kinds = (arg('--stores')?.split(',') ?? ['local-disk', 's3']) as Kind[];
  for (const kind of kinds) {
    const dir = mkdtempSync(join(tmpdir(), `bench-upload-${kind}-`));
    try {
      const direct = await straight(kind, bytes, dir);
      const r = await throughServer(kind, bytes, dir);
      const mbps = (s: number) => (sizeMb / s).toFixed(0);
      const row = `| ${kind} | ${mbps(direct)} MB/s | ${mbps(r.uploadS)} MB/s | **${(direct / r.uploadS).toFixed(2)}** | ${(r.idle / MiB).toFixed(0)} MB | +${((r.uploadPeak - r.idle) / MiB).toFixed(0)} MB | +${((r.processingPeak - r.idle) / MiB).toFixed(0)} MB | ${r.readyS.toFixed(1)} s (${r.final.split(' ')[1]}) |`;
      console.log(row);
      console.log(`  CPU during the upload: server ${r.serverCpuS.toFixed(2)} s (${((1000 * r.serverCpuS) / sizeMb).toFixed(1)} ms/MB), driver ${r.driverCpuS.toFixed(2)} s`);
      rows.push(row);
      if (direct / r.uploadS < 0.8) notes.push(`${kind}: ratio ${(direct / r.uploadS).toFixed(2)} is below the 0.8 target.`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const md = `# Upload benchmark (\`npm run bench:upload\`)

${sizeMb} MB through the tus endpoint (one POST, one streamed PATCH) into each store, against
writing the same bytes straight to that store (local: \`fs.createWriteStream\`; S3: the
minio client's multipart put) in the same run. Server in its own process; RSS sampled from
/proc every 50 ms. "Ready" includes the content check, sha256, AES-256-GCM encryption into
the object store and the clamd scan (which all start after the upload's last byte).
S3 here is OpenStack Swift + s3api on loopback (scripts/services/s3.sh), not MinIO.
Targets: ratio ≥ 0.8; RSS flat, < 150 MB above idle. Both local writes are durable: the tus
store fsyncs each PATCH before its 204 (a citizen's "uploaded" must survive a crash), and
the straight write fsyncs its file before the clock stops.

| store | straight | through tus | ratio | idle RSS | peak during upload | peak incl. encrypt + scan | until ready |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}
${notes.length ? `\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}
Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.
`;
  // Hand-written sections (## …, e.g. the PATCH path's profile) survive a re-run.
  const file = join(import.meta.dirname, '../docs/benchmarks/upload.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const kept = previous.indexOf('\n## ') >= 0 ? previous.slice(previous.indexOf('\n## ')) : '';
  writeFileSync(file, md + kept);
  console.log('wrote docs/benchmarks/upload.md');
}

await main();

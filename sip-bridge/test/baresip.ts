import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Debian's baresip as the phone: a real SIP UA with its own RTP stack, run
// headless from fixtures/baresip.config. It answers automatically, sends a
// 440 Hz tone, and dumps the audio it decodes to a WAV file we inspect.

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export interface Baresip {
  sipPort: number;
  dir: string;
  output: () => string;
  /** A ctrl_tcp command, e.g. ('dial', 'sip:…'). */
  command: (name: string, params?: string) => Promise<void>;
  /** Key presses on the cons UI: digits during a call are sent as RFC 4733 DTMF. */
  keys: (text: string) => Promise<void>;
  /** RMS (0–1) of the decoded audio baresip received, from its sndfile dump. */
  receivedRms: () => Promise<{ rms: number; seconds: number }>;
  stop: () => Promise<void>;
}

async function freePort(type: 'udp' | 'tcp'): Promise<number> {
  if (type === 'tcp') {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((r) => server.close(r));
    return port;
  }
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  const port = socket.address().port;
  socket.close();
  return port;
}

export async function startBaresip(codec: 'opus' | 'pcmu' = 'opus'): Promise<Baresip> {
  const dir = await mkdtemp(path.join(tmpdir(), 'baresip-'));
  const sipPort = await freePort('udp');
  const ctrlPort = await freePort('tcp');
  const consPort = await freePort('udp');
  const rtpMin = 30000 + 2 * Math.floor(Math.random() * 4000);
  const fill = (text: string) =>
    text
      .replaceAll('@SIP_PORT@', String(sipPort))
      .replaceAll('@CTRL_PORT@', String(ctrlPort))
      .replaceAll('@CONS_PORT@', String(consPort))
      .replaceAll('@RTP_MIN@', String(rtpMin))
      .replaceAll('@RTP_MAX@', String(rtpMin + 9))
      .replaceAll('@DIR@', dir)
      .replaceAll('@CODEC_MODULE@', codec === 'opus' ? 'opus.so' : 'g711.so')
      .replaceAll('@CODECS@', codec === 'opus' ? 'opus/48000/2' : 'PCMU/8000/1');
  await writeFile(path.join(dir, 'config'), fill(await readFile(path.join(fixtures, 'baresip.config'), 'utf8')));
  await writeFile(path.join(dir, 'accounts'), fill(await readFile(path.join(fixtures, 'baresip.accounts'), 'utf8')));
  const child: ChildProcess = spawn('baresip', ['-f', dir], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (out += d));
  const deadline = Date.now() + 10_000;
  while (!out.includes('baresip is ready')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`baresip did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const cons = dgram.createSocket('udp4');
  return {
    sipPort,
    dir,
    output: () => out,
    async command(name, params) {
      const json = JSON.stringify({ command: name, ...(params ? { params } : {}), token: 't' });
      const socket = net.connect(ctrlPort, '127.0.0.1');
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.once('connect', () => socket.write(`${Buffer.byteLength(json)}:${json},`, () => resolve()));
      });
      await new Promise((r) => setTimeout(r, 200));
      socket.destroy();
    },
    async keys(text) {
      for (const ch of text) {
        await new Promise<void>((r) => cons.send(ch, consPort, '127.0.0.1', () => r()));
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    async receivedRms() {
      const files = (await readdir(dir)).filter((f) => f.endsWith('.wav') && f.includes('dec'));
      if (files.length === 0) throw new Error(`baresip wrote no decoded audio dump in ${dir}: ${(await readdir(dir)).join(', ')}`);
      return wavRms(await readFile(path.join(dir, files[0]!)));
    },
    async stop() {
      cons.close();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => setTimeout(r, 300));
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** RMS of 16-bit PCM in a RIFF/WAVE file, normalised to 0–1. */
export function wavRms(wav: Buffer): { rms: number; seconds: number } {
  let offset = 12;
  let rate = 8000;
  let channels = 1;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    let size = wav.readUInt32LE(offset + 4);
    if (id === 'fmt ') {
      channels = wav.readUInt16LE(offset + 10);
      rate = wav.readUInt32LE(offset + 12);
    }
    if (id === 'data') {
      // sndfile may leave the size 0/huge until closed: use what is there.
      if (size === 0 || offset + 8 + size > wav.length) size = wav.length - offset - 8;
      const samples = Math.floor(size / 2);
      let sum = 0;
      for (let i = 0; i < samples; i++) {
        const v = wav.readInt16LE(offset + 8 + 2 * i) / 32768;
        sum += v * v;
      }
      return { rms: samples ? Math.sqrt(sum / samples) : 0, seconds: samples / rate / channels };
    }
    offset += 8 + size + (size % 2);
  }
  return { rms: 0, seconds: 0 };
}

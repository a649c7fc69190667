import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { audibleSeconds, readWav, type Pcm } from './audio';
import { freeUdpTcpPort } from './kamailio';

// Debian's baresip as the phone: a real SIP UA with its own RTP stack, run
// headless from fixtures/baresip.config. It answers automatically, sends a
// sine tone (440 Hz unless asked otherwise), and dumps the audio it decodes to a WAV file we inspect.

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export interface Baresip {
  sipPort: number;
  dir: string;
  output: () => string;
  /** A ctrl_tcp command, e.g. ('dial', 'sip:…'). */
  command: (name: string, params?: string) => Promise<void>;
  /** Key presses on the cons UI: digits during a call are sent as RFC 4733 DTMF. */
  keys: (text: string) => Promise<void>;
  /** The decoded audio baresip received (what the phone's speaker played). */
  receivedPcm: () => Promise<Pcm>;
  /** receivedPcm() once baresip has written at least `seconds` of audible audio (its dump is buffered). */
  heard: (seconds?: number) => Promise<Pcm>;
  stop: () => Promise<void>;
  /** SIGKILL: the phone vanishes without a BYE. */
  kill: () => void;
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

export type BaresipCodec = 'opus' | 'pcmu' | 'pcma';

const CODEC_LINE: Record<BaresipCodec, string> = { opus: 'opus/48000/2', pcmu: 'PCMU/8000/1', pcma: 'PCMA/8000/1' };

export interface BaresipAccount {
  /** Address-of-record, e.g. sip:interpreter@videoloket.test; default sip:interpreter@127.0.0.1:<port> (no registration). */
  aor?: string;
  /** Extra account parameters, e.g. auth_pass, outbound proxy, regint, mediaenc. */
  params?: string;
  /** auto (answer at once), early (183 with early media, then `accept`), manual. */
  answermode?: 'auto' | 'early' | 'manual';
  /** Extra config lines (TLS certificate, modules). */
  config?: string;
}

/** baresip offering only `codec`, its microphone a sine at `toneHz`. */
export async function startBaresip(codec: BaresipCodec = 'opus', toneHz = 440, account: BaresipAccount = {}): Promise<Baresip> {
  const dir = await mkdtemp(path.join(tmpdir(), 'baresip-'));
  // baresip binds SIP on UDP and TCP at the same port.
  const sipPort = await freeUdpTcpPort();
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
      .replaceAll('@CODECS@', CODEC_LINE[codec])
      .replaceAll('@TONE_HZ@', String(toneHz))
      .replaceAll('@AOR@', account.aor ?? `sip:interpreter@127.0.0.1:${sipPort}`)
      .replaceAll('@ACCOUNT_PARAMS@', account.params ?? 'regint=0')
      .replaceAll('@ANSWERMODE@', account.answermode ?? 'auto')
      .replaceAll('@EXTRA_CONFIG@', account.config ?? '');
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
  const receivedPcm = async (): Promise<Pcm> => {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.wav') && f.includes('dec')).sort();
    if (files.length === 0) throw new Error(`baresip wrote no decoded audio dump in ${dir}: ${(await readdir(dir)).join(', ')}`);
    return readWav(await readFile(path.join(dir, files.at(-1)!)));
  };
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
    receivedPcm,
    async heard(seconds = 1) {
      const deadline = Date.now() + 8000;
      for (;;) {
        const pcm = await receivedPcm().catch(() => undefined);
        if (pcm && audibleSeconds(pcm) >= seconds) return pcm;
        if (Date.now() > deadline) return pcm ?? receivedPcm();
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
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


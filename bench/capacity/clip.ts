// The clip every bench bot sends: a few seconds of camera-like VP8 in the three simulcast
// layers of sfu/src/codecs.ts (cameraSimulcastEncodings) and Opus voice, encoded once by
// ffmpeg and cached, so that sending costs the bots no encoding, only UDP writes.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { cameraSimulcastEncodings } from '@videoloket/sfu';

export const CLIP_SECONDS = 4;
export const VIDEO_FPS = 30;
/** One key frame a second: a layer a consumer switches to (or resumes on) starts within 1 s. */
const KEY_FRAME_INTERVAL = VIDEO_FPS;
export const OPUS_FRAME_MS = 20;
/** Bump when the encoding below changes, so a stale cache is not used. */
const CLIP_VERSION = 'v1';

export interface VideoFrame {
  keyFrame: boolean;
  data: Buffer;
}

export interface Clip {
  /** Opus packets, one per 20 ms. */
  audio: Buffer[];
  /** Per simulcast layer, lowest first: VP8 frames at VIDEO_FPS. */
  video: VideoFrame[][];
}

/** The frames of an IVF file (what ffmpeg writes for raw VP8). Pure. */
export function ivfFrames(ivf: Buffer): Buffer[] {
  if (ivf.toString('latin1', 0, 4) !== 'DKIF') throw new Error('not an IVF file');
  const frames: Buffer[] = [];
  let offset = ivf.readUInt16LE(6);
  while (offset + 12 <= ivf.length) {
    const size = ivf.readUInt32LE(offset);
    frames.push(ivf.subarray(offset + 12, offset + 12 + size));
    offset += 12 + size;
  }
  return frames;
}

/** A VP8 frame's tag says key frame with its lowest bit clear (RFC 6386 §9.1). */
export function isVp8KeyFrame(frame: Buffer): boolean {
  return frame.length > 0 && (frame[0]! & 0x01) === 0;
}

/** The packets of an Ogg stream (one logical stream), joined across pages by lacing. Pure. */
export function oggPackets(ogg: Buffer): Buffer[] {
  const packets: Buffer[] = [];
  let pending: Buffer[] = [];
  let offset = 0;
  while (offset + 27 <= ogg.length) {
    if (ogg.toString('latin1', offset, offset + 4) !== 'OggS') throw new Error(`no Ogg page at byte ${offset}`);
    const segments = ogg[offset + 26]!;
    const table = ogg.subarray(offset + 27, offset + 27 + segments);
    let data = offset + 27 + segments;
    for (const lacing of table) {
      pending.push(ogg.subarray(data, data + lacing));
      data += lacing;
      // A lacing value below 255 ends a packet; 255 continues it in the next segment.
      if (lacing < 255) {
        packets.push(Buffer.concat(pending));
        pending = [];
      }
    }
    offset = data;
  }
  return packets;
}

function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(base, 'videoloket', `capacity-clip-${CLIP_VERSION}`);
}

const layerFile = (i: number) => `camera-${i}.ivf`;
const AUDIO_FILE = 'voice.ogg';

/** Encodes the clip with ffmpeg (once; later runs read the cache). */
async function encode(dir: string): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const full = { width: 1280, height: 720 };
  const split = cameraSimulcastEncodings.map((_, i) => `[s${i}]`).join('');
  const scales = cameraSimulcastEncodings
    .map((e, i) => `[s${i}]scale=${full.width / e.scaleResolutionDownBy}:${full.height / e.scaleResolutionDownBy}[v${i}]`)
    .join(';');
  const videoOutputs = cameraSimulcastEncodings.flatMap((e, i) => {
    const kbps = `${e.maxBitrate / 1000}k`;
    // Real-time, one pass, no look-ahead or alt-ref frames: what a browser's encoder does.
    return ['-map', `[v${i}]`, '-c:v', 'libvpx', '-b:v', kbps, '-minrate', kbps, '-maxrate', kbps,
      '-deadline', 'realtime', '-cpu-used', '8', '-g', String(KEY_FRAME_INTERVAL), '-keyint_min', String(KEY_FRAME_INTERVAL),
      '-auto-alt-ref', '0', '-lag-in-frames', '0', '-error-resilient', '1', path.join(tmp, layerFile(i))];
  });
  await promisify(execFile)('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${full.width}x${full.height}:rate=${VIDEO_FPS}:duration=${CLIP_SECONDS}`,
    '-f', 'lavfi', '-i', `sine=frequency=220:beep_factor=4:sample_rate=48000:duration=${CLIP_SECONDS}`,
    '-filter_complex', `[0:v]split=${cameraSimulcastEncodings.length}${split};${scales}`,
    ...videoOutputs,
    '-map', '1:a', '-c:a', 'libopus', '-b:a', '32k', '-ac', '1', '-application', 'voip', '-frame_duration', String(OPUS_FRAME_MS),
    path.join(tmp, AUDIO_FILE),
  ]);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

/** The clip, encoded on first use and cached under ~/.cache/videoloket. */
export async function loadClip(): Promise<{ clip: Clip; dir: string; encoded: boolean }> {
  const dir = cacheDir();
  const encoded = !existsSync(path.join(dir, AUDIO_FILE));
  if (encoded) await encode(dir);
  const video = cameraSimulcastEncodings.map((_, i) =>
    ivfFrames(readFileSync(path.join(dir, layerFile(i)))).map((data) => ({ data, keyFrame: isVp8KeyFrame(data) })),
  );
  // The first two Ogg packets are OpusHead and OpusTags (RFC 7845), not audio.
  const audio = oggPackets(readFileSync(path.join(dir, AUDIO_FILE))).slice(2);
  return { clip: { audio, video }, dir, encoded };
}

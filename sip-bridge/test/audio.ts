// Audio checks by content: what a listener decoded, as PCM, and how much of it
// is a tone of a given frequency (Goertzel, one DFT bin).

export interface Pcm {
  rate: number;
  /** Mono samples, −1…1 (the first channel if there are more). */
  samples: Float32Array;
}

/** 16-bit PCM from a RIFF/WAVE file (what baresip's sndfile module writes). */
export function readWav(wav: Buffer): Pcm {
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
      const frames = Math.floor(size / 2 / channels);
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++) samples[i] = wav.readInt16LE(offset + 8 + 2 * i * channels) / 32768;
      return { rate, samples };
    }
    offset += 8 + size + (size % 2);
  }
  return { rate, samples: new Float32Array(0) };
}

export function rms(samples: Float32Array): number {
  let sum = 0;
  for (const v of samples) sum += v * v;
  return samples.length ? Math.sqrt(sum / samples.length) : 0;
}

/**
 * Share (0–1) of a block's power at `frequency`: for a pure sine at that frequency ≈ 1, for two
 * equal tones ≈ 0.5 each, for anything else ≈ 0. Goertzel over the block, Hann-windowed.
 */
export function toneShare(block: Float32Array, rate: number, frequency: number): number {
  const n = block.length;
  const coeff = 2 * Math.cos((2 * Math.PI * frequency) / rate);
  let s1 = 0;
  let s2 = 0;
  let power = 0;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const x = block[i]! * w;
    power += x * x;
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const magnitude2 = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  // Hann window: a sine of amplitude A gives |X|² = A²n²/16 and Σx² = 3A²n/16, so |X|²/(n·Σx²) = 1/3.
  return power > 0 ? Math.min(1, (3 * magnitude2) / n / power) : 0;
}

/**
 * The tone share of `pcm` at `frequency`: the upper quartile over its audible 250 ms blocks
 * (near-silent blocks, e.g. before the call was answered, are skipped). A quartile rather than
 * the median so that blocks hit by a glitch (a late packet on a loaded machine) do not hide a
 * tone that is there; a tone that is absent scores ≈ 0 in every block. 0 when nothing was audible.
 */
export function typicalToneShare(pcm: Pcm, frequency: number, minRms = 0.01): number {
  const size = Math.round(pcm.rate / 4);
  const shares: number[] = [];
  for (let start = 0; start + size <= pcm.samples.length; start += size) {
    const block = pcm.samples.subarray(start, start + size);
    if (rms(block) >= minRms) shares.push(toneShare(block, pcm.rate, frequency));
  }
  if (shares.length === 0) return 0;
  shares.sort((a, b) => a - b);
  return shares[Math.floor(shares.length * 0.75)]!;
}

/** Seconds of audible audio (250 ms blocks above minRms). */
export function audibleSeconds(pcm: Pcm, minRms = 0.01): number {
  const size = Math.round(pcm.rate / 4);
  let blocks = 0;
  for (let start = 0; start + size <= pcm.samples.length; start += size) if (rms(pcm.samples.subarray(start, start + size)) >= minRms) blocks++;
  return blocks / 4;
}

/** Seconds of `pcm` (in 250 ms blocks) where the tone at `frequency` is most of what is heard. */
export function toneSeconds(pcm: Pcm, frequency: number, minShare = 0.5, minRms = 0.01): number {
  const size = Math.round(pcm.rate / 4);
  let blocks = 0;
  for (let start = 0; start + size <= pcm.samples.length; start += size) {
    const block = pcm.samples.subarray(start, start + size);
    if (rms(block) >= minRms && toneShare(block, pcm.rate, frequency) >= minShare) blocks++;
  }
  return blocks / 4;
}

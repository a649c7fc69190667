// The clerk's listening chain (issue 5: "Per-participant volume up to +12 dB (WebAudio gain),
// a 'voice clarity' mode (band-pass/presence boost for speech, documented parameters)").
// Pure: plans parameters and applies them to a small AudioContext-shaped interface, so the
// unit tests run without a browser. Per remote audio track:
//
//   MediaStreamSource → [high-pass 150 Hz → peaking +6 dB @ 3 kHz → low-pass 7 kHz] → Gain → Analyser → destination
//
// Voice clarity parameters and why:
//  - high-pass 150 Hz, Q 0.707 (Butterworth): removes rumble, hum and desk thumps below the
//    voice's fundamental region; speech intelligibility lives above ~300 Hz.
//  - peaking +6 dB at 3 kHz, Q 1.0 (about 1.4 octaves): the consonant/"presence" band
//    (2–4 kHz) that hearing loss usually hits first and that carries most intelligibility.
//  - low-pass 7 kHz, Q 0.707: cuts hiss above the wide-band speech range.

export const MIN_GAIN_DB = -24;
/** "Per-participant volume up to +12 dB". */
export const MAX_GAIN_DB = 12;

export interface FilterSpec {
  type: 'highpass' | 'peaking' | 'lowpass';
  frequency: number;
  Q: number;
  /** dB; only meaningful for peaking. */
  gain: number;
}

export const VOICE_CLARITY_FILTERS: readonly FilterSpec[] = Object.freeze([
  { type: 'highpass', frequency: 150, Q: 0.707, gain: 0 },
  { type: 'peaking', frequency: 3000, Q: 1.0, gain: 6 },
  { type: 'lowpass', frequency: 7000, Q: 0.707, gain: 0 },
]);

export interface ListeningSettings {
  voiceClarity: boolean;
  /** Gain for participants without their own setting (dB). */
  defaultGainDb: number;
  /** Per participant (dB), for this call. */
  gainDbByParticipant: Record<string, number>;
  /** `''` = system default output. */
  outputDeviceId: string;
}

export const DEFAULT_SETTINGS: ListeningSettings = { voiceClarity: false, defaultGainDb: 0, gainDbByParticipant: {}, outputDeviceId: '' };

export function clampGainDb(db: number): number {
  if (!Number.isFinite(db)) return 0;
  return Math.min(MAX_GAIN_DB, Math.max(MIN_GAIN_DB, db));
}

export function dbToLinear(db: number): number {
  return 10 ** (clampGainDb(db) / 20);
}

export interface ChainPlan {
  gainDb: number;
  gain: number;
  filters: readonly FilterSpec[];
}

export function planChain(settings: ListeningSettings, participantId: string): ChainPlan {
  const gainDb = clampGainDb(settings.gainDbByParticipant[participantId] ?? settings.defaultGainDb);
  return { gainDb, gain: dbToLinear(gainDb), filters: settings.voiceClarity ? VOICE_CLARITY_FILTERS : [] };
}

// ---- the WebAudio side, through the few members we use ---------------------------------

export interface ParamLike {
  value: number;
  setTargetAtTime?(value: number, startTime: number, timeConstant: number): unknown;
}
export interface NodeLike {
  connect(to: NodeLike): unknown;
  disconnect(): void;
}
export interface GainLike extends NodeLike {
  gain: ParamLike;
}
export interface BiquadLike extends NodeLike {
  type: string;
  frequency: ParamLike;
  Q: ParamLike;
  gain: ParamLike;
}
export interface AnalyserLike extends NodeLike {
  fftSize: number;
  getFloatTimeDomainData(into: Float32Array<ArrayBuffer>): void;
}
export interface ContextLike {
  currentTime: number;
  destination: NodeLike;
  createMediaStreamSource(stream: MediaStream): NodeLike;
  createGain(): GainLike;
  createBiquadFilter(): BiquadLike;
  createAnalyser(): AnalyserLike;
  setSinkId?(id: string): Promise<void>;
}

interface Chain {
  source: NodeLike;
  filters: BiquadLike[];
  gain: GainLike;
  analyser: AnalyserLike;
  buffer: Float32Array<ArrayBuffer>;
  /** The source → filters → gain row has been connected at least once. */
  wired: boolean;
}

/** Smooth parameter moves (no clicks when dragging a slider); 20 ms time constant. */
function setParam(ctx: ContextLike, param: ParamLike, value: number): void {
  if (param.setTargetAtTime) param.setTargetAtTime(value, ctx.currentTime, 0.02);
  param.value = value;
}

/** One chain per remote participant's audio, all into the context's (chosen) output. */
export class ListeningGraph {
  private readonly chains = new Map<string, Chain>();
  private settings: ListeningSettings;

  constructor(
    private readonly ctx: ContextLike,
    settings: ListeningSettings = DEFAULT_SETTINGS,
  ) {
    this.settings = settings;
  }

  /** Adds (or replaces) a participant's audio. */
  attach(participantId: string, stream: MediaStream): void {
    this.detach(participantId);
    const analyser = this.ctx.createAnalyser();
    analyser.fftSize = 512;
    const chain: Chain = {
      source: this.ctx.createMediaStreamSource(stream),
      filters: [],
      gain: this.ctx.createGain(),
      analyser,
      buffer: new Float32Array(512),
      wired: false,
    };
    this.chains.set(participantId, chain);
    chain.gain.connect(analyser);
    analyser.connect(this.ctx.destination);
    this.apply(participantId);
  }

  detach(participantId: string): void {
    const chain = this.chains.get(participantId);
    if (!chain) return;
    for (const n of [chain.source, ...chain.filters, chain.gain, chain.analyser]) n.disconnect();
    this.chains.delete(participantId);
  }

  participants(): string[] {
    return [...this.chains.keys()];
  }

  update(settings: ListeningSettings): void {
    this.settings = settings;
    for (const id of this.chains.keys()) this.apply(id);
  }

  /** Applies the plan: gain always; the filter row is rebuilt only when clarity toggles. */
  private apply(participantId: string): void {
    const chain = this.chains.get(participantId)!;
    const plan = planChain(this.settings, participantId);
    setParam(this.ctx, chain.gain.gain, plan.gain);
    if (!chain.wired || chain.filters.length !== plan.filters.length) {
      chain.wired = true;
      chain.source.disconnect();
      for (const f of chain.filters) f.disconnect();
      chain.filters = plan.filters.map(() => this.ctx.createBiquadFilter());
      let prev: NodeLike = chain.source;
      for (const f of chain.filters) {
        prev.connect(f);
        prev = f;
      }
      prev.connect(chain.gain);
    }
    plan.filters.forEach((spec, i) => {
      const f = chain.filters[i]!;
      f.type = spec.type;
      setParam(this.ctx, f.frequency, spec.frequency);
      setParam(this.ctx, f.Q, spec.Q);
      setParam(this.ctx, f.gain, spec.gain);
    });
  }

  /** Level 0…1 after the chain (what the clerk hears), for the local level meter. */
  level(participantId: string): number {
    const chain = this.chains.get(participantId);
    if (!chain) return 0;
    chain.analyser.getFloatTimeDomainData(chain.buffer);
    let sum = 0;
    for (const v of chain.buffer) sum += v * v;
    return Math.min(1, Math.sqrt(sum / chain.buffer.length) * 4);
  }

  /** Output device (e.g. a hearing-aid streamer). False when the browser cannot choose. */
  async setOutputDevice(deviceId: string): Promise<boolean> {
    if (!this.ctx.setSinkId) return false;
    await this.ctx.setSinkId(deviceId);
    return true;
  }
}

import { describe, expect, it } from 'vitest';
import { clampGainDb, dbToLinear, ListeningGraph, MAX_GAIN_DB, planChain, VOICE_CLARITY_FILTERS, type AnalyserLike, type BiquadLike, type ContextLike, type GainLike, type NodeLike, type ListeningSettings } from './chain';

// A recording stand-in for AudioContext (unit tests run without a browser): every node
// remembers its parameters and where it is connected.

class FakeNode implements NodeLike {
  out: FakeNode[] = [];
  constructor(readonly kind: string) {}
  connect(to: NodeLike) {
    this.out.push(to as FakeNode);
    return to;
  }
  disconnect() {
    this.out = [];
  }
}
const param = (value = 0) => ({ value });
class FakeGain extends FakeNode implements GainLike {
  gain = param(1);
}
class FakeBiquad extends FakeNode implements BiquadLike {
  type = 'lowpass';
  frequency = param(350);
  Q = param(1);
  gain = param(0);
}
class FakeAnalyser extends FakeNode implements AnalyserLike {
  fftSize = 2048;
  samples = 0;
  getFloatTimeDomainData(into: Float32Array) {
    into.fill(this.samples);
  }
}
function fakeContext() {
  const destination = new FakeNode('destination');
  const sinks: string[] = [];
  const ctx: ContextLike & { sinks: string[] } = {
    currentTime: 0,
    destination,
    sinks,
    createMediaStreamSource: () => new FakeNode('source'),
    createGain: () => new FakeGain('gain'),
    createBiquadFilter: () => new FakeBiquad('biquad'),
    createAnalyser: () => new FakeAnalyser('analyser'),
    async setSinkId(id: string) {
      sinks.push(id);
    },
  };
  return ctx;
}
/** Follows the connections from a participant's source to the destination. */
function path(source: FakeNode): FakeNode[] {
  const out: FakeNode[] = [source];
  let n = source;
  while (n.out.length) {
    expect(n.out).toHaveLength(1);
    n = n.out[0]!;
    out.push(n);
  }
  return out;
}
const stream = {} as MediaStream;
const settings = (over: Partial<ListeningSettings> = {}): ListeningSettings => ({ voiceClarity: false, defaultGainDb: 0, gainDbByParticipant: {}, outputDeviceId: '', ...over });

describe('planChain', () => {
  it('caps the boost at +12 dB (×3.98) and converts dB to linear gain', () => {
    expect(MAX_GAIN_DB).toBe(12);
    expect(clampGainDb(30)).toBe(12);
    expect(clampGainDb(Number.NaN)).toBe(0);
    expect(dbToLinear(12)).toBeCloseTo(3.981, 3);
    expect(dbToLinear(6)).toBeCloseTo(1.995, 3);
    expect(dbToLinear(0)).toBe(1);
    expect(planChain(settings({ gainDbByParticipant: { a: 40 } }), 'a')).toMatchObject({ gainDb: 12 });
  });

  it('uses the participant’s own gain, else the default; clarity adds the documented filters', () => {
    const s = settings({ defaultGainDb: 3, gainDbByParticipant: { a: 9 }, voiceClarity: true });
    expect(planChain(s, 'a').gainDb).toBe(9);
    expect(planChain(s, 'b').gainDb).toBe(3);
    expect(planChain(s, 'a').filters).toEqual([
      { type: 'highpass', frequency: 150, Q: 0.707, gain: 0 },
      { type: 'peaking', frequency: 3000, Q: 1.0, gain: 6 },
      { type: 'lowpass', frequency: 7000, Q: 0.707, gain: 0 },
    ]);
    expect(planChain(settings(), 'a').filters).toEqual([]);
  });
});

describe('ListeningGraph', () => {
  it('applies gain per participant: source → gain → analyser → destination', () => {
    const ctx = fakeContext();
    const g = new ListeningGraph(ctx, settings({ gainDbByParticipant: { citizen: 12, tolk: -6 } }));
    g.attach('citizen', stream);
    g.attach('tolk', stream);
    const [citizen, tolk] = ['citizen', 'tolk'].map((id) => path((g as unknown as { chains: Map<string, { source: FakeNode }> }).chains.get(id)!.source));
    expect(citizen!.map((n) => n.kind)).toEqual(['source', 'gain', 'analyser', 'destination']);
    expect((citizen![1] as FakeGain).gain.value).toBeCloseTo(3.981, 3);
    expect((tolk![1] as FakeGain).gain.value).toBeCloseTo(0.501, 3);
  });

  it('voice clarity inserts high-pass 150 Hz, peaking +6 dB @ 3 kHz, low-pass 7 kHz for every participant, and removes them again', () => {
    const ctx = fakeContext();
    const g = new ListeningGraph(ctx, settings());
    g.attach('a', stream);
    g.attach('b', stream);
    const chains = (g as unknown as { chains: Map<string, { source: FakeNode }> }).chains;
    g.update(settings({ voiceClarity: true, gainDbByParticipant: { a: 6 } }));
    for (const id of ['a', 'b']) {
      const nodes = path(chains.get(id)!.source);
      expect(nodes.map((n) => n.kind)).toEqual(['source', 'biquad', 'biquad', 'biquad', 'gain', 'analyser', 'destination']);
      const filters = nodes.slice(1, 4) as FakeBiquad[];
      expect(filters.map((f) => ({ type: f.type, frequency: f.frequency.value, Q: f.Q.value, gain: f.gain.value }))).toEqual([...VOICE_CLARITY_FILTERS]);
      expect((nodes[4] as FakeGain).gain.value).toBeCloseTo(id === 'a' ? 1.995 : 1, 3);
    }
    g.update(settings({ voiceClarity: false }));
    expect(path(chains.get('a')!.source).map((n) => n.kind)).toEqual(['source', 'gain', 'analyser', 'destination']);
  });

  it('detaches a participant, meters the level after the chain, and chooses the output device', async () => {
    const ctx = fakeContext();
    const g = new ListeningGraph(ctx);
    g.attach('a', stream);
    const chain = (g as unknown as { chains: Map<string, { analyser: FakeAnalyser }> }).chains.get('a')!;
    chain.analyser.samples = 0.1;
    expect(g.level('a')).toBeCloseTo(0.4, 5);
    chain.analyser.samples = 0;
    expect(g.level('a')).toBe(0);
    expect(await g.setOutputDevice('hearing-aid-streamer')).toBe(true);
    expect(ctx.sinks).toEqual(['hearing-aid-streamer']);
    g.detach('a');
    expect(g.participants()).toEqual([]);
    expect(g.level('a')).toBe(0);
  });
});

import { useEffect, useMemo, useRef, useState } from 'react';
import { canChooseSpeaker, listDevices, type CallSession, type SessionState } from '@videoloket/call-client';
import type { ParticipantView } from '@videoloket/contracts';
import { interpreterText as tx } from '../interpreter/labels';
import { ListeningGraph, MAX_GAIN_DB, MIN_GAIN_DB, planChain, type ContextLike, type ListeningSettings } from './chain';
import { ListeningSettingsStore } from './settings-store';
import { safeStorage } from './storage';
import './audio.css';

interface Props {
  session: CallSession;
  state: SessionState;
  clerkId: string;
  /** Admitted participants other than the clerk. */
  others: ParticipantView[];
}

const LEVEL_SPEAKING = 0.08;

/**
 * Issue 5, "audio for the clerk": plays every remote voice through the ListeningGraph
 * (per-person gain up to +12 dB, voice clarity), shows who is speaking (server's active
 * speaker + a local level meter), lets the clerk pick the output device, and remembers the
 * choices per clerk.
 */
export function DeskAudio({ state, clerkId, others }: Props) {
  const store = useMemo(() => new ListeningSettingsStore(safeStorage()), []);
  const [settings, setSettings] = useState<ListeningSettings>(() => store.load(clerkId));
  const [outputs, setOutputs] = useState<MediaDeviceInfo[]>([]);
  const [levels, setLevels] = useState<Record<string, number>>({});
  const graph = useRef<{ ctx: AudioContext; graph: ListeningGraph } | undefined>(undefined);

  // One AudioContext for the room.
  useEffect(() => {
    const ctx = new AudioContext();
    graph.current = { ctx, graph: new ListeningGraph(ctx as unknown as ContextLike, settings) };
    // Autoplay policy: resume on the first interaction if the page started suspended.
    const resume = () => void ctx.resume();
    document.addEventListener('pointerdown', resume, { once: true });
    return () => {
      document.removeEventListener('pointerdown', resume);
      void ctx.close();
      graph.current = undefined;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Remote audio tracks in and out of the graph.
  const audio = state.remoteTracks.filter((r) => r.kind === 'audio');
  const audioKey = audio.map((a) => `${a.participantId}:${a.consumerId}`).join(',');
  useEffect(() => {
    const g = graph.current?.graph;
    if (!g) return;
    const live = new Set(audio.map((a) => a.participantId));
    for (const id of g.participants()) if (!live.has(id)) g.detach(id);
    for (const a of audio) g.attach(a.participantId, new MediaStream([a.track]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [audioKey]);

  useEffect(() => {
    graph.current?.graph.update(settings);
    store.save(clerkId, settings);
  }, [settings, clerkId, store]);

  useEffect(() => {
    const g = graph.current?.graph;
    if (g && settings.outputDeviceId !== undefined) void g.setOutputDevice(settings.outputDeviceId).catch(() => undefined);
  }, [settings.outputDeviceId]);

  useEffect(() => {
    if (canChooseSpeaker()) void listDevices().then((d) => setOutputs(d.audioOutput)).catch(() => undefined);
  }, []);

  // Local level meter, ten times a second.
  useEffect(() => {
    const timer = setInterval(() => {
      const g = graph.current?.graph;
      if (!g) return;
      setLevels(Object.fromEntries(g.participants().map((id) => [id, g.level(id)])));
    }, 100);
    return () => clearInterval(timer);
  }, []);

  const setGain = (participantId: string, db: number) =>
    setSettings((s) => ({ ...s, gainDbByParticipant: { ...s.gainDbByParticipant, [participantId]: db } }));

  return (
    <section className="panel audio-panel" aria-labelledby="audio-heading" data-testid="audio-panel">
      <h2 id="audio-heading">{tx('audioHeading')}</h2>
      {/* Chrome only feeds remote WebRTC audio into WebAudio while a media element plays it; muted, so the graph is what is heard. */}
      {audio.map((a) => (
        <MutedSink key={a.consumerId} track={a.track} />
      ))}
      <ul className="audio-people">
        {others.map((p) => {
          const db = planChain(settings, p.id).gainDb;
          const level = levels[p.id] ?? 0;
          const speaking = state.activeSpeakerId === p.id || level > LEVEL_SPEAKING;
          return (
            <li key={p.id} data-testid="audio-person" data-participant-id={p.id} data-speaking={speaking}>
              <span className={speaking ? 'speaking-dot on' : 'speaking-dot'} aria-hidden="true" />
              <label>
                {tx('volumeOf', { name: p.displayName })} ({db > 0 ? '+' : ''}
                {db} dB)
                <input type="range" min={MIN_GAIN_DB} max={MAX_GAIN_DB} step={1} value={db} onChange={(e) => setGain(p.id, Number(e.target.value))} data-testid="audio-gain" />
              </label>
              <meter min={0} max={1} value={level} aria-label={tx('levelOf', { name: p.displayName })} />
              {speaking && <span className="speaking-label">{tx('speaking')}</span>}
            </li>
          );
        })}
      </ul>
      <label className="checkbox">
        <input type="checkbox" checked={settings.voiceClarity} onChange={(e) => setSettings((s) => ({ ...s, voiceClarity: e.target.checked }))} data-testid="voice-clarity" />
        {tx('voiceClarity')}
      </label>
      {outputs.length > 0 && (
        <label>
          {tx('outputDevice')}
          <select value={settings.outputDeviceId} onChange={(e) => setSettings((s) => ({ ...s, outputDeviceId: e.target.value }))} data-testid="audio-output">
            <option value="">{tx('systemDefault')}</option>
            {outputs.map((d) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || d.deviceId}
              </option>
            ))}
          </select>
        </label>
      )}
    </section>
  );
}

function MutedSink({ track }: { track: MediaStreamTrack }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.srcObject = new MediaStream([track]);
    el.muted = true;
    void el.play().catch(() => undefined);
  }, [track]);
  return <audio ref={ref} muted autoPlay hidden />;
}

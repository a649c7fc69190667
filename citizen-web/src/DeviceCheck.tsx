import { useEffect, useRef, useState, type FormEvent } from 'react';
import { canChooseSpeaker, listDevices, openLocalMedia, playTestTone, stopStream, type DeviceChoice, type DeviceLists, type Translate } from '@videoloket/call-client';
import { useAudioLevel, VideoTile } from '@videoloket/call-client/react';
import type { CitizenKey } from './i18n';

interface Props {
  t: Translate<CitizenKey>;
  initialName?: string;
  onJoin(join: { name: string; stream: MediaStream; devices: DeviceChoice; audioOnly: boolean }): void;
}

/** Before joining: self view, microphone meter, speaker test, device pickers and the name field. */
export function DeviceCheck({ t, initialName = '', onJoin }: Props) {
  const [choice, setChoice] = useState<DeviceChoice>({});
  const [stream, setStream] = useState<MediaStream>();
  const [missing, setMissing] = useState<string[]>([]);
  const [devices, setDevices] = useState<DeviceLists>({ audioInput: [], videoInput: [], audioOutput: [] });
  const [name, setName] = useState(initialName);
  const [nameError, setNameError] = useState(false);
  const [testing, setTesting] = useState(false);
  const handedOver = useRef(false);
  const [attempt, setAttempt] = useState(0);
  // Issue 17, "join waits for the devices": a Join before the camera and microphone are open
  // waits for them, then joins — or says which one is missing and lets the citizen choose.
  const [mediaReady, setMediaReady] = useState(false);
  const [pendingJoin, setPendingJoin] = useState(false);
  const joinWithout = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let cancelled = false;
    let opened: MediaStream | undefined;
    setMediaReady(false);
    void openLocalMedia({ audioInput: choice.audioInput, videoInput: choice.videoInput }).then(async (res) => {
      if (cancelled) return stopStream(res.stream);
      opened = res.stream;
      setStream(res.stream);
      setMissing(res.missing);
      setMediaReady(true);
      setDevices(await listDevices().catch(() => ({ audioInput: [], videoInput: [], audioOutput: [] })));
    });
    return () => {
      cancelled = true;
      if (!handedOver.current) stopStream(opened);
    };
  }, [choice.audioInput, choice.videoInput, attempt]);

  const audioTrack = stream?.getAudioTracks()[0];
  const videoTrack = stream?.getVideoTracks()[0];
  const level = useAudioLevel(audioTrack);

  useEffect(() => {
    if (!pendingJoin || !mediaReady) return;
    setPendingJoin(false);
    if (missing.length === 0) join();
    else joinWithout.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pendingJoin, mediaReady, missing]);

  const [audioOnly, setAudioOnly] = useState(false);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setNameError(true);
      document.getElementById('name')?.focus();
      return;
    }
    if (!mediaReady) return setPendingJoin(true);
    if (missing.length) return joinWithout.current?.focus();
    join();
  }

  /** Joins with what is open now; without a device only when the citizen chose so. */
  function join() {
    handedOver.current = true;
    onJoin({
      audioOnly,
      name: name.trim(),
      stream: stream ?? new MediaStream(),
      devices: {
        ...choice,
        audioInput: choice.audioInput ?? audioTrack?.getSettings().deviceId,
        videoInput: choice.videoInput ?? videoTrack?.getSettings().deviceId,
      },
    });
  }

  async function testSpeaker() {
    setTesting(true);
    try {
      await playTestTone(choice.audioOutput);
    } finally {
      setTesting(false);
    }
  }

  return (
    <section className="device-check" aria-labelledby="check-heading" data-testid="device-check">
      <h1 id="check-heading">{t('checkTitle')}</h1>
      <p>{t('checkIntro')}</p>
      <div className="check-grid">
        <div>
          <VideoTile track={videoTrack} label={t('selfView')} placeholder={videoTrack ? undefined : t('cameraIsOff')} mirrored testId="self-preview" />
          <div className="meter-row">
            <label htmlFor="mic-level">{t('micLevel')}</label>
            <meter id="mic-level" min={0} max={1} low={0.05} value={level} data-testid="mic-level" />
            <span className="hint">{t('micHint')}</span>
          </div>
        </div>
        <form onSubmit={submit} noValidate>
          {missing.length > 0 && (
            <div role="alert" className="banner" data-testid="media-missing">
              <p>{t(missing.length === 2 ? 'missingBoth' : missing[0] === 'video' ? 'missingCamera' : 'missingMicrophone')}</p>
              <p>{t('mediaBlocked')}</p>
              <button type="button" className="secondary" onClick={() => setAttempt((a) => a + 1)}>
                {t('retryMedia')}
              </button>{' '}
              <button
                type="button"
                ref={joinWithout}
                className="secondary"
                onClick={() => (name.trim() ? join() : (setNameError(true), document.getElementById('name')?.focus()))}
                data-testid="join-without"
              >
                {t(missing.length === 2 ? 'joinWithoutBoth' : missing[0] === 'video' ? 'joinWithoutCamera' : 'joinWithoutMicrophone')}
              </button>
            </div>
          )}
          <DevicePicker id="camera" label={t('camera')} list={devices.videoInput} value={choice.videoInput ?? videoTrack?.getSettings().deviceId} fallback={t('deviceDefault')} onChange={(v) => setChoice((c) => ({ ...c, videoInput: v }))} />
          <DevicePicker id="microphone" label={t('microphone')} list={devices.audioInput} value={choice.audioInput ?? audioTrack?.getSettings().deviceId} fallback={t('deviceDefault')} onChange={(v) => setChoice((c) => ({ ...c, audioInput: v }))} />
          {canChooseSpeaker() && (
            <DevicePicker id="speaker" label={t('speaker')} list={devices.audioOutput} value={choice.audioOutput} fallback={t('deviceDefault')} onChange={(v) => setChoice((c) => ({ ...c, audioOutput: v }))} />
          )}
          <div className="field">
            <button type="button" className="secondary" onClick={testSpeaker} disabled={testing} data-testid="speaker-test">
              {t('speakerTest')}
            </button>
            <span className="hint">{t('speakerHint')}</span>
          </div>
          <div className="field checkbox-field">
            <input id="audio-only" type="checkbox" checked={audioOnly} onChange={(e) => setAudioOnly(e.target.checked)} aria-describedby="audio-only-hint" data-testid="audio-only-choice" />
            <label htmlFor="audio-only">{t('audioOnlyChoice')}</label>
            <span className="hint" id="audio-only-hint">{t('audioOnlyHint')}</span>
          </div>
          <div className="field">
            <label htmlFor="name">{t('name')}</label>
            <span className="hint" id="name-hint">{t('nameHint')}</span>
            <input
              id="name"
              data-testid="name-input"
              value={name}
              maxLength={80}
              autoComplete="name"
              aria-describedby={nameError ? 'name-hint name-error' : 'name-hint'}
              aria-invalid={nameError || undefined}
              onChange={(e) => {
                setName(e.target.value);
                setNameError(false);
              }}
            />
            {nameError && (
              <span id="name-error" className="error" role="alert">
                {t('nameRequired')}
              </span>
            )}
          </div>
          <button type="submit" aria-disabled={pendingJoin || undefined} data-testid="join-button">
            {t('join')}
          </button>
          <p className="status" role="status" data-testid="join-status">
            {pendingJoin ? t('waitingForDevices') : ''}
          </p>
        </form>
      </div>
    </section>
  );
}

function DevicePicker({ id, label, list, value, fallback, onChange }: { id: string; label: string; list: MediaDeviceInfo[]; value?: string; fallback: string; onChange(v: string): void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value)} data-testid={`${id}-picker`}>
        {list.length === 0 && <option value="">{fallback}</option>}
        {list.map((d, i) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label || `${label} ${i + 1}`}
          </option>
        ))}
      </select>
    </div>
  );
}

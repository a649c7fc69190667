import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { DeviceChoice, Translate } from '@videoloket/call-client';
import { DeviceCheckPickers, DeviceCheckPreview, deviceCheckLabels, useDeviceCheck } from '@videoloket/call-client/react';
import type { CitizenKey } from './i18n';

interface Props {
  t: Translate<CitizenKey>;
  initialName?: string;
  onJoin(join: { name: string; stream: MediaStream; devices: DeviceChoice; audioOnly: boolean }): void;
}

/** Before joining: self view, microphone meter, speaker test, device pickers and the name field. */
export function DeviceCheck({ t, initialName = '', onJoin }: Props) {
  const check = useDeviceCheck();
  const { missing, mediaReady } = check;
  const [name, setName] = useState(initialName);
  const [nameError, setNameError] = useState(false);
  // Issue 17, "join waits for the devices": a Join before the camera and microphone are open
  // waits for them, then joins — or says which one is missing and lets the citizen choose.
  const [pendingJoin, setPendingJoin] = useState(false);
  const joinWithout = useRef<HTMLButtonElement>(null);

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
    onJoin({ audioOnly, name: name.trim(), ...check.handOver() });
  }

  const labels = deviceCheckLabels(t);

  return (
    <section className="device-check" aria-labelledby="check-heading" data-testid="device-check">
      <h1 id="check-heading">{t('checkTitle')}</h1>
      <p>{t('checkIntro')}</p>
      <div className="check-grid">
        <DeviceCheckPreview check={check} labels={labels} />
        <form onSubmit={submit} noValidate>
          {missing.length > 0 && (
            <div role="alert" className="banner" data-testid="media-missing">
              <p>{t(missing.length === 2 ? 'missingBoth' : missing[0] === 'video' ? 'missingCamera' : 'missingMicrophone')}</p>
              <p>{t('mediaBlocked')}</p>
              <button type="button" className="secondary" onClick={check.retry}>
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
          <DeviceCheckPickers check={check} labels={labels} />
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

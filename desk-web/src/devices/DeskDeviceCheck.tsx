import { useEffect, useMemo, useRef, useState } from 'react';
import type { DeviceChoice, Language } from '@videoloket/call-client';
import { DeviceCheckPickers, DeviceCheckPreview, deviceCheckLabels, useDeviceCheck } from '@videoloket/call-client/react';
import { ListeningSettingsStore } from '../audio/settings-store';
import { safeStorage } from '../audio/storage';
import { DeskDeviceStore } from './device-store';
import { deviceText, type DeviceCheckKey } from './labels';

export interface CheckedDevices {
  stream: MediaStream;
  devices: DeviceChoice;
}

/**
 * Issue 12 item 4: before the clerk's media starts, the clerk sees and hears their own devices
 * and picks camera, microphone and speaker. The choice is remembered (per clerk, this browser)
 * and preselected next time; the speaker becomes the output of the call's listening chain.
 */
export function DeskDeviceCheck({ clerkId, lang, onStart }: { clerkId: string; lang: Language; onStart(checked: CheckedDevices): void }) {
  const tx = (key: DeviceCheckKey) => deviceText(key, undefined, lang);
  const stores = useMemo(() => ({ devices: new DeskDeviceStore(safeStorage()), listening: new ListeningSettingsStore(safeStorage()) }), []);
  const [remembered] = useState<DeviceChoice>(() => {
    const { audioInput, videoInput } = stores.devices.load(clerkId);
    return { audioInput, videoInput, audioOutput: stores.listening.load(clerkId).outputDeviceId || undefined };
  });
  const check = useDeviceCheck(remembered);
  const startButton = useRef<HTMLButtonElement>(null);

  // The clerk usually only confirms: Enter starts the call.
  useEffect(() => startButton.current?.focus(), []);

  function start() {
    if (!check.mediaReady) return;
    const { stream, devices } = check.handOver();
    stores.devices.remember(clerkId, devices);
    if (devices.audioOutput !== undefined) stores.listening.save(clerkId, { ...stores.listening.load(clerkId), outputDeviceId: devices.audioOutput });
    onStart({ stream, devices });
  }

  const labels = deviceCheckLabels(tx);

  return (
    <section className="device-check" aria-labelledby="check-heading" data-testid="desk-device-check">
      <h1 id="check-heading">{tx('checkTitle')}</h1>
      <p>{tx('checkIntro')}</p>
      <div className="check-grid">
        <DeviceCheckPreview check={check} labels={labels} />
        <div>
          {check.missing.length > 0 && (
            <div role="alert" className="banner" data-testid="media-missing">
              <p>{tx('missing')}</p>
              <button type="button" className="secondary" onClick={check.retry}>
                {tx('retry')}
              </button>
            </div>
          )}
          <DeviceCheckPickers check={check} labels={labels} />
          <div className="field">
            <CheckBeforeCallSetting clerkId={clerkId} lang={lang} />
          </div>
          <button type="button" ref={startButton} aria-disabled={!check.mediaReady || undefined} onClick={start} data-testid="start-media">
            {tx('start')}
          </button>
          <p className="status" role="status">
            {check.mediaReady ? '' : tx('opening')}
          </p>
        </div>
      </div>
    </section>
  );
}

/** "Show this check before every call": in the check, and in the call room to turn it back on. */
export function CheckBeforeCallSetting({ clerkId, lang }: { clerkId: string; lang: Language }) {
  const store = useMemo(() => new DeskDeviceStore(safeStorage()), []);
  const [on, setOn] = useState(() => store.load(clerkId).checkBeforeCall);
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        checked={on}
        onChange={(e) => {
          setOn(e.target.checked);
          store.setCheckBeforeCall(clerkId, e.target.checked);
        }}
        data-testid="check-before-call"
      />
      {deviceText('checkBeforeCall', undefined, lang)}
    </label>
  );
}

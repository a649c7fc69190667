import { useEffect, useState } from 'react';
import { listDevices, switchDevice, type DeviceLists, type TrackReplacer } from '@videoloket/call-client';
import { deviceText } from './labels';

/**
 * The clerk switches camera or microphone mid-call (issue 12 item 4): the new device's track
 * goes into the running producer, so the citizen sees at most a blink. The speaker is chosen
 * in the sound panel (DeskAudio).
 */
export function DeskDevices({ call, stream, onSwitched }: { call: TrackReplacer; stream: MediaStream; onSwitched(): void }) {
  const [lists, setLists] = useState<DeviceLists>();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    const refresh = () => void listDevices().then((d) => !cancelled && setLists(d), () => undefined);
    refresh();
    navigator.mediaDevices?.addEventListener?.('devicechange', refresh);
    return () => {
      cancelled = true;
      navigator.mediaDevices?.removeEventListener?.('devicechange', refresh);
    };
  }, []);
  if (!lists) return null;

  async function choose(kind: 'camera' | 'microphone', deviceId: string) {
    setBusy(true);
    setFailed(false);
    try {
      await switchDevice(call, stream, kind, deviceId);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
      onSwitched();
    }
  }

  const pickers = [
    { kind: 'camera', devices: lists.videoInput, track: stream.getVideoTracks()[0] },
    { kind: 'microphone', devices: lists.audioInput, track: stream.getAudioTracks()[0] },
  ] as const;
  return (
    <fieldset className="desk-devices" data-testid="desk-devices">
      <legend>{deviceText('devices')}</legend>
      {pickers.map(({ kind, devices, track }) =>
        track && devices.length > 1 ? (
          <label key={kind}>
            {deviceText(kind)}
            <select value={track.getSettings().deviceId ?? ''} disabled={busy} onChange={(e) => void choose(kind, e.target.value)} data-testid={`${kind}-device`}>
              {devices.map((d, i) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || deviceText('unnamed', { n: String(i + 1) })}
                </option>
              ))}
            </select>
          </label>
        ) : null,
      )}
      {failed && (
        <p role="alert" className="error">
          {deviceText('failed')}
        </p>
      )}
    </fieldset>
  );
}

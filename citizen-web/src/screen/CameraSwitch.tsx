import { useEffect, useState } from 'react';
import { listDevices, switchDevice, type CallSession } from '@videoloket/call-client';

interface Props {
  session: CallSession;
  /** The page's local stream: the new camera track replaces the old one in it (a media restart reads it). */
  stream: MediaStream;
  current?: MediaStreamTrack;
  paused: boolean;
  onSwitched(track: MediaStreamTrack): void;
  label: string;
  failed: string;
}

/**
 * Issue 17: "front/back camera switch" — a citizen turns the phone's back camera on a paper
 * document. Shown only when there is another camera to switch to (switchDevice does the swap).
 */
export function CameraSwitch({ session, stream, current, paused, onSwitched, label, failed }: Props) {
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(false);
  useEffect(() => {
    let cancelled = false;
    const refresh = () => void listDevices().then((d) => !cancelled && setCameras(d.videoInput), () => undefined);
    refresh();
    navigator.mediaDevices?.addEventListener?.('devicechange', refresh);
    return () => {
      cancelled = true;
      navigator.mediaDevices?.removeEventListener?.('devicechange', refresh);
    };
  }, []);
  if (!current || cameras.length < 2) return null;

  async function next() {
    if (!current) return;
    setBusy(true);
    setError(false);
    // Some browsers leave the track's deviceId empty: then its label names the camera.
    const { deviceId } = current.getSettings();
    const at = cameras.findIndex((c) => (deviceId ? c.deviceId === deviceId : c.label !== '' && c.label === current.label));
    const target = cameras[(at + 1) % cameras.length]!;
    try {
      const track = await switchDevice(session, stream, 'camera', target.deviceId);
      track.enabled = !paused;
      onSwitched(track);
    } catch {
      setError(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="secondary" disabled={busy} onClick={() => void next()} data-testid="camera-switch">
        {label}
      </button>
      {error && (
        <span role="alert" className="error">
          {failed}
        </span>
      )}
    </>
  );
}

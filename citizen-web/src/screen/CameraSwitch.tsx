import { useEffect, useState } from 'react';
import { listDevices, type CallSession } from '@videoloket/call-client';

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
 * document. Shown only when there is another camera to switch to; the new track replaces the
 * old one in the running producer (no renegotiation), then the old camera is released.
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
    const at = cameras.findIndex((c) => c.deviceId === current.getSettings().deviceId);
    const target = cameras[(at + 1) % cameras.length]!;
    try {
      // Phones cannot open two cameras at once: release the old one first.
      current.stop();
      const opened = await navigator.mediaDevices.getUserMedia({ video: { deviceId: { exact: target.deviceId }, width: { ideal: 1280 }, height: { ideal: 720 } } });
      const track = opened.getVideoTracks()[0]!;
      track.enabled = !paused;
      stream.removeTrack(current);
      stream.addTrack(track);
      await session.replaceTrack('camera', track);
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

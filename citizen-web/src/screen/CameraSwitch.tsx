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
    // Some browsers leave the track's deviceId empty: then its label names the camera.
    const { deviceId } = current.getSettings();
    const at = cameras.findIndex((c) => (deviceId ? c.deviceId === deviceId : c.label !== '' && c.label === current.label));
    const target = cameras[(at + 1) % cameras.length]!;
    const open = (id: string) => navigator.mediaDevices.getUserMedia({ video: { deviceId: { exact: id }, width: { ideal: 1280 }, height: { ideal: 720 } } });
    try {
      // Phones cannot open two cameras at once: release the old one first (and reopen it if the other fails).
      current.stop();
      const opened = await open(target.deviceId).catch(async (err: unknown) => {
        if (deviceId) await open(deviceId).then((back) => swap(back.getVideoTracks()[0]!), () => undefined);
        throw err;
      });
      await swap(opened.getVideoTracks()[0]!);
    } catch {
      setError(true);
    } finally {
      setBusy(false);
    }
  }

  async function swap(track: MediaStreamTrack) {
    if (!current) return;
    track.enabled = !paused;
    stream.removeTrack(current);
    stream.addTrack(track);
    await session.replaceTrack('camera', track);
    onSwitched(track);
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

import { useEffect, useRef, useState } from 'react';
import type { CallSession } from '../call-session';
import { isAppError } from '../errors';

export interface ScreenShareLabels {
  start: string;
  stop: string;
  /** Shown when the server refused (a citizen the clerk has not allowed) or capture failed. */
  refused: string;
}

/**
 * Issue 5: share a screen or a window (getDisplayMedia → a producer with source 'screen').
 * Stopping from the browser's own "stop sharing" bar ends the track, which closes the
 * producer (MediaSession.shareScreen) and flips this button back.
 */
export function ScreenShareButton({ session, labels, disabled, describedBy }: { session: CallSession; labels: ScreenShareLabels; disabled?: boolean; describedBy?: string }) {
  const [sharing, setSharing] = useState(false);
  const [error, setError] = useState<string>();
  const track = useRef<MediaStreamTrack | undefined>(undefined);

  useEffect(() => () => track.current?.stop(), []);

  // The clerk took the permission back: the server already closed the producer; end ours too.
  const stopRef = useRef<() => Promise<void>>(undefined);
  useEffect(() => {
    if (disabled && sharing) void stopRef.current?.();
  }, [disabled, sharing]);

  async function start() {
    setError(undefined);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch {
      return; // the person closed the picker: nothing to say
    }
    const t = stream.getVideoTracks()[0];
    if (!t) return;
    track.current = t;
    try {
      await session.shareScreen(t, () => {
        setSharing(false);
        track.current = undefined;
      });
      setSharing(true);
    } catch (err) {
      t.stop();
      track.current = undefined;
      setError(isAppError(err) ? `${labels.refused} (${err.code})` : labels.refused);
    }
  }

  async function stop() {
    track.current?.stop();
    track.current = undefined;
    await session.stopScreenShare();
    setSharing(false);
  }
  stopRef.current = stop;

  return (
    <>
      <button type="button" aria-pressed={sharing} disabled={disabled} aria-describedby={describedBy} onClick={() => void (sharing ? stop() : start())} data-testid="screen-share-button">
        {sharing ? labels.stop : labels.start}
      </button>
      {error && (
        <span role="alert" className="error" data-testid="screen-share-error">
          {error}
        </span>
      )}
    </>
  );
}

import { useEffect, useRef } from 'react';
import { mark } from '../debug';

interface VideoTileProps {
  track?: MediaStreamTrack;
  /** Shown on the tile and used as its accessible name. */
  label: string;
  /** Show the name instead of a picture (camera off, or no video yet). */
  placeholder?: string;
  mirrored?: boolean;
  size?: 'large' | 'small';
  remote?: boolean;
  speaking?: boolean;
  testId?: string;
}

/** A video with its owner's name. Always muted: sound plays through RemoteAudio (so speaker choice works). */
export function VideoTile({ track, label, placeholder, mirrored, size = 'large', remote, speaking, testId }: VideoTileProps) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.srcObject = track ? new MediaStream([track]) : null;
    if (!track) return;
    void el.play().catch(() => undefined);
    if (remote) {
      // First remote frame on screen: what the join benchmark measures.
      const v = el as HTMLVideoElement & { requestVideoFrameCallback?: (cb: () => void) => number };
      if (v.requestVideoFrameCallback) v.requestVideoFrameCallback(() => mark('firstRemoteVideoFrame'));
      else el.addEventListener('playing', () => mark('firstRemoteVideoFrame'), { once: true });
    }
  }, [track, remote]);
  const showVideo = Boolean(track) && !placeholder;
  return (
    <figure className={`tile tile-${size}${speaking ? ' tile-speaking' : ''}`} data-testid={testId}>
      <video
        ref={ref}
        muted
        autoPlay
        playsInline
        aria-label={label}
        className={mirrored ? 'mirrored' : undefined}
        hidden={!showVideo}
      />
      {!showVideo && (
        <div className="tile-placeholder" aria-hidden="true">
          <span>{placeholder ?? label}</span>
        </div>
      )}
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/** Plays one remote audio track, on the chosen speaker where the browser allows it. */
export function RemoteAudio({ track, sinkId }: { track: MediaStreamTrack; sinkId?: string }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.srcObject = new MediaStream([track]);
    void el.play().catch(() => undefined);
  }, [track]);
  useEffect(() => {
    const el = ref.current as (HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> }) | null;
    if (el?.setSinkId && sinkId) void el.setSinkId(sinkId).catch(() => undefined);
  }, [sinkId]);
  return <audio ref={ref} autoPlay />;
}

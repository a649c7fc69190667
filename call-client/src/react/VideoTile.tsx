import { useEffect, useId, useRef, useState } from 'react';
import { mark } from '../debug';

/** Issue 17: "a remote tile whose frames stop for more than about 2 s shows 'connection interrupted'". */
export const FRAME_STALL_MS = 2000;

type FrameVideo = HTMLVideoElement & { requestVideoFrameCallback?: (cb: () => void) => number; cancelVideoFrameCallback?: (h: number) => void };

/**
 * True while a shown remote video has presented no new frame for FRAME_STALL_MS: the picture
 * froze (network trouble, the sender's camera stopped). Clears on the next frame.
 */
function useFrameStall(ref: React.RefObject<HTMLVideoElement | null>, watch: boolean): boolean {
  const [stalled, setStalled] = useState(false);
  useEffect(() => {
    const el = ref.current as FrameVideo | null;
    setStalled(false);
    if (!watch || !el?.requestVideoFrameCallback) return;
    // Counted from the first frame: before it, the tile shows the track is still starting.
    let last: number | undefined;
    let handle = 0;
    const onFrame = () => {
      last = performance.now();
      setStalled(false);
      handle = el.requestVideoFrameCallback!(onFrame);
    };
    handle = el.requestVideoFrameCallback(onFrame);
    // Frames also count when they arrive but are not painted: Chromium calls the frame
    // callback only for a video it composites, so a tile scrolled out of view would look frozen.
    let arrived = el.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;
    const timer = setInterval(() => {
      const total = el.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;
      if (total !== arrived) {
        arrived = total;
        last = performance.now();
        setStalled(false);
      }
      // A hidden page presents no frames at all: that is not the network's fault.
      if (last !== undefined && document.visibilityState === 'visible' && performance.now() - last > FRAME_STALL_MS) setStalled(true);
    }, 500);
    return () => {
      clearInterval(timer);
      el.cancelVideoFrameCallback?.(handle);
    };
  }, [ref, watch]);
  return stalled;
}

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
  /** Remote tiles: what to show and announce while the picture has stopped (see FRAME_STALL_MS). */
  interruptedLabel?: string;
}

/** A video with its owner's name. Always muted: sound plays through RemoteAudio (so speaker choice works). */
export function VideoTile({ track, label, placeholder, mirrored, size = 'large', remote, speaking, testId, interruptedLabel }: VideoTileProps) {
  const ref = useRef<HTMLVideoElement>(null);
  const statusId = useId();
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
  const interrupted = useFrameStall(ref, Boolean(remote && interruptedLabel && showVideo && track)) && showVideo;
  // A frozen picture is not someone speaking: drop the outline while it is interrupted.
  const classes = `tile tile-${size}${speaking && !interrupted ? ' tile-speaking' : ''}${interrupted ? ' tile-interrupted' : ''}`;
  return (
    <figure className={classes} role="figure" aria-label={label} aria-describedby={remote ? statusId : undefined} data-testid={testId} data-interrupted={interrupted ? 'true' : 'false'}>
      <video ref={ref} muted autoPlay playsInline aria-hidden="true" className={mirrored ? 'mirrored' : undefined} hidden={!showVideo} />
      {!showVideo && (
        <div className="tile-placeholder" aria-hidden="true">
          <span>{placeholder ?? label}</span>
        </div>
      )}
      {remote && (
        // Announced when it appears and when it goes: both sides hear the picture stopped and came back.
        <p id={statusId} className={interrupted ? 'tile-status' : 'visually-hidden'} role="status" data-testid="tile-status">
          {interrupted ? interruptedLabel : !showVideo && placeholder ? placeholder : ''}
        </p>
      )}
      <figcaption aria-hidden="true">{label}</figcaption>
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

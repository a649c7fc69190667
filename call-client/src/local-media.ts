// The page's own camera and microphone: open them with the chosen devices, list devices,
// and play a speaker test tone. Nothing here sends anything anywhere.

export interface DeviceChoice {
  audioInput?: string;
  videoInput?: string;
  audioOutput?: string;
}

export interface LocalMediaResult {
  stream: MediaStream;
  /** Which kinds we could not open (permission denied, no device). */
  missing: ('audio' | 'video')[];
}

const VIDEO_CONSTRAINTS: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };

/** Opens camera and microphone; if both fail together, tries each alone so one broken device does not block the other. */
export async function openLocalMedia(choice: DeviceChoice = {}): Promise<LocalMediaResult> {
  const audio: MediaTrackConstraints | boolean = choice.audioInput ? { deviceId: { exact: choice.audioInput } } : true;
  const video: MediaTrackConstraints = { ...VIDEO_CONSTRAINTS, ...(choice.videoInput ? { deviceId: { exact: choice.videoInput } } : {}) };
  try {
    return { stream: await navigator.mediaDevices.getUserMedia({ audio, video }), missing: [] };
  } catch {
    const stream = new MediaStream();
    const missing: ('audio' | 'video')[] = [];
    for (const kind of ['audio', 'video'] as const) {
      try {
        const s = await navigator.mediaDevices.getUserMedia(kind === 'audio' ? { audio } : { video });
        s.getTracks().forEach((t) => stream.addTrack(t));
      } catch {
        missing.push(kind);
      }
    }
    return { stream, missing };
  }
}

export function stopStream(stream: MediaStream | undefined): void {
  stream?.getTracks().forEach((t) => t.stop());
}

/** What a device switch needs of the call (CallSession has it). */
export interface TrackReplacer {
  replaceTrack(source: 'microphone' | 'camera', track: MediaStreamTrack): Promise<void>;
}

/**
 * Mid-call device switch: opens `deviceId`, puts its track in the running producer (no
 * renegotiation: the other side sees at most a blink) and in the page's stream, and releases
 * the old device. A phone cannot open two cameras at once: when opening next to the old one
 * fails, the old one is released first, and opened again if the new one fails too.
 */
export async function switchDevice(call: TrackReplacer, stream: MediaStream, kind: 'camera' | 'microphone', deviceId: string): Promise<MediaStreamTrack> {
  const current = kind === 'camera' ? stream.getVideoTracks()[0] : stream.getAudioTracks()[0];
  const previousId = current?.getSettings().deviceId;
  const open = async (id: string) => {
    const constraints = { deviceId: { exact: id } };
    const opened = await navigator.mediaDevices.getUserMedia(kind === 'camera' ? { video: { ...VIDEO_CONSTRAINTS, ...constraints } } : { audio: constraints });
    return (kind === 'camera' ? opened.getVideoTracks() : opened.getAudioTracks())[0]!;
  };
  const swap = async (track: MediaStreamTrack) => {
    // A paused camera or microphone stays paused on the new device.
    track.enabled = current?.enabled ?? true;
    if (current) stream.removeTrack(current);
    stream.addTrack(track);
    await call.replaceTrack(kind, track);
    // Stopped only once replaced: a sender whose track ended before the swap may stop encoding.
    current?.stop();
  };
  let track: MediaStreamTrack;
  try {
    track = await open(deviceId);
  } catch {
    current?.stop();
    try {
      track = await open(deviceId);
    } catch (err) {
      if (previousId) await open(previousId).then(swap, () => undefined);
      throw err;
    }
  }
  await swap(track);
  return track;
}

export interface DeviceLists {
  audioInput: MediaDeviceInfo[];
  videoInput: MediaDeviceInfo[];
  audioOutput: MediaDeviceInfo[];
}

export async function listDevices(): Promise<DeviceLists> {
  const all = await navigator.mediaDevices.enumerateDevices();
  return {
    audioInput: all.filter((d) => d.kind === 'audioinput' && d.deviceId),
    videoInput: all.filter((d) => d.kind === 'videoinput' && d.deviceId),
    audioOutput: all.filter((d) => d.kind === 'audiooutput' && d.deviceId),
  };
}

/** Speaker choice needs HTMLMediaElement.setSinkId (Chromium, Firefox ≥ 116; not Safari iOS). */
export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/** Plays a short, soft 440 Hz tone on the chosen speaker. */
export async function playTestTone(sinkId?: string, durationMs = 1200): Promise<void> {
  const ctx = new AudioContext();
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  const dest = ctx.createMediaStreamDestination();
  osc.frequency.value = 440;
  gain.gain.value = 0.15;
  osc.connect(gain).connect(dest);
  const audio = new Audio() as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
  audio.srcObject = dest.stream;
  if (sinkId && audio.setSinkId) await audio.setSinkId(sinkId).catch(() => undefined);
  osc.start();
  await audio.play().catch(() => undefined);
  await new Promise((r) => setTimeout(r, durationMs));
  osc.stop();
  audio.pause();
  await ctx.close();
}

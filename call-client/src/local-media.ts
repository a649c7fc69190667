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

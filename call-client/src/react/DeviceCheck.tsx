import { useCallback, useEffect, useRef, useState } from 'react';
import { canChooseSpeaker, listDevices, openLocalMedia, playTestTone, stopStream, type DeviceChoice, type DeviceLists } from '../local-media';
import { useAudioLevel } from './useAudioLevel';
import { VideoTile } from './VideoTile';

// The device check both apps show before their media starts (the citizen before joining, the
// clerk before a call): the open camera and microphone, the device lists, a level and a speaker test.

const NO_DEVICES: DeviceLists = { audioInput: [], videoInput: [], audioOutput: [] };

export interface DeviceCheckState {
  choice: DeviceChoice;
  choose(kind: keyof DeviceChoice, deviceId: string): void;
  stream?: MediaStream;
  audioTrack?: MediaStreamTrack;
  videoTrack?: MediaStreamTrack;
  /** Microphone level 0…1. */
  level: number;
  /** Kinds that could not be opened (permission denied, no device). */
  missing: ('audio' | 'video')[];
  devices: DeviceLists;
  /** The last opening attempt has finished (with or without every device). */
  mediaReady: boolean;
  retry(): void;
  /** Gives the open stream to the caller (no longer stopped when the check goes) and the devices it uses. */
  handOver(): { stream: MediaStream; devices: DeviceChoice };
  testingSpeaker: boolean;
  testSpeaker(): Promise<void>;
}

/**
 * Opens camera and microphone with the chosen devices (again on each change), lists the devices
 * and meters the microphone. `remembered` preselects devices from an earlier visit: one that is
 * gone (unplugged, another browser profile) falls back to the default instead of failing.
 */
export function useDeviceCheck(remembered: DeviceChoice = {}): DeviceCheckState {
  const [choice, setChoice] = useState<DeviceChoice>(remembered);
  const [stream, setStream] = useState<MediaStream>();
  const [missing, setMissing] = useState<('audio' | 'video')[]>([]);
  const [devices, setDevices] = useState<DeviceLists>(NO_DEVICES);
  const [mediaReady, setMediaReady] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [testingSpeaker, setTestingSpeaker] = useState(false);
  const handedOver = useRef(false);
  const rememberedIds = useRef(remembered);

  const { audioInput, videoInput } = choice;
  useEffect(() => {
    let cancelled = false;
    let opened: MediaStream | undefined;
    setMediaReady(false);
    void openLocalMedia({ audioInput, videoInput }).then(async (res) => {
      if (cancelled) return stopStream(res.stream);
      const gone = rememberedButMissing({ audioInput, videoInput }, rememberedIds.current, res.missing);
      if (gone.length) {
        stopStream(res.stream);
        rememberedIds.current = {};
        return setChoice((c) => ({ ...c, ...Object.fromEntries(gone.map((kind) => [kind, undefined])) }));
      }
      opened = res.stream;
      setStream(res.stream);
      setMissing(res.missing);
      setMediaReady(true);
      setDevices(await listDevices().catch(() => NO_DEVICES));
    });
    return () => {
      cancelled = true;
      if (!handedOver.current) stopStream(opened);
    };
  }, [audioInput, videoInput, attempt]);

  const audioTrack = stream?.getAudioTracks()[0];
  const videoTrack = stream?.getVideoTracks()[0];
  const level = useAudioLevel(audioTrack);

  const choose = useCallback((kind: keyof DeviceChoice, deviceId: string) => {
    rememberedIds.current = {};
    setChoice((c) => ({ ...c, [kind]: deviceId }));
  }, []);

  function handOver() {
    handedOver.current = true;
    return {
      stream: stream ?? new MediaStream(),
      devices: {
        ...choice,
        audioInput: choice.audioInput ?? audioTrack?.getSettings().deviceId,
        videoInput: choice.videoInput ?? videoTrack?.getSettings().deviceId,
      },
    };
  }

  async function testSpeaker() {
    setTestingSpeaker(true);
    try {
      await playTestTone(choice.audioOutput);
    } finally {
      setTestingSpeaker(false);
    }
  }

  return {
    choice,
    choose,
    stream,
    audioTrack,
    videoTrack,
    level,
    missing,
    devices,
    mediaReady,
    retry: () => setAttempt((a) => a + 1),
    handOver,
    testingSpeaker,
    testSpeaker,
  };
}

/** The inputs opened with a remembered id that could not be opened: to try again with the default. */
export function rememberedButMissing(choice: DeviceChoice, remembered: DeviceChoice, missing: ('audio' | 'video')[]): ('audioInput' | 'videoInput')[] {
  const gone: ('audioInput' | 'videoInput')[] = [];
  if (missing.includes('audio') && choice.audioInput && choice.audioInput === remembered.audioInput) gone.push('audioInput');
  if (missing.includes('video') && choice.videoInput && choice.videoInput === remembered.videoInput) gone.push('videoInput');
  return gone;
}

export interface DeviceCheckLabels {
  selfView: string;
  cameraIsOff: string;
  micLevel: string;
  micHint: string;
  camera: string;
  microphone: string;
  speaker: string;
  deviceDefault: string;
  speakerTest: string;
  speakerHint: string;
}

const LABEL_KEYS = ['selfView', 'cameraIsOff', 'micLevel', 'micHint', 'camera', 'microphone', 'speaker', 'deviceDefault', 'speakerTest', 'speakerHint'] as const;

/** The labels from an app's translator, whose keys carry the same names. */
export function deviceCheckLabels(t: (key: keyof DeviceCheckLabels) => string): DeviceCheckLabels {
  return Object.fromEntries(LABEL_KEYS.map((key) => [key, t(key)])) as unknown as DeviceCheckLabels;
}

/** Self view and microphone meter. */
export function DeviceCheckPreview({ check, labels }: { check: DeviceCheckState; labels: DeviceCheckLabels }) {
  const { videoTrack, level } = check;
  return (
    <div>
      <VideoTile track={videoTrack} label={labels.selfView} placeholder={videoTrack ? undefined : labels.cameraIsOff} mirrored testId="self-preview" />
      <div className="meter-row">
        <label htmlFor="mic-level">{labels.micLevel}</label>
        <meter id="mic-level" min={0} max={1} low={0.05} value={level} data-testid="mic-level" />
        <span className="hint">{labels.micHint}</span>
      </div>
    </div>
  );
}

/** Camera, microphone and (where the browser can) speaker pickers, and the speaker test. */
export function DeviceCheckPickers({ check, labels }: { check: DeviceCheckState; labels: DeviceCheckLabels }) {
  const { choice, devices, audioTrack, videoTrack, choose } = check;
  return (
    <>
      <DevicePicker id="camera" label={labels.camera} list={devices.videoInput} value={choice.videoInput ?? videoTrack?.getSettings().deviceId} fallback={labels.deviceDefault} onChange={(v) => choose('videoInput', v)} />
      <DevicePicker id="microphone" label={labels.microphone} list={devices.audioInput} value={choice.audioInput ?? audioTrack?.getSettings().deviceId} fallback={labels.deviceDefault} onChange={(v) => choose('audioInput', v)} />
      {canChooseSpeaker() && (
        <DevicePicker id="speaker" label={labels.speaker} list={devices.audioOutput} value={choice.audioOutput} fallback={labels.deviceDefault} onChange={(v) => choose('audioOutput', v)} />
      )}
      <div className="field">
        <button type="button" className="secondary" onClick={() => void check.testSpeaker()} disabled={check.testingSpeaker} data-testid="speaker-test">
          {labels.speakerTest}
        </button>
        <span className="hint">{labels.speakerHint}</span>
      </div>
    </>
  );
}

function DevicePicker({ id, label, list, value, fallback, onChange }: { id: string; label: string; list: MediaDeviceInfo[]; value?: string; fallback: string; onChange(v: string): void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value)} data-testid={`${id}-picker`}>
        {list.length === 0 && <option value="">{fallback}</option>}
        {list.map((d, i) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label || `${label} ${i + 1}`}
          </option>
        ))}
      </select>
    </div>
  );
}

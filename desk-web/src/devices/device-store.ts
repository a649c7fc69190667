import type { DeviceChoice, KeyValueStore } from '@videoloket/call-client';

// The clerk's camera and microphone from the last device check, per clerk in this browser, so
// the next check opens them at once. The speaker lives in the listening settings (audio/).

const KEY_PREFIX = 'videoloket:desk:devices:';
const MAX_ID = 512;

export interface DeskDevicePreferences {
  audioInput?: string;
  videoInput?: string;
  /** Show the device check before each call; off: the call starts with the remembered devices. */
  checkBeforeCall: boolean;
}

const DEFAULTS: DeskDevicePreferences = { checkBeforeCall: true };

const deviceId = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= MAX_ID ? v : undefined);

export class DeskDeviceStore {
  constructor(private readonly storage: KeyValueStore | undefined) {}

  load(clerkId: string): DeskDevicePreferences {
    try {
      const raw = this.storage?.getItem(KEY_PREFIX + clerkId);
      const stored: unknown = raw ? JSON.parse(raw) : undefined;
      if (typeof stored !== 'object' || stored === null) return { ...DEFAULTS };
      const o = stored as Record<string, unknown>;
      return { audioInput: deviceId(o.audioInput), videoInput: deviceId(o.videoInput), checkBeforeCall: o.checkBeforeCall !== false };
    } catch {
      return { ...DEFAULTS };
    }
  }

  save(clerkId: string, preferences: DeskDevicePreferences): void {
    try {
      this.storage?.setItem(KEY_PREFIX + clerkId, JSON.stringify(preferences));
    } catch {
      /* storage full or blocked: the devices still apply for this call */
    }
  }

  /** Remembers the devices a call started with. */
  remember(clerkId: string, devices: DeviceChoice): void {
    this.save(clerkId, { ...this.load(clerkId), audioInput: deviceId(devices.audioInput), videoInput: deviceId(devices.videoInput) });
  }

  setCheckBeforeCall(clerkId: string, checkBeforeCall: boolean): void {
    this.save(clerkId, { ...this.load(clerkId), checkBeforeCall });
  }
}

import type { KeyValueStore } from '@videoloket/call-client';
import { clampGainDb, DEFAULT_SETTINGS, type ListeningSettings } from './chain';

// "Settings persist per clerk": localStorage, one key per clerk account. Stored values are
// validated on the way in, so a corrupted or hand-edited entry falls back to the defaults.

const KEY_PREFIX = 'videoloket:desk:audio:';
/** Keep per-participant gains of the last calls only. */
const MAX_PARTICIPANTS = 50;

function isStored(v: unknown): v is ListeningSettings {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const gains = o.gainDbByParticipant;
  return (
    typeof o.voiceClarity === 'boolean' &&
    typeof o.defaultGainDb === 'number' &&
    typeof o.outputDeviceId === 'string' &&
    o.outputDeviceId.length <= 512 &&
    typeof gains === 'object' &&
    gains !== null &&
    !Array.isArray(gains) &&
    Object.values(gains).every((g) => typeof g === 'number')
  );
}

export class ListeningSettingsStore {
  constructor(private readonly storage: KeyValueStore | undefined) {}

  load(clerkId: string): ListeningSettings {
    try {
      const raw = this.storage?.getItem(KEY_PREFIX + clerkId);
      if (!raw) return { ...DEFAULT_SETTINGS };
      const s: unknown = JSON.parse(raw);
      if (!isStored(s)) return { ...DEFAULT_SETTINGS };
      return {
        voiceClarity: s.voiceClarity,
        outputDeviceId: s.outputDeviceId,
        defaultGainDb: clampGainDb(s.defaultGainDb),
        gainDbByParticipant: Object.fromEntries(Object.entries(s.gainDbByParticipant).map(([k, v]) => [k, clampGainDb(v)])),
      };
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
  }

  save(clerkId: string, settings: ListeningSettings): void {
    const entries = Object.entries(settings.gainDbByParticipant).slice(-MAX_PARTICIPANTS);
    try {
      this.storage?.setItem(KEY_PREFIX + clerkId, JSON.stringify({ ...settings, gainDbByParticipant: Object.fromEntries(entries) }));
    } catch {
      /* storage full or blocked: the settings still apply for this call */
    }
  }
}

import type { KeyValueStore } from '@videoloket/call-client';

// The clerk's choice for waiting-room alerts (issue 12, item 3), per clerk account in
// localStorage like the listening settings; anything unreadable means "both on".

export interface WaitingAlertSettings {
  /** Play the knock when someone enters the waiting room. */
  sound: boolean;
  /** Raise a browser notification when the desk is in the background (if the browser allows it). */
  notifications: boolean;
}

export const DEFAULT_ALERTS: WaitingAlertSettings = { sound: true, notifications: true };

const KEY_PREFIX = 'videoloket:desk:waiting-alerts:';

export class WaitingAlertsStore {
  constructor(private readonly storage: KeyValueStore | undefined) {}

  load(clerkId: string): WaitingAlertSettings {
    try {
      const stored: unknown = JSON.parse(this.storage?.getItem(KEY_PREFIX + clerkId) ?? 'null');
      if (typeof stored !== 'object' || stored === null) return { ...DEFAULT_ALERTS };
      const { sound, notifications } = stored as Record<string, unknown>;
      return {
        sound: typeof sound === 'boolean' ? sound : DEFAULT_ALERTS.sound,
        notifications: typeof notifications === 'boolean' ? notifications : DEFAULT_ALERTS.notifications,
      };
    } catch {
      return { ...DEFAULT_ALERTS };
    }
  }

  save(clerkId: string, settings: WaitingAlertSettings): void {
    try {
      this.storage?.setItem(KEY_PREFIX + clerkId, JSON.stringify({ sound: settings.sound, notifications: settings.notifications }));
    } catch {
      /* storage full or blocked: the choice holds for this page */
    }
  }
}

import type { WaitingAlertSettings } from './alerts-store';

// Decides, per arrival in a waiting room, whether to knock and whether to raise a browser
// notification (issue 12, item 3). Knows nothing of React or the DOM: the browser's parts
// come in as `AlertOutputs`, so the rules are unit-tested.

export interface Arrival {
  /** Stable per person waiting (participant id, or call id + place in the queue). */
  id: string;
  /** Whom the clerk sees; undefined when only a count is known (the calls list). */
  name?: string;
  /** The call's title. */
  call: string;
}

export interface AlertOutputs {
  knock(): void;
  /** The clerk is not looking at the desk: the tab is hidden or another window has the focus. */
  inBackground(): boolean;
  /** 'granted' | 'denied' | 'default', or 'unsupported' without the Notification API. */
  permission(): NotificationPermission | 'unsupported';
  notify(arrival: Arrival): void;
}

export class WaitingAlerts {
  #known: Set<string> | undefined;

  constructor(private readonly outputs: AlertOutputs) {}

  /**
   * The waiting list as it is now. The first list is the baseline (whoever already waited
   * when the clerk opened the view was announced elsewhere); every new id after it alerts once.
   */
  update(waiting: Arrival[], settings: WaitingAlertSettings): Arrival[] {
    const known = this.#known;
    this.#known = new Set(waiting.map((a) => a.id));
    if (!known) return [];
    const arrived = waiting.filter((a) => !known.has(a.id));
    if (arrived.length === 0) return [];
    if (settings.sound) this.outputs.knock();
    if (settings.notifications && this.outputs.permission() === 'granted' && this.outputs.inBackground()) {
      for (const a of arrived) this.outputs.notify(a);
    }
    return arrived;
  }
}

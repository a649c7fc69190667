import { useEffect, useMemo, useRef, useState } from 'react';
import { WaitingAlertsStore, type WaitingAlertSettings } from './alerts-store';
import { playKnock } from './knock';
import { waitingText } from './labels';
import { WaitingAlerts, type AlertOutputs, type Arrival } from './WaitingAlerts';

function safeStorage() {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}

export function notificationPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

function raiseNotification(a: Arrival): void {
  try {
    const notification = new Notification(waitingText('notificationTitle'), {
      body: a.name ? waitingText('notificationBody', { name: a.name, call: a.call }) : waitingText('someoneWaiting', { call: a.call }),
      tag: `videoloket-waiting-${a.id}`,
      lang: document.documentElement.lang,
    });
    notification.onclick = () => {
      window.focus();
      notification.close();
    };
  } catch {
    /* some browsers (Chrome on Android) only notify through a service worker: the knock and the list remain */
  }
}

const browserOutputs: AlertOutputs = {
  knock: playKnock,
  // Hidden tab, or the clerk works in another window (the case window, another application).
  inBackground: () => document.visibilityState === 'hidden' || !document.hasFocus(),
  permission: notificationPermission,
  notify: raiseNotification,
};

/** The clerk's alert settings, loaded once per clerk and saved on every change. */
export function useWaitingAlertSettings(clerkId: string): [WaitingAlertSettings, (s: WaitingAlertSettings) => void] {
  const store = useMemo(() => new WaitingAlertsStore(safeStorage()), []);
  const [settings, setSettings] = useState<WaitingAlertSettings>(() => store.load(clerkId));
  return [
    settings,
    (next) => {
      store.save(clerkId, next);
      setSettings(next);
    },
  ];
}

/**
 * Knocks (and notifies in the background) for each newcomer in `waiting`; `undefined` while
 * the view has not loaded its first list, so the people already waiting do not knock.
 */
export function useWaitingAlerts(clerkId: string, waiting: Arrival[] | undefined): void {
  const alerts = useRef(new WaitingAlerts(browserOutputs));
  const store = useMemo(() => new WaitingAlertsStore(safeStorage()), []);
  const key = waiting?.map((a) => a.id).join(',');
  useEffect(() => {
    // Read on each change: the clerk may have changed the settings in another view or tab.
    if (waiting) alerts.current.update(waiting, store.load(clerkId));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, clerkId, store]);
}

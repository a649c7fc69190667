import { useState } from 'react';
import type { Language } from '@videoloket/call-client';
import { playKnock } from './knock';
import { waitingText, type WaitingKey } from './labels';
import { notificationPermission, useWaitingAlertSettings } from './useWaitingAlerts';
import './waiting.css';

/**
 * Asks the browser's notification permission from a visible control, never unasked: the
 * browser prompts once, and after a "block" only its site settings can undo it.
 */
export function NotificationPermissionControl({ lang, onlyToAsk = false }: { lang?: Language; /** Show nothing once the browser has an answer (the waiting list's reminder). */ onlyToAsk?: boolean }) {
  const [permission, setPermission] = useState(notificationPermission);
  const w = (key: WaitingKey) => waitingText(key, {}, lang);
  if (onlyToAsk && permission !== 'default') return null;
  if (permission === 'unsupported') return <p className="hint">{w('notificationsUnsupported')}</p>;
  if (permission === 'denied') return <p className="hint">{w('notificationsDenied')}</p>;
  if (permission === 'granted') return <p className="hint" data-testid="notifications-granted">{w('notificationsGranted')}</p>;
  return (
    <p className="permission-ask">
      <button type="button" className="secondary" onClick={() => void Notification.requestPermission().then(setPermission, () => setPermission(notificationPermission()))} data-testid="allow-notifications">
        {w('allowNotifications')}
      </button>{' '}
      <span className="hint">{w('allowHint')}</span>
    </p>
  );
}

/** The desk's settings view: the waiting-room alerts, remembered per clerk. */
export function WaitingAlertsSettings({ clerkId, lang }: { clerkId: string; lang: Language }) {
  const [settings, save] = useWaitingAlertSettings(clerkId);
  const w = (key: WaitingKey) => waitingText(key, {}, lang);
  return (
    <section className="panel desk-settings" aria-labelledby="settings-heading" data-testid="desk-settings">
      <h1 id="settings-heading">{w('settingsTitle')}</h1>
      <fieldset>
        <legend>{w('alertsHeading')}</legend>
        <div className="check">
          <input id="alert-sound" type="checkbox" checked={settings.sound} onChange={(e) => save({ ...settings, sound: e.target.checked })} data-testid="alert-sound" />
          <label htmlFor="alert-sound">{w('knockSound')}</label>
        </div>
        <button type="button" className="secondary small" onClick={playKnock}>
          {w('testKnock')}
        </button>
        <div className="check">
          <input id="alert-notifications" type="checkbox" checked={settings.notifications} onChange={(e) => save({ ...settings, notifications: e.target.checked })} data-testid="alert-notifications" />
          <label htmlFor="alert-notifications">{w('notifications')}</label>
        </div>
        {settings.notifications && <NotificationPermissionControl lang={lang} />}
      </fieldset>
    </section>
  );
}

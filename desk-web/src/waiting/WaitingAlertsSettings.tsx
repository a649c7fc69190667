import type { Language } from '@videoloket/call-client';
import { playKnock } from './knock';
import { waitingText, type WaitingKey } from './labels';
import { NotificationPermissionControl } from './NotificationPermissionControl';
import { useWaitingAlertSettings } from './useWaitingAlerts';
import './waiting.css';

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

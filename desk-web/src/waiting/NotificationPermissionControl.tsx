import { useState } from 'react';
import type { Language } from '@videoloket/call-client';
import { waitingText, type WaitingKey } from './labels';
import { notificationPermission } from './useWaitingAlerts';

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

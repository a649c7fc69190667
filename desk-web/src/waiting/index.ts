export { WaitedFor } from './WaitedFor';
export { NotificationPermissionControl, WaitingAlertsSettings } from './WaitingAlertsSettings';
export { useWaitingAlerts, useWaitingAlertSettings } from './useWaitingAlerts';
export type { Arrival } from './WaitingAlerts';

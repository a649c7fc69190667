export { WaitedFor } from './WaitedFor';
export { NotificationPermissionControl } from './NotificationPermissionControl';
export { useWaitingAlerts, useWaitingAlertSettings } from './useWaitingAlerts';
export type { Arrival } from './WaitingAlerts';

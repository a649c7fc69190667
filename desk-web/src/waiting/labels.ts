import type { Language } from '@videoloket/call-client';
import { featureText, pageLanguage } from '../i18n/featureText';

// The words of the waiting-room alerts (issue 12, item 3), kept with the feature.

const words = {
  nl: {
    settingsTitle: 'Instellingen',
    alertsHeading: 'Wanneer iemand aanklopt',
    knockSound: 'Klopgeluid afspelen',
    notifications: 'Browsermelding tonen als de balie op de achtergrond staat',
    allowNotifications: 'Browsermeldingen toestaan',
    allowHint: 'Uw browser vraagt één keer of de balie meldingen mag tonen.',
    notificationsDenied: 'Uw browser blokkeert meldingen van de balie. Sta ze toe in de site-instellingen van de browser.',
    notificationsUnsupported: 'Deze browser kan geen meldingen tonen.',
    notificationsGranted: 'Meldingen zijn toegestaan.',
    testKnock: 'Klopgeluid testen',
    notificationTitle: 'Iemand wacht aan de videobalie',
    notificationBody: '{name} wacht in {call}.',
    someoneWaiting: 'Er wacht iemand in {call}.',
    waitedFor: 'wacht {time}',
    underMinute: 'minder dan een minuut',
    minutes: '{min} min',
    hoursMinutes: '{hours} u {min} min',
  },
  fr: {
    settingsTitle: 'Paramètres',
    alertsHeading: "Quand quelqu'un frappe",
    knockSound: 'Jouer un son de porte',
    notifications: "Afficher une notification du navigateur quand le guichet est à l'arrière-plan",
    allowNotifications: 'Autoriser les notifications du navigateur',
    allowHint: 'Votre navigateur demande une seule fois si le guichet peut afficher des notifications.',
    notificationsDenied: 'Votre navigateur bloque les notifications du guichet. Autorisez-les dans les paramètres du site du navigateur.',
    notificationsUnsupported: 'Ce navigateur ne peut pas afficher de notifications.',
    notificationsGranted: 'Les notifications sont autorisées.',
    testKnock: 'Tester le son',
    notificationTitle: 'Quelqu’un attend au guichet vidéo',
    notificationBody: '{name} attend dans {call}.',
    someoneWaiting: 'Quelqu’un attend dans {call}.',
    waitedFor: 'attend depuis {time}',
    underMinute: "moins d'une minute",
    minutes: '{min} min',
    hoursMinutes: '{hours} h {min} min',
  },
  en: {
    settingsTitle: 'Settings',
    alertsHeading: 'When someone knocks',
    knockSound: 'Play a knock sound',
    notifications: 'Show a browser notification when the desk is in the background',
    allowNotifications: 'Allow browser notifications',
    allowHint: 'Your browser asks once whether the desk may show notifications.',
    notificationsDenied: "Your browser blocks the desk's notifications. Allow them in the browser's site settings.",
    notificationsUnsupported: 'This browser cannot show notifications.',
    notificationsGranted: 'Notifications are allowed.',
    testKnock: 'Test the knock sound',
    notificationTitle: 'Someone is waiting at the video counter',
    notificationBody: '{name} is waiting in {call}.',
    someoneWaiting: 'Someone is waiting in {call}.',
    waitedFor: 'waiting for {time}',
    underMinute: 'less than a minute',
    minutes: '{min} min',
    hoursMinutes: '{hours} h {min} min',
  },
} satisfies Record<Language, Record<string, string>>;

export type WaitingKey = keyof (typeof words)['nl'];

export const waitingText = featureText<WaitingKey>(words);

/**
 * "waiting for 3 min": whole minutes, because a clerk reads it at a glance and a screen
 * reader should not get a new number every second.
 */
export function waitedText(sinceIso: string, now: number, lang: Language = pageLanguage()): string {
  const waitedMs = Math.max(0, now - Date.parse(sinceIso));
  const totalMin = Math.floor(waitedMs / 60_000);
  const time =
    totalMin < 1
      ? waitingText('underMinute', {}, lang)
      : totalMin < 60
        ? waitingText('minutes', { min: String(totalMin) }, lang)
        : waitingText('hoursMinutes', { hours: String(Math.floor(totalMin / 60)), min: String(totalMin % 60) }, lang);
  return waitingText('waitedFor', { time }, lang);
}

import type { Language } from '@videoloket/call-client';
import { featureText } from '../i18n/featureText';

// The words of the keyboard shortcuts and their help (issue 12 item 7).

const words = {
  nl: {
    shortcuts: 'Sneltoetsen',
    shortcutsHelp: 'Sneltoetsen (Alt+Shift+H)',
    colAction: 'Actie',
    colKeys: 'Toetsen',
    admitNext: 'Wie het langst wacht, binnenlaten',
    mute: 'Microfoon uit of aan',
    camera: 'Camera uit of aan',
    shareScreen: 'Scherm delen of stoppen',
    openCase: 'Dossiervenster openen',
    help: 'Deze hulp openen',
    helpAlsoQuestionMark: 'of ?',
    questionMarkOpensHelp: 'Het vraagteken (?) opent deze hulp',
    close: 'Sluiten',
    nobodyWaiting: 'Niemand wacht.',
  },
  fr: {
    shortcuts: 'Raccourcis clavier',
    shortcutsHelp: 'Raccourcis clavier (Alt+Shift+H)',
    colAction: 'Action',
    colKeys: 'Touches',
    admitNext: "Faire entrer la personne qui attend depuis le plus longtemps",
    mute: 'Couper ou rétablir le micro',
    camera: 'Couper ou rétablir la caméra',
    shareScreen: "Partager l'écran ou arrêter",
    openCase: 'Ouvrir la fenêtre du dossier',
    help: 'Ouvrir cette aide',
    helpAlsoQuestionMark: 'ou ?',
    questionMarkOpensHelp: "Le point d'interrogation (?) ouvre cette aide",
    close: 'Fermer',
    nobodyWaiting: "Personne n'attend.",
  },
  en: {
    shortcuts: 'Keyboard shortcuts',
    shortcutsHelp: 'Keyboard shortcuts (Alt+Shift+H)',
    colAction: 'Action',
    colKeys: 'Keys',
    admitNext: 'Admit whoever has waited longest',
    mute: 'Microphone off or on',
    camera: 'Camera off or on',
    shareScreen: 'Share screen or stop',
    openCase: 'Open case window',
    help: 'Open this help',
    helpAlsoQuestionMark: 'or ?',
    questionMarkOpensHelp: 'The question mark (?) opens this help',
    close: 'Close',
    nobodyWaiting: 'Nobody is waiting.',
  },
} satisfies Record<Language, Record<string, string>>;

export type ShortcutKey = keyof (typeof words)['nl'];

export const shortcutText = featureText<ShortcutKey>(words);

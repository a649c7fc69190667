import { isLanguage, type Language } from '@videoloket/call-client';

// This feature's own words, so the desk's shared catalogue stays untouched by it.

const words = {
  nl: {
    audioHeading: 'Geluid',
    volumeOf: 'Volume {name}',
    levelOf: 'Geluidsniveau {name}',
    speaking: 'spreekt',
    voiceClarity: 'Heldere spraak (filtert gerom en ruis, versterkt medeklinkers)',
    outputDevice: 'Luidspreker of hoortoestel',
    systemDefault: 'Standaard',
    shareScreen: 'Scherm delen',
    stopSharing: 'Stoppen met delen',
    shareFailed: 'Scherm delen lukte niet',
    screenOf: 'Scherm van {name}',
    heading: 'Tolk',
    language: 'Taal',
    direct: 'Rechtstreeks in het gesprek (niet via de wachtzaal)',
    invite: 'Tolk uitnodigen',
    link: 'Link voor de tolk ({language})',
    copy: 'Link kopiëren',
    copied: 'Link gekopieerd.',
    revoke: 'Link intrekken',
    revoked: 'Link ingetrokken.',
    tileLabel: 'Tolk {language}: {name}',
    allowScreen: 'Scherm delen toestaan',
    stopScreenAllowed: 'Scherm delen niet meer toestaan',
  },
  fr: {
    audioHeading: 'Son',
    volumeOf: 'Volume {name}',
    levelOf: 'Niveau sonore {name}',
    speaking: 'parle',
    voiceClarity: 'Voix claire (filtre les grondements et le souffle, renforce les consonnes)',
    outputDevice: 'Haut-parleur ou aide auditive',
    systemDefault: 'Par défaut',
    shareScreen: "Partager l'écran",
    stopSharing: 'Arrêter le partage',
    shareFailed: "Le partage d'écran a échoué",
    screenOf: 'Écran de {name}',
    heading: 'Interprète',
    language: 'Langue',
    direct: "Directement dans l'entretien (sans salle d'attente)",
    invite: 'Inviter un interprète',
    link: "Lien pour l'interprète ({language})",
    copy: 'Copier le lien',
    copied: 'Lien copié.',
    revoke: 'Retirer le lien',
    revoked: 'Lien retiré.',
    tileLabel: 'Interprète {language} : {name}',
    allowScreen: "Autoriser le partage d'écran",
    stopScreenAllowed: "Ne plus autoriser le partage d'écran",
  },
  en: {
    audioHeading: 'Sound',
    volumeOf: 'Volume {name}',
    levelOf: 'Sound level {name}',
    speaking: 'speaking',
    voiceClarity: 'Voice clarity (cuts rumble and hiss, lifts consonants)',
    outputDevice: 'Speaker or hearing aid',
    systemDefault: 'Default',
    shareScreen: 'Share screen',
    stopSharing: 'Stop sharing',
    shareFailed: 'Screen sharing failed',
    screenOf: "{name}'s screen",
    heading: 'Interpreter',
    language: 'Language',
    direct: 'Straight into the call (not via the waiting room)',
    invite: 'Invite interpreter',
    link: 'Link for the interpreter ({language})',
    copy: 'Copy link',
    copied: 'Link copied.',
    revoke: 'Revoke link',
    revoked: 'Link revoked.',
    tileLabel: 'Interpreter {language}: {name}',
    allowScreen: 'Allow screen sharing',
    stopScreenAllowed: 'Stop allowing screen sharing',
  },
} satisfies Record<Language, Record<string, string>>;

export type InterpreterKey = keyof (typeof words)['nl'];

/** The desk sets <html lang> when the language changes (rememberLanguage). */
export function interpreterText(key: InterpreterKey, vars: Record<string, string> = {}): string {
  const lang = typeof document !== 'undefined' && isLanguage(document.documentElement.lang) ? document.documentElement.lang : 'nl';
  return words[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}

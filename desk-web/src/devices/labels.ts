import type { Language } from '@videoloket/call-client';
import { featureText } from '../i18n/featureText';

// The words of the clerk's device check before a call (issue 12 item 4).

const words = {
  nl: {
    checkTitle: 'Controleer uw camera en microfoon',
    checkIntro: 'Zo ziet en hoort de burger u straks. Er wordt nog niets verstuurd.',
    selfView: 'Uw eigen beeld',
    cameraIsOff: 'Geen camerabeeld',
    micLevel: 'Geluidsniveau van uw microfoon',
    micHint: 'Zeg iets: de balk beweegt als uw microfoon werkt.',
    camera: 'Camera',
    microphone: 'Microfoon',
    speaker: 'Luidspreker',
    deviceDefault: 'Standaard',
    speakerTest: 'Testgeluid afspelen',
    speakerHint: 'U hoort een korte toon als uw luidspreker werkt.',
    missing: 'Camera of microfoon niet beschikbaar. Geef toestemming in de browser of kies een ander toestel.',
    retry: 'Opnieuw proberen',
    checkBeforeCall: 'Deze controle tonen voor elk gesprek',
    start: 'Gesprek starten',
    opening: 'Camera en microfoon openen…',
  },
  fr: {
    checkTitle: 'Vérifiez votre caméra et votre micro',
    checkIntro: "Voici comment le citoyen vous verra et vous entendra. Rien n'est encore envoyé.",
    selfView: 'Votre image',
    cameraIsOff: "Pas d'image de la caméra",
    micLevel: 'Niveau sonore de votre micro',
    micHint: 'Dites quelque chose : la barre bouge si votre micro fonctionne.',
    camera: 'Caméra',
    microphone: 'Micro',
    speaker: 'Haut-parleur',
    deviceDefault: 'Par défaut',
    speakerTest: 'Jouer un son de test',
    speakerHint: 'Vous entendez un bref bip si votre haut-parleur fonctionne.',
    missing: "Caméra ou micro indisponible. Autorisez l'accès dans le navigateur ou choisissez un autre appareil.",
    retry: 'Réessayer',
    checkBeforeCall: 'Afficher cette vérification avant chaque appel',
    start: "Démarrer l'appel",
    opening: 'Ouverture de la caméra et du micro…',
  },
  en: {
    checkTitle: 'Check your camera and microphone',
    checkIntro: 'This is how the citizen will see and hear you. Nothing is sent yet.',
    selfView: 'Your own picture',
    cameraIsOff: 'No camera picture',
    micLevel: 'Your microphone level',
    micHint: 'Say something: the bar moves if your microphone works.',
    camera: 'Camera',
    microphone: 'Microphone',
    speaker: 'Speaker',
    deviceDefault: 'Default',
    speakerTest: 'Play test sound',
    speakerHint: 'You hear a short tone if your speaker works.',
    missing: 'Camera or microphone not available. Allow access in the browser or choose another device.',
    retry: 'Try again',
    checkBeforeCall: 'Show this check before every call',
    start: 'Start the call',
    opening: 'Opening camera and microphone…',
  },
} satisfies Record<Language, Record<string, string>>;

export type DeviceCheckKey = keyof (typeof words)['nl'];

export const deviceText = featureText<DeviceCheckKey>(words);

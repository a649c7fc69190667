import type { ConnectionQuality } from '@videoloket/contracts';
import { QualityIndicator } from '@videoloket/call-client/react';
import { featureText } from '../i18n/featureText';

// Connection quality on the desk (issue 12 item 8, issue 16): the clerk's own and each
// participant's, as their browsers report it, with a plain-language warning when it degrades.

const words = {
  nl: {
    ownGood: 'Uw verbinding: goed',
    ownWeak: 'Uw verbinding is zwak: uw beeld is beperkt.',
    ownVeryWeak: 'Uw verbinding is zeer zwak: uw beeld kan stoppen, het geluid gaat voor.',
    ownUnknown: 'Uw verbinding wordt gemeten…',
    otherGood: 'Verbinding van {name}: goed',
    otherWeak: 'De verbinding van {name} is zwak: beeld beperkt.',
    otherVeryWeak: 'De verbinding van {name} is zeer zwak: het beeld kan stoppen, het geluid gaat voor.',
    otherUnknown: 'Verbinding van {name}: nog niet gemeten',
  },
  fr: {
    ownGood: 'Votre connexion : bonne',
    ownWeak: 'Votre connexion est faible : votre image est réduite.',
    ownVeryWeak: "Votre connexion est très faible : votre image peut s'arrêter, le son passe en priorité.",
    ownUnknown: 'Mesure de votre connexion…',
    otherGood: 'Connexion de {name} : bonne',
    otherWeak: 'La connexion de {name} est faible : image réduite.',
    otherVeryWeak: "La connexion de {name} est très faible : l'image peut s'arrêter, le son passe en priorité.",
    otherUnknown: 'Connexion de {name} : pas encore mesurée',
  },
  en: {
    ownGood: 'Your connection: good',
    ownWeak: 'Your connection is weak: your video is reduced.',
    ownVeryWeak: 'Your connection is very weak: your video may stop; sound comes first.',
    ownUnknown: 'Measuring your connection…',
    otherGood: 'Connection of {name}: good',
    otherWeak: 'The connection of {name} is weak: video reduced.',
    otherVeryWeak: 'The connection of {name} is very weak: video may stop; sound comes first.',
    otherUnknown: 'Connection of {name}: not measured yet',
  },
};

export const qualityText = featureText(words);

const SUFFIX = { good: 'Good', weak: 'Weak', 'very-weak': 'VeryWeak' } as const;

/** The sentence for a level: the clerk's own connection, or `name`'s. */
export function qualitySentence(quality: ConnectionQuality | undefined, name?: string): string {
  const suffix = quality ? SUFFIX[quality] : 'Unknown';
  return name === undefined ? qualityText(`own${suffix}`) : qualityText(`other${suffix}`, { name });
}

export function OwnConnectionQuality({ quality }: { quality: ConnectionQuality | undefined }) {
  return <QualityIndicator quality={quality} text={qualitySentence(quality)} testId="own-quality" />;
}

export function ParticipantConnectionQuality({ quality, name }: { quality: ConnectionQuality | undefined; name: string }) {
  return <QualityIndicator quality={quality} text={qualitySentence(quality, name)} testId="participant-quality" />;
}

import type { Language } from '@videoloket/call-client';
import type { CallOutcome } from '@videoloket/contracts';
import { featureText } from '../i18n/featureText';

// What came of a call (issue 12 item 2): chosen when the clerk ends it, shown in the past
// calls and on the case's timeline. One set of words for all three places.

const words = {
  nl: {
    outcome: 'Uitkomst van het gesprek',
    outcome_completed: 'Afgehandeld',
    'outcome_follow-up': 'Opvolging nodig',
    'outcome_no-show': 'Burger niet verschenen',
  },
  fr: {
    outcome: "Résultat de l'entretien",
    outcome_completed: 'Traité',
    'outcome_follow-up': 'Suivi nécessaire',
    'outcome_no-show': "Le citoyen ne s'est pas présenté",
  },
  en: {
    outcome: 'Outcome of the call',
    outcome_completed: 'Completed',
    'outcome_follow-up': 'Follow-up needed',
    'outcome_no-show': 'Citizen did not show up',
  },
} satisfies Record<Language, Record<string, string>>;

export type OutcomeKey = keyof (typeof words)['nl'];

export const outcomeText = featureText<OutcomeKey>(words);

/** The outcome's words in the given language. */
export const outcomeLabel = (outcome: CallOutcome, lang?: Language) => outcomeText(`outcome_${outcome}`, undefined, lang);

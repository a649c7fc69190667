import type { Language } from '@videoloket/call-client';
import { featureText } from '../i18n/featureText';

// The words of the link controls (issue 9, finding 5), kept with the feature.

const words = {
  nl: {
    linkAlreadyUsed: 'Deze tolkenlink werd al gebruikt: wie nu wacht, kan een doorgestuurde kopie hebben.',
    linkAlreadyUsedShort: 'link al gebruikt',
    nameResemblesClerk: 'Let op: deze naam lijkt op die van een medewerker.',
    nameResemblesClerkShort: 'naam lijkt op medewerker',
    withdraw: 'Link intrekken',
    withdrawName: 'Link intrekken van {name}',
    offerRefused: '{name} is geweigerd. De link werkt nog: {name} of wie de link heeft, kan opnieuw aankloppen.',
    offerRemoved: '{name} is uit het gesprek verwijderd. De link werkt nog: {name} of wie de link heeft, kan opnieuw aankloppen.',
    offerOthers: 'Intrekken verwijdert ook {count} andere persoon/personen die via deze link binnen zijn of wachten.',
    offerWithdraw: 'Link intrekken',
    offerKeep: 'Link laten werken',
    withdrawn: 'De link is ingetrokken. Niemand kan er nog mee binnen.',
  },
  fr: {
    linkAlreadyUsed: "Ce lien d'interprète a déjà été utilisé : la personne qui attend peut avoir une copie transférée.",
    linkAlreadyUsedShort: 'lien déjà utilisé',
    nameResemblesClerk: "Attention : ce nom ressemble à celui d'un agent.",
    nameResemblesClerkShort: "nom semblable à celui d'un agent",
    withdraw: 'Retirer le lien',
    withdrawName: 'Retirer le lien de {name}',
    offerRefused: "{name} a été refusé(e). Le lien fonctionne encore : {name} ou toute personne qui a le lien peut frapper à nouveau.",
    offerRemoved: "{name} a été retiré(e) de l'entretien. Le lien fonctionne encore : {name} ou toute personne qui a le lien peut frapper à nouveau.",
    offerOthers: 'Retirer le lien retire aussi {count} autre(s) personne(s) entrée(s) ou en attente avec ce lien.',
    offerWithdraw: 'Retirer le lien',
    offerKeep: 'Garder le lien',
    withdrawn: "Le lien a été retiré. Plus personne ne peut l'utiliser.",
  },
  en: {
    linkAlreadyUsed: 'This interpreter link was already used: whoever is waiting now may have a forwarded copy.',
    linkAlreadyUsedShort: 'link already used',
    nameResemblesClerk: 'Note: this name looks like a staff member’s.',
    nameResemblesClerkShort: 'name looks like staff',
    withdraw: 'Withdraw link',
    withdrawName: 'Withdraw link of {name}',
    offerRefused: '{name} was refused. The link still works: {name}, or anyone who has the link, can knock again.',
    offerRemoved: '{name} was removed from the call. The link still works: {name}, or anyone who has the link, can knock again.',
    offerOthers: 'Withdrawing also removes {count} other person(s) in the call or waiting through this link.',
    offerWithdraw: 'Withdraw link',
    offerKeep: 'Keep the link',
    withdrawn: 'The link was withdrawn. Nobody can use it any more.',
  },
} satisfies Record<Language, Record<string, string>>;

export type LinkKey = keyof (typeof words)['nl'];

export const linkText = featureText<LinkKey>(words);

import type { AppointmentChannel, BookingLanguage } from '@videoloket/contracts';
import type { AppointmentNoticeKind } from '../outbox/messages';

// Every word the back office sends a citizen (mail, SMS, citizen inbox), in the language they
// chose when booking (stored on the case, the appointment and the invitation). Dutch is the
// default; a record with an unknown language gets Dutch.

export type Language = BookingLanguage;

export function languageOf(stored: string): Language {
  return stored === 'fr' || stored === 'en' ? stored : 'nl';
}

export interface CitizenTexts {
  /** For dates and amounts. */
  locale: string;
  greeting: string;
  signature: string;
  /** Heading of the block with what the citizen typed: the municipality did not write or check it. */
  asTyped: string;
  nameLabel: string;
  addressLabel: string;
  appointment: {
    subject: Record<AppointmentNoticeKind, (what: string) => string>;
    yours: (channel: string) => string;
    cancelled: string;
    caseLabel: string;
    window: string;
    bring: string;
    join: (from: string) => string;
    manage: string;
    follow: string;
  };
  /** The channel's name in a sentence, and what to expect. */
  channels: Record<AppointmentChannel, { name: string; note?: string }>;
  payment: {
    toPayWithReference: (amount: string, reference: string) => string;
    toPay: (amount: string) => string;
    account: (iban: string, bic: string | undefined, beneficiary: string) => string;
    reference: (reference: string) => string;
    scan: (filename: string) => string;
    qrAlt: (amount: string, iban: string, reference: string) => string;
    qrFilename: string;
    inboxSubject: (reference: string) => string;
  };
  status: {
    subject: (reference: string, status: string) => string;
    line: (reference: string, product: string, status: string) => string;
    follow: string;
    names: Record<string, string>;
  };
  invitation: {
    dear: (name: string) => string;
    expires: (product: string, on: string) => string;
    code: string;
    book: string;
    subject: (product: string) => string;
    sms: (product: string, on: string, code: string, url: string) => string;
  };
}

const nl: CitizenTexts = {
  locale: 'nl-BE',
  greeting: 'Goedendag,',
  signature: 'Stad — Videoloket',
  asTyped: 'Zoals u het zelf invulde bij het maken van de afspraak (niet nagekeken door de stad):',
  nameLabel: 'Naam',
  addressLabel: 'Adres',
  appointment: {
    subject: {
      confirmation: (what) => `Bevestiging afspraak: ${what}`,
      update: (what) => `Gewijzigde afspraak: ${what}`,
      reminder: (what) => `Herinnering: morgen uw afspraak ${what}`,
      cancellation: (what) => `Geannuleerd: afspraak ${what}`,
    },
    yours: (channel) => `Uw afspraak (${channel}):`,
    cancelled: 'Uw afspraak is geannuleerd:',
    caseLabel: 'Dossier',
    window: 'tijdvak',
    bring: 'Breng mee / voorzien',
    join: (from) => `Deelnemen aan het videogesprek (vanaf ${from}):`,
    manage: 'Verplaatsen of annuleren',
    follow: 'Uw dossier volgen',
  },
  channels: {
    video: { name: 'videogesprek' },
    counter: { name: 'aan het loket' },
    home_visit: { name: 'huisbezoek', note: 'Huisbezoek op het adres hieronder. We bellen aan binnen het tijdvak; het uur volgt uit de route van die dag.' },
    neighbourhood_office: { name: 'in het wijkkantoor' },
  },
  payment: {
    toPayWithReference: (amount, reference) => `Te betalen: ${amount}, met gestructureerde mededeling ${reference}.`,
    toPay: (amount) => `Te betalen: ${amount}`,
    account: (iban, bic, beneficiary) => `Op rekening ${iban}${bic ? ` (BIC ${bic})` : ''} van ${beneficiary}`,
    reference: (reference) => `Met gestructureerde mededeling ${reference}`,
    scan: (filename) => `Of scan de QR-code (bijlage ${filename}) met uw bankapp: bedrag, rekening en mededeling staan er al in.`,
    qrAlt: (amount, iban, reference) => `QR-code voor een overschrijving van ${amount} naar ${iban} met mededeling ${reference}`,
    qrFilename: 'betaling-qr.png',
    inboxSubject: (reference) => `Betaalverzoek voor dossier ${reference}`,
  },
  status: {
    subject: (reference, status) => `Dossier ${reference}: ${status}`,
    line: (reference, product, status) => `Uw dossier ${reference} (${product}) heeft een nieuwe status: ${status}.`,
    follow: 'Volg uw dossier',
    names: { requested: 'Aangevraagd', planned: 'Ingepland', in_progress: 'In behandeling', waiting_for_citizen: 'Wacht op u', decided: 'Beslist', delivered: 'Afgeleverd', closed: 'Afgesloten' },
  },
  invitation: {
    dear: (name) => `Beste ${name},`,
    expires: (product, on) => `Uw ${product} vervalt op ${on}. Maak een afspraak om een nieuwe aan te vragen.`,
    code: 'Uw persoonlijke code',
    book: 'Afspraak maken',
    subject: (product) => `Uw ${product} vervalt binnenkort`,
    sms: (product, on, code, url) => `Uw ${product} vervalt op ${on}. Code ${code}: ${url}`,
  },
};

const fr: CitizenTexts = {
  locale: 'fr-BE',
  greeting: 'Bonjour,',
  signature: 'Ville — Videoloket',
  asTyped: 'Tel que vous l’avez saisi en prenant rendez-vous (non vérifié par la ville) :',
  nameLabel: 'Nom',
  addressLabel: 'Adresse',
  appointment: {
    subject: {
      confirmation: (what) => `Confirmation de rendez-vous : ${what}`,
      update: (what) => `Rendez-vous modifié : ${what}`,
      reminder: (what) => `Rappel : votre rendez-vous de demain, ${what}`,
      cancellation: (what) => `Annulé : rendez-vous ${what}`,
    },
    yours: (channel) => `Votre rendez-vous (${channel}) :`,
    cancelled: 'Votre rendez-vous est annulé :',
    caseLabel: 'Dossier',
    window: 'plage horaire',
    bring: 'À apporter / prévu',
    join: (from) => `Rejoindre l’appel vidéo (à partir de ${from}) :`,
    manage: 'Déplacer ou annuler',
    follow: 'Suivre votre dossier',
  },
  channels: {
    video: { name: 'appel vidéo' },
    counter: { name: 'au guichet' },
    home_visit: { name: 'visite à domicile', note: 'Visite à domicile à l’adresse ci-dessous. Nous sonnons pendant la plage horaire ; l’heure dépend de la tournée du jour.' },
    neighbourhood_office: { name: 'au bureau de quartier' },
  },
  payment: {
    toPayWithReference: (amount, reference) => `À payer : ${amount}, avec la communication structurée ${reference}.`,
    toPay: (amount) => `À payer : ${amount}`,
    account: (iban, bic, beneficiary) => `Sur le compte ${iban}${bic ? ` (BIC ${bic})` : ''} de ${beneficiary}`,
    reference: (reference) => `Avec la communication structurée ${reference}`,
    scan: (filename) => `Ou scannez le code QR (pièce jointe ${filename}) avec votre application bancaire : montant, compte et communication y sont déjà.`,
    qrAlt: (amount, iban, reference) => `Code QR pour un virement de ${amount} vers ${iban} avec la communication ${reference}`,
    qrFilename: 'paiement-qr.png',
    inboxSubject: (reference) => `Demande de paiement pour le dossier ${reference}`,
  },
  status: {
    subject: (reference, status) => `Dossier ${reference} : ${status}`,
    line: (reference, product, status) => `Votre dossier ${reference} (${product}) a un nouveau statut : ${status}.`,
    follow: 'Suivre votre dossier',
    names: { requested: 'Demandé', planned: 'Planifié', in_progress: 'En traitement', waiting_for_citizen: 'En attente de votre part', decided: 'Décidé', delivered: 'Délivré', closed: 'Clôturé' },
  },
  invitation: {
    dear: (name) => `${name},`,
    expires: (product, on) => `Votre ${product} expire le ${on}. Prenez rendez-vous pour en demander une nouvelle.`,
    code: 'Votre code personnel',
    book: 'Prendre rendez-vous',
    subject: (product) => `Votre ${product} expire bientôt`,
    sms: (product, on, code, url) => `Votre ${product} expire le ${on}. Code ${code} : ${url}`,
  },
};

const en: CitizenTexts = {
  locale: 'en-GB',
  greeting: 'Hello,',
  signature: 'City — Videoloket',
  asTyped: 'As you typed it when booking (not checked by the city):',
  nameLabel: 'Name',
  addressLabel: 'Address',
  appointment: {
    subject: {
      confirmation: (what) => `Appointment confirmed: ${what}`,
      update: (what) => `Appointment changed: ${what}`,
      reminder: (what) => `Reminder: your appointment tomorrow, ${what}`,
      cancellation: (what) => `Cancelled: appointment ${what}`,
    },
    yours: (channel) => `Your appointment (${channel}):`,
    cancelled: 'Your appointment has been cancelled:',
    caseLabel: 'Case',
    window: 'time window',
    bring: 'Bring / provided',
    join: (from) => `Join the video call (from ${from}):`,
    manage: 'Reschedule or cancel',
    follow: 'Follow your case',
  },
  channels: {
    video: { name: 'video call' },
    counter: { name: 'at the counter' },
    home_visit: { name: 'home visit', note: 'Home visit at the address below. We ring within the time window; the hour follows from that day’s route.' },
    neighbourhood_office: { name: 'at the neighbourhood office' },
  },
  payment: {
    toPayWithReference: (amount, reference) => `To pay: ${amount}, with structured reference ${reference}.`,
    toPay: (amount) => `To pay: ${amount}`,
    account: (iban, bic, beneficiary) => `To account ${iban}${bic ? ` (BIC ${bic})` : ''} of ${beneficiary}`,
    reference: (reference) => `With structured reference ${reference}`,
    scan: (filename) => `Or scan the QR code (attachment ${filename}) with your banking app: amount, account and reference are filled in.`,
    qrAlt: (amount, iban, reference) => `QR code for a transfer of ${amount} to ${iban} with reference ${reference}`,
    qrFilename: 'payment-qr.png',
    inboxSubject: (reference) => `Payment request for case ${reference}`,
  },
  status: {
    subject: (reference, status) => `Case ${reference}: ${status}`,
    line: (reference, product, status) => `Your case ${reference} (${product}) has a new status: ${status}.`,
    follow: 'Follow your case',
    names: { requested: 'Requested', planned: 'Planned', in_progress: 'In progress', waiting_for_citizen: 'Waiting for you', decided: 'Decided', delivered: 'Delivered', closed: 'Closed' },
  },
  invitation: {
    dear: (name) => `Dear ${name},`,
    expires: (product, on) => `Your ${product} expires on ${on}. Book an appointment to apply for a new one.`,
    code: 'Your personal code',
    book: 'Book an appointment',
    subject: (product) => `Your ${product} expires soon`,
    sms: (product, on, code, url) => `Your ${product} expires on ${on}. Code ${code}: ${url}`,
  },
};

export const citizenTexts: Record<Language, CitizenTexts> = { nl, fr, en };

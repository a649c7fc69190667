// The form templates the project ships, described once: the generator (generate.ts)
// lays the PDFs out from these lists, and the PDF module (pdf/src/catalog.ts)
// validates filled values and prefills from call facts with them. Field names are the
// AcroForm field names inside the PDFs.

/** Texts shown to users in the product's three languages (Dutch first). */
export interface Labels {
  nl: string;
  fr: string;
  en: string;
}

/** What the call knows and may prefill a field with. */
export type PrefillFact = 'citizenName' | 'clerkName' | 'municipality' | 'callDate';

export type FieldType = 'text' | 'date' | 'checkbox' | 'signature';

export interface FieldDefinition {
  name: string;
  type: FieldType;
  label: Labels;
  required?: boolean;
  /** Longest accepted text (text fields). */
  maxLength?: number;
  prefill?: PrefillFact;
  /** Signature fields: which role signs here. */
  signer?: 'citizen' | 'clerk';
  /** Layout hint for the generator: take the full line or half of it. */
  width?: 'full' | 'half';
}

export interface SectionDefinition {
  /** Heading printed on the form (Dutch: the forms are Dutch documents). */
  heading: string;
  /** Optional explanatory paragraph under the heading. */
  intro?: string;
  /** Start this section on a new page. */
  newPage?: boolean;
  fields: FieldDefinition[];
}

export interface FormDefinition {
  id: string;
  /** File name of the template under pdf/forms/. */
  file: string;
  title: Labels;
  /** Printed under the title. */
  subtitle: string;
  sections: SectionDefinition[];
}

const l = (nl: string, fr: string, en: string): Labels => ({ nl, fr, en });

export const travelPermit: FormDefinition = {
  id: 'reistoestemming-minderjarige',
  file: 'reistoestemming-minderjarige.pdf',
  title: l('Reistoestemming voor minderjarigen', 'Autorisation de voyage pour mineurs', 'Travel consent for a minor'),
  subtitle:
    'Toestemming van de ouder of gezaghebbende voor een reis naar het buitenland van een minderjarige die niet met die ouder reist.',
  sections: [
    {
      heading: '1. Gegevens van de minderjarige',
      fields: [
        { name: 'kind_achternaam', type: 'text', label: l('Achternaam kind', "Nom de l'enfant", "Child's surname"), required: true, maxLength: 80, width: 'half' },
        { name: 'kind_voornamen', type: 'text', label: l('Voornamen kind', "Prénoms de l'enfant", "Child's given names"), required: true, maxLength: 80, width: 'half' },
        { name: 'kind_geboortedatum', type: 'date', label: l('Geboortedatum', 'Date de naissance', 'Date of birth'), required: true, width: 'half' },
        { name: 'kind_geboorteplaats', type: 'text', label: l('Geboorteplaats', 'Lieu de naissance', 'Place of birth'), maxLength: 60, width: 'half' },
        { name: 'kind_documentnummer', type: 'text', label: l('Nummer paspoort of identiteitskaart', "Numéro du passeport ou de la carte d'identité", 'Passport or identity card number'), required: true, maxLength: 20, width: 'half' },
      ],
    },
    {
      heading: '2. Ouder of gezaghebbende die toestemming geeft',
      fields: [
        { name: 'ouder_naam', type: 'text', label: l('Naam ouder/gezaghebbende', 'Nom du parent/tuteur', 'Name of parent/guardian'), required: true, maxLength: 100, prefill: 'citizenName' },
        { name: 'ouder_geboortedatum', type: 'date', label: l('Geboortedatum', 'Date de naissance', 'Date of birth'), width: 'half' },
        { name: 'ouder_telefoon', type: 'text', label: l('Telefoonnummer', 'Numéro de téléphone', 'Phone number'), maxLength: 20, width: 'half' },
        { name: 'ouder_adres', type: 'text', label: l('Adres', 'Adresse', 'Address'), required: true, maxLength: 100 },
        { name: 'ouder_postcode_woonplaats', type: 'text', label: l('Postcode en woonplaats', 'Code postal et localité', 'Postcode and town'), required: true, maxLength: 80 },
      ],
    },
    {
      heading: '3. De reis',
      fields: [
        { name: 'begeleider_naam', type: 'text', label: l('Naam begeleider(s)', 'Nom du ou des accompagnateurs', 'Name of travelling companion(s)'), required: true, maxLength: 120 },
        { name: 'begeleider_relatie', type: 'text', label: l('Relatie tot het kind', "Lien avec l'enfant", 'Relation to the child'), maxLength: 40, width: 'half' },
        { name: 'bestemming', type: 'text', label: l('Land(en) van bestemming', 'Pays de destination', 'Destination country/countries'), required: true, maxLength: 80, width: 'half' },
        { name: 'vertrekdatum', type: 'date', label: l('Vertrekdatum', 'Date de départ', 'Departure date'), required: true, width: 'half' },
        { name: 'terugkeerdatum', type: 'date', label: l('Terugkeerdatum', 'Date de retour', 'Return date'), required: true, width: 'half' },
        { name: 'doel_vakantie', type: 'checkbox', label: l('Vakantie', 'Vacances', 'Holiday'), width: 'half' },
        { name: 'doel_familiebezoek', type: 'checkbox', label: l('Familiebezoek', 'Visite familiale', 'Family visit'), width: 'half' },
        { name: 'doel_schoolreis', type: 'checkbox', label: l('Schoolreis of kamp', 'Voyage scolaire ou camp', 'School trip or camp'), width: 'half' },
        { name: 'doel_anders', type: 'checkbox', label: l('Anders', 'Autre', 'Other'), width: 'half' },
      ],
    },
    {
      heading: '4. Verklaring en ondertekening door de ouder',
      newPage: true,
      intro:
        'Ik verklaar dat ik het (mede)gezag heb over het hierboven genoemde kind en dat ik toestemming geef voor deze reis. Ik heb een kopie van mijn identiteitsbewijs getoond aan de gemeente.',
      fields: [
        { name: 'verklaring_akkoord', type: 'checkbox', label: l('Ik ga akkoord met deze verklaring', "J'accepte cette déclaration", 'I agree to this declaration'), required: true },
        { name: 'plaats', type: 'text', label: l('Plaats', 'Lieu', 'Place'), required: true, maxLength: 60, width: 'half' },
        { name: 'datum', type: 'date', label: l('Datum', 'Date', 'Date'), required: true, prefill: 'callDate', width: 'half' },
        { name: 'handtekening_ouder', type: 'signature', label: l('Handtekening ouder/gezaghebbende', 'Signature du parent/tuteur', 'Signature of parent/guardian'), signer: 'citizen', required: true },
      ],
    },
    {
      heading: '5. Legalisatie van de handtekening (in te vullen door de gemeente)',
      intro:
        'De ambtenaar verklaart dat de ouder of gezaghebbende zich tijdens een videogesprek heeft gelegitimeerd en deze verklaring in zijn of haar bijzijn heeft ondertekend.',
      fields: [
        { name: 'gemeente', type: 'text', label: l('Gemeente', 'Commune', 'Municipality'), required: true, maxLength: 80, prefill: 'municipality' },
        { name: 'ambtenaar_naam', type: 'text', label: l('Naam ambtenaar', 'Nom du fonctionnaire', 'Name of clerk'), required: true, maxLength: 100, prefill: 'clerkName', width: 'half' },
        { name: 'legalisatie_datum', type: 'date', label: l('Datum legalisatie', 'Date de légalisation', 'Date of legalisation'), required: true, prefill: 'callDate', width: 'half' },
        { name: 'handtekening_ambtenaar', type: 'signature', label: l('Handtekening ambtenaar', 'Signature du fonctionnaire', "Clerk's signature"), signer: 'clerk', required: true },
      ],
    },
  ],
};

export const careAllowance: FormDefinition = {
  id: 'mantelzorgpremie',
  file: 'mantelzorgpremie.pdf',
  title: l('Aanvraag mantelzorgpremie', "Demande de prime d'aidant proche", 'Application for a care-giver allowance'),
  subtitle:
    'Een jaarlijkse waardering voor inwoners die langdurig en onbetaald zorgen voor een naaste met een beperking of ziekte.',
  sections: [
    {
      heading: '1. Gegevens van de mantelzorger (aanvrager)',
      fields: [
        { name: 'aanvrager_naam', type: 'text', label: l('Naam', 'Nom', 'Name'), required: true, maxLength: 100, prefill: 'citizenName' },
        { name: 'aanvrager_geboortedatum', type: 'date', label: l('Geboortedatum', 'Date de naissance', 'Date of birth'), required: true, width: 'half' },
        { name: 'aanvrager_telefoon', type: 'text', label: l('Telefoonnummer', 'Numéro de téléphone', 'Phone number'), maxLength: 20, width: 'half' },
        { name: 'aanvrager_adres', type: 'text', label: l('Adres', 'Adresse', 'Address'), required: true, maxLength: 100 },
        { name: 'aanvrager_postcode_woonplaats', type: 'text', label: l('Postcode en woonplaats', 'Code postal et localité', 'Postcode and town'), required: true, maxLength: 80, width: 'half' },
        { name: 'aanvrager_iban', type: 'text', label: l('IBAN voor uitbetaling', 'IBAN pour le paiement', 'IBAN for payment'), required: true, maxLength: 34, width: 'half' },
      ],
    },
    {
      heading: '2. Gegevens van de persoon die zorg ontvangt',
      fields: [
        { name: 'zorgvrager_naam', type: 'text', label: l('Naam zorgvrager', 'Nom de la personne aidée', 'Name of person cared for'), required: true, maxLength: 100 },
        { name: 'zorgvrager_geboortedatum', type: 'date', label: l('Geboortedatum', 'Date de naissance', 'Date of birth'), required: true, width: 'half' },
        { name: 'zorgvrager_relatie', type: 'text', label: l('Uw relatie tot de zorgvrager', 'Votre lien avec la personne aidée', 'Your relation to the person'), maxLength: 40, width: 'half' },
        { name: 'zorgvrager_adres', type: 'text', label: l('Adres zorgvrager', 'Adresse de la personne aidée', 'Address of person cared for'), required: true, maxLength: 100 },
      ],
    },
    {
      heading: '3. De zorg die u geeft',
      fields: [
        { name: 'zorg_sinds', type: 'date', label: l('Zorg gestart op', 'Aide commencée le', 'Care started on'), required: true, width: 'half' },
        { name: 'zorg_uren_per_week', type: 'text', label: l('Gemiddeld aantal uren per week', "Nombre moyen d'heures par semaine", 'Average hours per week'), required: true, maxLength: 3, width: 'half' },
        { name: 'zorg_verzorging', type: 'checkbox', label: l('Persoonlijke verzorging', 'Soins personnels', 'Personal care'), width: 'half' },
        { name: 'zorg_huishouden', type: 'checkbox', label: l('Huishoudelijke hulp', 'Aide ménagère', 'Household help'), width: 'half' },
        { name: 'zorg_begeleiding', type: 'checkbox', label: l('Begeleiding en toezicht', 'Accompagnement et surveillance', 'Supervision and support'), width: 'half' },
        { name: 'zorg_vervoer', type: 'checkbox', label: l('Vervoer naar afspraken', 'Transport aux rendez-vous', 'Transport to appointments'), width: 'half' },
      ],
    },
    {
      heading: '4. Verklaring en ondertekening',
      intro:
        'Ik verklaar dat ik dit formulier naar waarheid heb ingevuld en dat ik de zorg onbetaald geef. Ik geef de gemeente toestemming mijn gegevens te gebruiken voor de behandeling van deze aanvraag.',
      fields: [
        { name: 'verklaring_waarheid', type: 'checkbox', label: l('Naar waarheid ingevuld', 'Rempli de bonne foi', 'Completed truthfully'), required: true, width: 'half' },
        { name: 'verklaring_toestemming', type: 'checkbox', label: l('Toestemming gegevensgebruik', "Consentement à l'utilisation des données", 'Consent to data use'), required: true, width: 'half' },
        { name: 'datum', type: 'date', label: l('Datum', 'Date', 'Date'), required: true, prefill: 'callDate', width: 'half' },
        { name: 'ambtenaar_naam', type: 'text', label: l('Behandelend ambtenaar', 'Fonctionnaire traitant', 'Handling clerk'), maxLength: 100, prefill: 'clerkName', width: 'half' },
        { name: 'handtekening_aanvrager', type: 'signature', label: l('Handtekening aanvrager', 'Signature du demandeur', "Applicant's signature"), signer: 'citizen', required: true, width: 'half' },
        { name: 'handtekening_ambtenaar', type: 'signature', label: l('Handtekening ambtenaar', 'Signature du fonctionnaire', "Clerk's signature"), signer: 'clerk', required: true, width: 'half' },
      ],
    },
  ],
};

export const formDefinitions: readonly FormDefinition[] = [travelPermit, careAllowance];

// Shared fixtures of the PDF tests: signature PNGs from files, a filled travel permit.
import { readFileSync } from 'node:fs';
import type { Principal } from '@videoloket/contracts';
import { FormSession } from '../session';

export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

export const CALL_ID = 'call-reistoestemming-1';
export const citizen: Principal = { role: 'citizen', participantId: 'p-citizen', displayName: 'Anouk de Vries', callId: CALL_ID };
export const clerk: Principal = { role: 'clerk', participantId: 'p-clerk', displayName: 'Pieter Jansen' };
export const interpreter: Principal = { role: 'interpreter', participantId: 'p-tolk', displayName: 'Samira Haddad', callId: CALL_ID };
export const inCall = [citizen.participantId, clerk.participantId, interpreter.participantId];

/** The seed case: Loeysje (13) travels with her grandparents. */
export const travelPermitValues = {
  kind_achternaam: 'de Vries',
  kind_voornamen: 'Loeysje',
  kind_geboortedatum: '2013-03-12',
  kind_documentnummer: 'NXB12C3D4',
  ouder_adres: 'Dorpsstraat 12',
  ouder_postcode_woonplaats: '3891 AB Zeewolde',
  begeleider_naam: 'Jan en Ria de Vries',
  begeleider_relatie: 'grootouders',
  bestemming: 'Frankrijk',
  vertrekdatum: '01-07-2026',
  terugkeerdatum: '21-07-2026',
  doel_vakantie: true,
  verklaring_akkoord: true,
  plaats: 'Zeewolde',
};

export async function filledTravelPermit(): Promise<FormSession> {
  const session = await FormSession.create({
    formId: 'reistoestemming-minderjarige',
    callId: CALL_ID,
    prefill: { citizenName: citizen.displayName, clerkName: clerk.displayName, municipality: 'Gemeente Zeewolde', callDate: '2026-11-23' },
  });
  await session.fill(travelPermitValues);
  return session;
}

export async function signedTravelPermit(): Promise<FormSession> {
  const session = await filledTravelPermit();
  await session.addSignature(citizen, 'handtekening_ouder', fixture('signature.png'), inCall);
  await session.addSignature(clerk, 'handtekening_ambtenaar', fixture('signature-tall.png'), inCall);
  return session;
}

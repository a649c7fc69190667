import type { AppointmentChannel, ProductView } from '@videoloket/contracts';
import type { Clerk, TimeBlock } from '../repositories/ScheduleRepository';

const STANDARD = ['requested', 'planned', 'in_progress', 'waiting_for_citizen', 'decided', 'delivered', 'closed'];

/** The products of the embedded default (a Flemish municipality's usual counter work). */
export const seedProducts: ProductView[] = [
  { id: 'eid', name: { nl: 'Elektronische identiteitskaart', fr: "Carte d'identité électronique", en: 'Electronic identity card' }, channels: ['counter', 'home_visit', 'neighbourhood_office'], durationMinutes: 20, feeCents: 2500, kit: ['biometrics_kit', 'card_reader', 'printer'], timeline: STANDARD },
  { id: 'passport', name: { nl: 'Reispas', fr: 'Passeport', en: 'Passport' }, channels: ['counter', 'home_visit'], durationMinutes: 30, feeCents: 8500, kit: ['biometrics_kit', 'printer'], timeline: STANDARD },
  { id: 'travel_permit_minor', name: { nl: 'Toestemming reizen minderjarige', fr: 'Autorisation de voyage pour mineur', en: 'Travel permit for a minor' }, channels: ['video', 'counter'], durationMinutes: 15, feeCents: 0, kit: [], timeline: ['requested', 'planned', 'in_progress', 'decided', 'closed'] },
  { id: 'caregiver_allowance', name: { nl: 'Mantelzorgpremie', fr: "Prime d'aidant proche", en: 'Care-giver allowance' }, channels: ['video', 'counter', 'home_visit'], durationMinutes: 30, feeCents: 0, kit: ['card_reader'], timeline: STANDARD },
  { id: 'residence_card', name: { nl: 'Verblijfskaart', fr: 'Carte de séjour', en: 'Residence card' }, channels: ['counter'], durationMinutes: 30, feeCents: 2500, kit: ['biometrics_kit', 'card_reader'], timeline: STANDARD },
  { id: 'living_will', name: { nl: 'Wilsverklaring', fr: 'Déclaration anticipée', en: 'Living will' }, channels: ['counter', 'home_visit', 'video'], durationMinutes: 30, feeCents: 0, kit: ['card_reader', 'printer'], timeline: ['requested', 'planned', 'in_progress', 'delivered', 'closed'] },
  { id: 'report_problem', name: { nl: 'Melding probleem', fr: 'Signaler un problème', en: 'Report a problem' }, channels: ['video', 'counter'], durationMinutes: 15, feeCents: 0, kit: [], timeline: ['requested', 'in_progress', 'waiting_for_citizen', 'decided', 'closed'] },
  { id: 'compost_bin', name: { nl: 'Compostvat', fr: 'Fût à compost', en: 'Compost bin' }, channels: ['counter', 'neighbourhood_office', 'video'], durationMinutes: 10, feeCents: 3000, kit: [], timeline: ['requested', 'planned', 'decided', 'delivered', 'closed'], delivery: true },
];

const weekdays = (starts: string, ends: string): TimeBlock[] => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, starts, ends }));

export const seedOpeningHours: Record<AppointmentChannel, TimeBlock[]> = {
  counter: [...weekdays('09:00', '12:30'), ...weekdays('13:30', '16:00'), { weekday: 6, starts: '09:00', ends: '12:00' }],
  video: [...weekdays('08:30', '12:30'), ...weekdays('13:30', '17:00')],
  neighbourhood_office: [2, 4].map((weekday) => ({ weekday, starts: '14:00', ends: '18:00' })),
  // Each block is a visit window; its capacity comes from the route.
  home_visit: [...weekdays('09:00', '12:00'), ...weekdays('13:00', '16:00')],
};

export const seedClerks: { clerk: Clerk; availability: TimeBlock[] }[] = [
  { clerk: { id: 'clerk-an', displayName: 'An Peeters', channels: ['counter', 'video'] }, availability: [...weekdays('08:30', '17:00'), { weekday: 6, starts: '09:00', ends: '12:00' }] },
  { clerk: { id: 'clerk-youssef', displayName: 'Youssef El Amrani', channels: ['video', 'counter', 'neighbourhood_office'] }, availability: weekdays('08:30', '18:00') },
  { clerk: { id: 'clerk-mobile-els', displayName: 'Els Janssens (mobiel loket)', channels: ['home_visit'], roles: ['mobile_clerk'] }, availability: weekdays('08:30', '16:30') },
];

import type { Catalogues } from '@videoloket/call-client';
import { en } from './en';
import { fr } from './fr';
import { nl, type AppointmentsKey } from './nl';

export const appointmentsCatalogues: Catalogues<AppointmentsKey> = { nl, fr, en };
export type { AppointmentsKey };

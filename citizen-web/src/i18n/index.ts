import type { Catalogues } from '@videoloket/call-client';
import { en } from './en';
import { fr } from './fr';
import { nl, type CitizenKey } from './nl';

export const catalogues: Catalogues<CitizenKey> = { nl, fr, en };
export type { CitizenKey };

import type { Catalogues } from '@videoloket/call-client';
import { en } from './en';
import { fr } from './fr';
import { nl, type DeskKey } from './nl';

export const catalogues: Catalogues<DeskKey> = { nl, fr, en };
export type { DeskKey };

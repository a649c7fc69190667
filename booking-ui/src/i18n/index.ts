import type { Catalogues } from '@videoloket/call-client';
import { en } from './en';
import { fr } from './fr';
import { nl, type BookingKey } from './nl';

export const bookingCatalogues: Catalogues<BookingKey> = { nl, fr, en };
export type { BookingKey };

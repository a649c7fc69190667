import type { z } from 'zod';
import type { DosisOptions } from '../options';
import type { PushContext, StatusPush, StatusUpdate } from './CaseSystem';
import { postWithApiKey } from './postWithApiKey';

type Options = z.infer<typeof DosisOptions>;

/**
 * Status push shaped after Flanders' DOSIS (dossier status service behind Mijn Burgerprofiel):
 * the dossier holder announces, per dossier, its current status with a date, a short
 * description and a link where the citizen reads more. Field names follow DOSIS's Dutch
 * vocabulary; the exact contract must be checked against the holder's DOSIS onboarding
 * before production (see docs/backoffice.md).
 */
export class DosisStatusPush implements StatusPush {
  readonly kind = 'dosis';
  constructor(private readonly options: Options, private readonly fetchImpl: typeof fetch = fetch) {}

  async push(u: StatusUpdate, ctx: PushContext): Promise<void> {
    const body = {
      dossierbeheerder: this.options.holderId,
      dossiernummer: u.caseReference,
      dossiertype: u.productId,
      dossiernaam: u.productName,
      status: { code: u.status, datum: u.at.toISOString(), omschrijving: u.message ?? u.status },
      link: u.statusUrl,
    };
    await postWithApiKey(this.fetchImpl, 'DOSIS', this.options, body, ctx);
  }
}

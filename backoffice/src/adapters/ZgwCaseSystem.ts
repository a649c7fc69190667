import { SignJWT } from 'jose';
import { UnavailableError } from '@videoloket/contracts';
import type { z } from 'zod';
import type { ZgwOptions } from '../options';
import type { CaseSystem, ExternalCase, PushContext } from './CaseSystem';

type Options = z.infer<typeof ZgwOptions>;

/**
 * Case system adapter shaped after the VNG ZGW APIs (Zaken API 1.x, Documenten API 1.x, as
 * served by Open Zaak). Auth per the ZGW "autorisatie" convention: a JWT signed HS256 with
 * the client's secret, `iss` and `client_id` = client id. Zaken resources may carry
 * geometry, so the API requires Accept-Crs/Content-Crs headers (EPSG:4326).
 */
export class ZgwCaseSystem implements CaseSystem {
  readonly kind = 'zgw';
  constructor(private readonly options: Options, private readonly fetchImpl: typeof fetch = fetch) {}

  async createCase(c: ExternalCase, ctx: PushContext): Promise<string | undefined> {
    const zaaktype = this.options.zaaktypen[c.productId];
    if (!zaaktype) return undefined; // product not mapped to a zaaktype: kept local only
    const zaak = await this.#post<{ url: string }>('/zaken/api/v1/zaken', {
      identificatie: c.reference,
      bronorganisatie: this.options.rsin,
      verantwoordelijkeOrganisatie: this.options.rsin,
      zaaktype,
      omschrijving: c.description.slice(0, 80),
      startdatum: c.startDate,
      registratiedatum: c.startDate,
      kenmerken: [{ kenmerk: c.caseId, bron: 'videoloket' }],
    }, ctx);
    return zaak.url;
  }

  async setStatus(zaakUrl: string, { status, at, message }: { status: string; at: Date; message?: string }, ctx: PushContext): Promise<void> {
    const statustype = this.options.statustypen[status];
    if (!statustype) return;
    await this.#post('/zaken/api/v1/statussen', {
      zaak: zaakUrl,
      statustype,
      datumStatusGezet: at.toISOString(),
      statustoelichting: (message ?? '').slice(0, 1000),
    }, ctx);
  }

  async attachDocument(zaakUrl: string, doc: { documentId: string; title: string }, ctx: PushContext): Promise<void> {
    if (!this.options.informatieobjecttype) return;
    // The file itself stays in our storage; the Documenten API gets a reference (link) to it.
    const io = await this.#post<{ url: string }>('/documenten/api/v1/enkelvoudiginformatieobjecten', {
      bronorganisatie: this.options.rsin,
      creatiedatum: new Date().toISOString().slice(0, 10),
      titel: doc.title.slice(0, 200),
      auteur: 'Videoloket',
      taal: 'nld',
      informatieobjecttype: this.options.informatieobjecttype,
      link: `urn:videoloket:document:${doc.documentId}`,
      vertrouwelijkheidaanduiding: 'vertrouwelijk',
    }, { idempotencyKey: `${ctx.idempotencyKey}-document` });
    await this.#post('/zaken/api/v1/zaakinformatieobjecten', { zaak: zaakUrl, informatieobject: io.url, titel: doc.title.slice(0, 200) }, { idempotencyKey: `${ctx.idempotencyKey}-link` });
  }

  async #token(): Promise<string> {
    return new SignJWT({ client_id: this.options.clientId, user_id: 'videoloket', user_representation: 'Videoloket' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.options.clientId)
      .setIssuedAt()
      .sign(new TextEncoder().encode(this.options.secret));
  }

  async #post<T = unknown>(path: string, body: unknown, ctx: PushContext): Promise<T> {
    const url = new URL(path, this.options.baseUrl);
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await this.#token()}`,
          'content-type': 'application/json',
          accept: 'application/json',
          'accept-crs': 'EPSG:4326',
          'content-crs': 'EPSG:4326',
          // Not part of the ZGW standard: a gateway in front of it may use it to drop repeats.
          'idempotency-key': ctx.idempotencyKey,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      throw new UnavailableError(`ZGW case system unreachable: ${(err as Error).message}`);
    }
    if (res.status !== 201 && res.status !== 200) {
      throw new UnavailableError(`ZGW ${path} answered ${res.status}`);
    }
    return (await res.json()) as T;
  }
}

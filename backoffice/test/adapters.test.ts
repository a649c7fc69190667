import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackoffice, type Backoffice } from '../src/createBackoffice';
import type { Database } from '../src/db/Database';
import { openDatabase } from '../src/db/openDatabase';
import { signedJoinLinks } from '../src/joinLink';
import { seed } from '../src/seed/seed';
import { NOW, citizen, key, testOptions } from './support/world';

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

// The ZGW case-system adapter and the DOSIS status push, switched on by configuration,
// against a local HTTP server that records and checks every request.
describe('case-system and status-push adapters', () => {
  const seen: Seen[] = [];
  let failNext = 0;
  let server: Server;
  let base: string;
  let db: Database;
  let bo: Backoffice;
  const secret = 'zgw-client-secret-0123456789';

  beforeAll(async () => {
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        const body = data ? (JSON.parse(data) as Record<string, unknown>) : {};
        seen.push({ method: req.method!, path: req.url!, headers: req.headers, body });
        if (failNext > 0) {
          failNext--;
          res.writeHead(503).end();
          return;
        }
        const id = `${seen.length}`;
        res.writeHead(201, { 'content-type': 'application/json' });
        const resource = req.url!.replace(/\/$/, '');
        res.end(JSON.stringify({ url: `${base}${resource}/${id}`, ...body }));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    db = await openDatabase({ kind: 'pglite' });
    await seed(db);
    bo = createBackoffice({
      db,
      log: pino({ level: 'silent' }),
      createJoinLink: signedJoinLinks({ baseUrl: 'https://loket.example.be', secret: 'join-secret-for-tests-0123456789' }),
      now: () => NOW,
      options: {
        ...testOptions,
        caseSystem: {
          kind: 'zgw',
          baseUrl: base,
          clientId: 'videoloket-test',
          secret,
          rsin: '002220647',
          zaaktypen: { report_problem: `${base}/catalogi/api/v1/zaaktypen/melding` },
          statustypen: { requested: `${base}/catalogi/api/v1/statustypen/ontvangen`, in_progress: `${base}/catalogi/api/v1/statustypen/in-behandeling` },
          informatieobjecttype: `${base}/catalogi/api/v1/informatieobjecttypen/bijlage`,
        },
        statusPush: { kind: 'dosis', url: `${base}/dosis/v1/dossierstatus`, apiKey: 'dosis-api-key-0123456789', holderId: 'OVO002949' },
      },
    });
  });
  afterAll(async () => {
    await db.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('creates a zaak with its first status, pushes status changes to ZGW and DOSIS, links documents', async () => {
    const b = await bo.bookings.book({ productId: 'report_problem', channel: 'video', startsAt: '2030-03-05T09:00:00Z', citizen, idempotencyKey: key() });
    const caseId = b.appointment.caseId;
    const zaak = seen.find((s) => s.path === '/zaken/api/v1/zaken')!;
    expect(zaak).toBeDefined();
    expect(zaak.method).toBe('POST');
    expect(zaak.headers['accept-crs']).toBe('EPSG:4326');
    expect(zaak.headers['content-crs']).toBe('EPSG:4326');
    const jwt = String(zaak.headers.authorization).replace(/^Bearer /, '');
    const { payload, protectedHeader } = await jwtVerify(jwt, new TextEncoder().encode(secret));
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ iss: 'videoloket-test', client_id: 'videoloket-test' });
    expect(zaak.body).toMatchObject({
      identificatie: b.appointment.caseReference,
      bronorganisatie: '002220647',
      zaaktype: `${base}/catalogi/api/v1/zaaktypen/melding`,
      startdatum: '2030-03-04',
    });
    const firstStatus = seen.find((s) => s.path === '/zaken/api/v1/statussen')!;
    expect(firstStatus.body).toMatchObject({ statustype: `${base}/catalogi/api/v1/statustypen/ontvangen` });
    const zaakUrl = firstStatus.body.zaak as string;
    expect(zaakUrl).toMatch(/\/zaken\/api\/v1\/zaken\/\d+$/);

    seen.length = 0;
    await bo.cases.setStatus(caseId, { status: 'in_progress', message: 'We bekijken uw melding' }, 'clerk-an');
    const dosis = seen.find((s) => s.path === '/dosis/v1/dossierstatus')!;
    expect(dosis.headers['x-api-key']).toBe('dosis-api-key-0123456789');
    expect(dosis.body).toMatchObject({
      dossierbeheerder: 'OVO002949',
      dossiernummer: b.appointment.caseReference,
      status: { code: 'in_progress', omschrijving: 'We bekijken uw melding' },
      link: b.statusUrl,
    });
    expect(seen.find((s) => s.path === '/zaken/api/v1/statussen')!.body).toMatchObject({ zaak: zaakUrl, statustype: `${base}/catalogi/api/v1/statustypen/in-behandeling`, statustoelichting: 'We bekijken uw melding' });

    seen.length = 0;
    await bo.cases.attachDocument(caseId, { documentId: 'doc_42', title: 'Foto van het gat in de weg' }, 'clerk-an');
    const io = seen.find((s) => s.path === '/documenten/api/v1/enkelvoudiginformatieobjecten')!;
    expect(io.body).toMatchObject({ titel: 'Foto van het gat in de weg', link: 'urn:videoloket:document:doc_42', taal: 'nld' });
    expect(seen.find((s) => s.path === '/zaken/api/v1/zaakinformatieobjecten')!.body).toMatchObject({ zaak: zaakUrl, informatieobject: io.body.url ?? expect.any(String) });
  });

  it('a status without a mapped statustype is not sent to ZGW; an adapter outage does not block the clerk', async () => {
    const b = await bo.bookings.book({ productId: 'report_problem', channel: 'video', startsAt: '2030-03-05T10:00:00Z', citizen, idempotencyKey: key() });
    seen.length = 0;
    failNext = 5;
    const view = await bo.cases.setStatus(b.appointment.caseId, { status: 'waiting_for_citizen' }, 'clerk-an');
    expect(view.status).toBe('waiting_for_citizen');
    expect(seen.map((s) => s.path)).toEqual(['/dosis/v1/dossierstatus']); // DOSIS tried (and failed); no ZGW statustype mapped
    failNext = 0;
  });

  it('products without a zaaktype stay local', async () => {
    seen.length = 0;
    await bo.bookings.book({ productId: 'compost_bin', channel: 'counter', startsAt: '2030-03-05T09:00:00Z', citizen, idempotencyKey: key() });
    expect(seen.filter((s) => s.path.startsWith('/zaken'))).toEqual([]);
  });
});

import { ConflictError, ForbiddenError, NotFoundError, SignatureRefusedError, UnprocessableError, ValidationError, type AppError } from '@videoloket/contracts';
import { encodeSignaturePng } from '@videoloket/pdf/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backoffice } from '../src/createBackoffice';
import type { Database } from '../src/db/Database';
import { haversineKm } from '../src/mobile/routePlanner';
import { DeliveryRepository } from '../src/repositories/DeliveryRepository';
import { databases, dropSchema } from './support/databases';
import { RecordingMailer } from './support/RecordingMailer';
import { citizen, key, world } from './support/world';

// Issue 15 item 5: a delivery product (the compost bin) from the booking to "delivered". The
// citizen chooses a proposed date through the status link, the driver's day is planned as a
// route, only that driver marks it delivered with a signature, and "delivered" reaches the
// citizen (status page, mail and inbox in their language) and the case. Now is Monday
// 4 March 2030; the mobile clerk (the driver) works weekdays. On PGlite and PostgreSQL.

const pngDataUrl = (png: Uint8Array) => `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
/** A drawn signature as signature_pad hands it over: a wave across the box. */
const SIGNATURE = pngDataUrl(encodeSignaturePng(480, 160, (x, y) => x > 30 && x < 450 && Math.abs(y - 80 - 40 * Math.sin(x / 25)) < 3));
const BLANK = pngDataUrl(encodeSignaturePng(480, 160, () => false));
const DOT = pngDataUrl(encodeSignaturePng(480, 160, (x, y) => x > 10 && x < 25 && y > 10 && y < 25));
const DRIVER = 'clerk-mobile-els';
const ADDRESSES = [
  { line: 'Brugsesteenweg 455, 9030 Mariakerke', location: { lat: 51.0712, lon: 3.6788 } },
  { line: 'Brusselsesteenweg 300, 9050 Gentbrugge', location: { lat: 51.0386, lon: 3.7645 } },
  { line: 'Korenmarkt 12, 9000 Gent', location: { lat: 51.0545, lon: 3.7211 } },
];

describe.each(databases)('deliveries on $name', (adapter) => {
  let db: Database;
  let bo: Backoffice;
  const mailer = new RecordingMailer();

  beforeAll(async () => {
    db = await adapter.open();
    bo = await world(db, { mailer });
  });
  afterAll(async () => {
    await dropSchema(db);
    await db.close();
  });

  const expectError = async (p: Promise<unknown>, cls: new (...a: never[]) => AppError) => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(cls);
  };
  const deliveriesRows = async () => db.query<{ id: string; status: string; delivery_date: string; address: string }>(`select id, status, to_char(delivery_date, 'YYYY-MM-DD') as delivery_date, address from deliveries order by id`);
  let booked = 0;
  /** A compost bin booked at the counter; its status link's token. */
  async function compostBin(name: string, language: 'nl' | 'fr' | 'en' = 'nl', productId = 'compost_bin'): Promise<{ token: string; caseId: string }> {
    const b = await bo.bookings.book({ productId, channel: 'counter', startsAt: new Date(Date.parse('2030-03-12T08:00:00Z') + 30 * 60_000 * booked++).toISOString(), citizen: { ...citizen, name, language }, idempotencyKey: key() });
    return { token: b.statusUrl.split('/').pop()!, caseId: b.appointment.caseId };
  }

  it('offers the next working days of a driver and takes a choice only from the status link', async () => {
    const { token } = await compostBin('Camille Dubois', 'fr');
    const page = await bo.cases.statusPage(token);
    // From tomorrow, the weekdays on which the mobile clerk works; the weekend is skipped.
    expect(page.delivery).toEqual({ state: 'choose', proposedDates: ['2030-03-05', '2030-03-06', '2030-03-07', '2030-03-08', '2030-03-11'] });
    const chosen = await bo.deliveries.choose(token, { date: '2030-03-06', address: ADDRESSES[0] });
    expect(chosen.delivery).toMatchObject({ state: 'planned', date: '2030-03-06', address: ADDRESSES[0]!.line });
    // Changed while still planned: one delivery, the new date.
    const moved = await bo.deliveries.choose(token, { date: '2030-03-07', address: ADDRESSES[0] });
    expect(moved.delivery).toMatchObject({ state: 'planned', date: '2030-03-07' });
    expect((await deliveriesRows()).filter((r) => r.address === ADDRESSES[0]!.line)).toHaveLength(1);
  });

  it('refuses a forged token, a date it did not propose, a product that is not delivered and unknown fields, storing nothing', async () => {
    const { token } = await compostBin('Jan Peeters');
    const { token: passportToken } = await compostBin('Piet Pas', 'nl', 'passport');
    const before = await deliveriesRows();
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await expectError(bo.deliveries.choose(forged, { date: '2030-03-06', address: ADDRESSES[1] }), NotFoundError);
    await expectError(bo.deliveries.choose(token, { date: '2030-03-09', address: ADDRESSES[1] }), UnprocessableError); // a Saturday
    await expectError(bo.deliveries.choose(token, { date: '2030-03-04', address: ADDRESSES[1] }), UnprocessableError); // today
    await expectError(bo.deliveries.choose(passportToken, { date: '2030-03-06', address: ADDRESSES[1] }), UnprocessableError);
    await expectError(bo.deliveries.choose(token, { date: '2030-03-06', address: ADDRESSES[1], driverId: DRIVER }), ValidationError);
    expect(await deliveriesRows()).toEqual(before);
    expect((await bo.cases.statusPage(passportToken)).delivery).toBeUndefined();
  });

  it("plans the driver's day as a route, lets only that driver mark a stop delivered, and tells the citizen and the case", async () => {
    const citizens = [await compostBin('Sophie Martin', 'fr'), await compostBin('Tom Janssens'), await compostBin('Emma Claes', 'en')];
    for (const [i, c] of citizens.entries()) await bo.deliveries.choose(c.token, { date: '2030-03-08', address: ADDRESSES[i] });

    const route = await bo.deliveries.route({ clerkId: DRIVER, date: '2030-03-08' });
    expect(route.stops.map((s) => s.order)).toEqual([1, 2, 3]);
    expect(new Set(route.stops.map((s) => s.caseId))).toEqual(new Set(citizens.map((c) => c.caseId)));
    // The shortest of the six ways to drive them from the town hall (an open path: the van need not return).
    const depot = bo.deps.options.mobile.depot;
    const km = (order: { lat: number; lon: number }[]) => order.reduce((acc, p, i) => acc + haversineKm(i === 0 ? depot : order[i - 1]!, p), 0);
    const points = ADDRESSES.map((a) => a.location);
    const permutations = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]].map((p) => km(p.map((i) => points[i]!)));
    expect(km(route.stops.map((s) => s.location))).toBeCloseTo(Math.min(...permutations), 6);
    expect(route.plannedKm).toBeCloseTo(Math.min(...permutations), 1);
    expect(route.stops.every((s) => s.status === 'planned')).toBe(true);

    const sophie = route.stops.find((s) => s.caseId === citizens[0]!.caseId)!;
    // Another clerk, a counter-wide account (no driver) and a made-up delivery are refused; nothing changes.
    await expectError(bo.deliveries.markDelivered(sophie.deliveryId, { signature: SIGNATURE }, 'clerk-an'), ForbiddenError);
    await expectError(bo.deliveries.markDelivered(sophie.deliveryId, { signature: SIGNATURE }, undefined), ForbiddenError);
    await expectError(bo.deliveries.markDelivered('00000000-0000-4000-8000-000000000000', { signature: SIGNATURE }, DRIVER), NotFoundError);
    // Not an image, blank, a dot in a corner: refused like a signed form's signature.
    await expectError(bo.deliveries.markDelivered(sophie.deliveryId, { signature: 'data:image/png;base64,SGVsbG8gd29ybGQ=' }, DRIVER), ValidationError);
    await expectError(bo.deliveries.markDelivered(sophie.deliveryId, { signature: BLANK }, DRIVER), SignatureRefusedError);
    await expectError(bo.deliveries.markDelivered(sophie.deliveryId, { signature: DOT }, DRIVER), SignatureRefusedError);
    await expectError(bo.deliveries.markDelivered(sophie.deliveryId, { signature: 'javascript:alert(1)' }, DRIVER), ValidationError);
    expect((await bo.deliveries.route({ clerkId: DRIVER, date: '2030-03-08' })).stops.every((s) => s.status === 'planned')).toBe(true);
    expect((await bo.cases.get(sophie.caseId)).status).toBe('planned');

    const mailsBefore = mailer.sent.length;
    const after = await bo.deliveries.markDelivered(sophie.deliveryId, { signature: SIGNATURE }, DRIVER);
    expect(after.stops.find((s) => s.deliveryId === sophie.deliveryId)).toMatchObject({ status: 'delivered', deliveredAt: expect.any(String) });
    expect(after.stops.filter((s) => s.status === 'planned')).toHaveLength(2);
    // The signature is kept, byte for byte.
    expect((await new DeliveryRepository(db).signature(sophie.deliveryId))?.toString('base64')).toBe(SIGNATURE.split(',')[1]);

    // The citizen: the status page, a mail and an inbox message in French.
    const page = await bo.cases.statusPage(citizens[0]!.token);
    expect(page.status).toBe('delivered');
    expect(page.delivery).toMatchObject({ state: 'delivered', date: '2030-03-08', proposedDates: [] });
    expect(page.timeline.find((s) => s.status === 'delivered')?.reachedAt).toBeDefined();
    const mails = mailer.sent.slice(mailsBefore);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('Délivré');
    expect(mails[0]!.subject).toContain(page.reference);
    expect(page.messages.find((m) => m.type === 'status')).toMatchObject({ language: 'fr', subject: expect.stringContaining('Délivré') });
    // The case: its status step and a delivery event by the driver.
    const caseView = await bo.cases.get(sophie.caseId);
    expect(caseView.events.filter((e) => e.kind === 'delivery').map((e) => e.actor)).toEqual(['citizen', DRIVER]);

    // Again (a retry after a lost answer): nothing new. A new date once delivered: refused.
    await bo.deliveries.markDelivered(sophie.deliveryId, { signature: SIGNATURE }, DRIVER);
    expect(mailer.sent.length).toBe(mailsBefore + 1);
    expect((await bo.cases.get(sophie.caseId)).events.filter((e) => e.kind === 'delivery')).toHaveLength(2);
    await expectError(bo.deliveries.choose(citizens[0]!.token, { date: '2030-03-11', address: ADDRESSES[0] }), ConflictError);
  });
});

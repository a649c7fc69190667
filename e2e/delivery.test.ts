import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseStatusPageView, DeliveryRouteView, LoginResponse, SlotView } from '@videoloket/contracts';
import { hashPassword } from '@videoloket/signaling';
import { ownServerRun } from './support/run';
import { newContext, storeDeskAuth } from './support/browser';
import { api, bookWithProof } from './support/api';
import { expectNoAxeViolations } from './support/axe';
import { drawSignature } from './support/forms';
import { shot } from './support/session';

// Issue 15 item 5's proof in real Chromium against the real server: a compost bin (a delivery
// product) is requested, the citizen picks a proposed delivery day and address on the status
// page, the day's route shows on the driver's phone, the driver marks it delivered with the
// recipient's drawn signature, and the citizen's status page says "delivered". The driver is
// the mobile clerk's own sign-in; the counter-wide account and a forged status link are
// refused on the way.

const DRIVER = 'clerk-mobile-els';
const PASSWORD = 'delivery-e2e-password-1';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'videoloket-e2e-delivery-'));
beforeAll(async () => {
  // The accounts exist before the server starts, as in an install from before the one clerk
  // directory (DATA_DIR/clerks.json, taken over at start): the installer's `balie` and the
  // driver's, which worked as the back office's mobile clerk and becomes that clerk's sign-in.
  const passwordHash = hashPassword(PASSWORD);
  const accounts = [
    { id: 'legacy-balie', username: 'balie', displayName: 'Baliemedewerker', passwordHash: await passwordHash, admin: true },
    { id: 'legacy-els', username: 'els', displayName: 'Els Janssens', passwordHash: await passwordHash, backofficeClerkId: DRIVER },
  ];
  writeFileSync(path.join(dataDir, 'clerks.json'), JSON.stringify(accounts), { mode: 0o600 });
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const run = ownServerRun(() => ({ DATA_DIR: dataDir }));

const brusselsDate = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
const login = (username: string) => api<LoginResponse>(run.server, 'POST', '/auth/login', { username, password: PASSWORD });
/** The status code of a request that is expected to be refused. */
async function statusOf(method: 'GET' | 'POST', apiPath: string, body: unknown, token?: string): Promise<number> {
  const res = await fetch(`${run.server.url}/api${apiPath}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  await res.text();
  return res.status;
}

describe('a delivery product from request to delivered', () => {
  it('the citizen picks a day, the driver’s phone shows the route and takes a signature, the status page says delivered', async () => {
    const today = brusselsDate(new Date().toISOString());
    const to = brusselsDate(new Date(Date.now() + 14 * 86_400_000).toISOString());
    const slots = await api<SlotView[]>(run.server, 'GET', `/backoffice/slots?productId=compost_bin&channel=counter&from=${today}&to=${to}`);
    const booked = await bookWithProof(run.server, { productId: 'compost_bin', channel: 'counter', startsAt: slots[0]!.startsAt, citizen: { name: 'Lotte Verhulst', phone: '+32470111222', language: 'nl' } });
    const token = booked.statusUrl.split('/').pop()!;

    // The citizen, in Dutch: the status page offers the delivery days.
    const context = await newContext(run.browser, run.server);
    const citizen = await context.newPage();
    await citizen.setViewportSize({ width: 400, height: 860 });
    const form = citizen.getByTestId('delivery-form');
    // The choice in French first (issue 15 item 7: every citizen view in all three languages).
    await citizen.goto(`${booked.statusUrl}?lang=fr`);
    await form.getByText('Jour de livraison', { exact: true }).waitFor();
    await expectNoAxeViolations(citizen, 'status page with the delivery choice (fr)');
    await citizen.goto(`${booked.statusUrl}?lang=nl`);
    await form.waitFor();
    await expectNoAxeViolations(citizen, 'status page with the delivery choice (nl)');
    const days = await form.locator('input[name="delivery-day"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(days.length).toBeGreaterThan(0);
    const day = days[0]!;
    await form.getByTestId(`delivery-day-${day}`).check();
    await citizen.getByTestId('address-choice').selectOption({ index: 1 });
    const addressLine = (await citizen.getByTestId('address-choice').locator('option:checked').textContent())!;
    await citizen.getByTestId('delivery-confirm').click();
    await citizen.getByTestId('delivery-saved').waitFor();
    expect(await citizen.getByTestId('delivery').getAttribute('data-state')).toBe('planned');
    await shot(citizen, 'status-page-delivery-chosen');
    // The same page in English, the delivery planned and still changeable.
    await citizen.goto(`${booked.statusUrl}?lang=en`);
    await citizen.getByTestId('delivery-form').waitFor();
    expect(await citizen.getByTestId('delivery').textContent()).toContain('Planned for');
    await expectNoAxeViolations(citizen, 'status page with a planned delivery (en)');

    // A forged status link chooses nothing; the counter-wide account cannot mark the delivery.
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const location = { lat: 51.0545, lon: 3.7211 };
    expect(await statusOf('POST', `/backoffice/status/${forged}/delivery`, { date: day, address: { line: 'Korenmarkt 1, 9000 Gent', location } })).toBe(404);
    const balie = await login('balie');
    const route = await api<DeliveryRouteView>(run.server, 'GET', `/backoffice/deliveries/route?clerkId=${DRIVER}&date=${day}`, undefined, balie.token);
    expect(route.stops.map((s) => s.caseReference)).toEqual([booked.appointment.caseReference]);
    expect(route.stops[0]!.address).toBe(addressLine);
    const stop = route.stops[0]!;
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    expect(await statusOf('POST', `/backoffice/deliveries/${stop.deliveryId}/delivered`, { signature: png }, balie.token)).toBe(403);
    expect(await statusOf('POST', `/backoffice/deliveries/${stop.deliveryId}/delivered`, { signature: png, at: 'now' }, balie.token)).toBe(400);
    const unchanged = await api<CaseStatusPageView>(run.server, 'GET', `/backoffice/status/${token}`);
    expect(unchanged.delivery).toMatchObject({ state: 'planned', date: day, address: addressLine });

    // The driver's phone: the day's route, the recipient signs, delivered.
    const els = await login('els');
    expect(els.clerk.backofficeClerkId).toBe(DRIVER);
    const driverContext = await newContext(run.browser, run.server);
    await storeDeskAuth(driverContext, els);
    const driver = await driverContext.newPage();
    await driver.setViewportSize({ width: 400, height: 860 });
    await driver.goto(`/desk/#/leveringen/${DRIVER}/${day}`);
    const shown = driver.getByTestId('delivery-stop');
    await shown.first().waitFor();
    expect(await shown.evaluateAll((list) => list.map((e) => e.getAttribute('data-delivery-id')))).toEqual(route.stops.map((s) => s.deliveryId));
    expect(await shown.first().textContent()).toContain(booked.appointment.caseReference);
    await expectNoAxeViolations(driver, 'driver’s deliveries of the day (nl)');
    await drawSignature(driver, shown.first());
    await shown.first().getByTestId('signature-confirm').click();
    await expect.poll(() => shown.first().getAttribute('data-status'), { timeout: 30_000 }).toBe('delivered');
    await driver.getByTestId('stop-delivered').waitFor();
    await shot(driver, 'desk-deliveries-delivered');

    // The citizen's status page, now in French: delivered, and the city's message says so.
    await citizen.goto(`${booked.statusUrl}?lang=fr`);
    await citizen.getByTestId('delivery-done').waitFor();
    expect(await citizen.getByTestId('status-page').getAttribute('data-status')).toBe('delivered');
    expect(await citizen.getByTestId('delivery-done').textContent()).toContain(addressLine);
    expect(await citizen.getByTestId('status-messages').textContent()).toContain('Afgeleverd');
    await expectNoAxeViolations(citizen, 'status page of a delivered case (fr)');
    await shot(citizen, 'status-page-delivered');

    // The case has the delivery on its timeline, by the driver.
    const caseView = await api<{ events: { kind: string; actor?: string }[] }>(run.server, 'GET', `/backoffice/cases/${booked.appointment.caseId}`, undefined, balie.token);
    expect(caseView.events.filter((e) => e.kind === 'delivery').map((e) => e.actor)).toEqual(['citizen', DRIVER]);
    await context.close();
    await driverContext.close();
  });
});

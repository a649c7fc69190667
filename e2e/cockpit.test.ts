/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SlotView } from '@videoloket/contracts';
import { STAFF_GROUPS, startMunicipalityIdp, type MunicipalityIdp } from '@videoloket/signaling/testing/loopback-idp';
import { REPO, freeTcpPort } from './support/server';
import { ownServerRun, requireClamd } from './support/run';
import { citizenJoin, newContext } from './support/browser';
import { api, bookWithProof } from './support/api';
import { expectNoAxeViolations } from './support/axe';

// Issue 12 items 1 and 6, "two windows, one call", in real Chromium against the real server: the
// clerk signs in through the municipality's identity provider (a real OpenID provider on
// loopback), checks their devices and opens an appointment's call (the call window), opens the case window beside it as a
// second page, admits the citizen from the call window, works the case and a document in the
// case window, sees the case status in the call window's header, closes and reopens the case
// window (it recovers, the call window is not kicked), and ends the call with an outcome that
// shows on the case's timeline. COCKPIT_SCREENSHOTS=1 writes docs/cockpit/*.png on the way.

requireClamd();
// Its own server: the appointment's join link must open now, a week before its slot, and the
// municipality's sign-in is configured.
let idp: MunicipalityIdp;
let port: number;
beforeAll(async () => {
  // The IdP registers the server's callback, so the server's port is chosen first.
  port = await freeTcpPort();
  idp = await startMunicipalityIdp({
    redirectUri: `http://localhost:${port}/api/clerk-login/callback`,
    user: { sub: 'zeewolde-0107', name: 'Lotte Peeters', groups: [STAFF_GROUPS.clerk] },
    name: 'Gemeente Zeewolde',
  });
});
afterAll(async () => {
  await idp?.close();
});
const run = ownServerRun(() => ({ PORT: String(port), JOIN_LINK_EARLY_MINUTES: '10080', ...idp.env() }));
const FIXTURES = path.join(REPO, 'e2e/fixtures/documents');
const SCREENSHOTS = process.env.COCKPIT_SCREENSHOTS ? path.join(REPO, 'docs/cockpit') : undefined;
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

const brusselsDate = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));

/** The page does not scroll: everything fits the viewport (the rail scrolls by itself). */
const pageScrolls = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight + 1 || document.documentElement.scrollWidth > window.innerWidth + 1);

describe('the cockpit: call window and case window', () => {
  it('two pages of one seat: admit in one, the case and a document in the other, status in the header, recovery, outcome on the timeline', async () => {
    const slots = await api<SlotView[]>(run.server, 'GET', `/backoffice/slots?productId=report_problem&channel=video&from=${brusselsDate(Date.now())}&to=${brusselsDate(Date.now() + 14 * 86_400_000)}`);
    const booked = await bookWithProof(run.server, {
      productId: 'report_problem',
      channel: 'video',
      startsAt: slots[0]!.startsAt,
      citizen: { name: 'Valerie Claes', email: 'valerie.cockpit@example.be', language: 'nl' },
    });
    const clerkContext = await newContext(run.browser, run.server, { viewport: SIZES[0] });
    const callWindow = await clerkContext.newPage();
    // Signed in at the municipality's IdP, not with a password.
    await callWindow.goto('/desk/');
    await callWindow.getByRole('link', { name: 'Aanmelden met Gemeente Zeewolde' }).click();
    await callWindow.getByRole('button', { name: 'Sign in' }).click();
    await callWindow.getByText('Aangemeld als Lotte Peeters').waitFor();
    await callWindow.goto(`/desk/#/afspraken/${brusselsDate(Date.parse(booked.appointment.startsAt))}`);
    await callWindow.locator(`[data-testid="appointment-row"][data-appointment-id="${booked.appointment.id}"]`).getByTestId('start-call').click();
    // The clerk's own device check comes first; the case window later skips it (no media there).
    await callWindow.locator('[data-testid="start-media"]:not([aria-disabled])').click();
    await callWindow.locator('[data-testid="desk-room"][data-phase="admitted"]').waitFor({ timeout: 30_000 });
    const callId = /#\/call\/(.+)$/.exec(callWindow.url())![1]!;

    // The case window: a second page, opened from the call window (a plain window here: one screen).
    const [caseWindow] = await Promise.all([clerkContext.waitForEvent('page'), callWindow.getByTestId('open-case-window').click()]);
    expect(caseWindow.url()).toContain(`#/case/${callId}`);
    await caseWindow.locator('[data-testid="case-window"][data-phase="admitted"]').waitFor({ timeout: 30_000 });
    await caseWindow.getByTestId('case-panel').waitFor();
    expect(await caseWindow.getByTestId('case-panel').innerText()).toContain(booked.appointment.caseReference);
    await expect.poll(() => callWindow.getByTestId('case-window-state').innerText()).toBe('Het dossiervenster is open.');
    // Neither kicked the other.
    expect(await callWindow.locator('[data-testid="desk-room"]').getAttribute('data-phase')).toBe('admitted');

    // The citizen knocks; the clerk admits from the call window; both windows know.
    const citizenContext = await newContext(run.browser, run.server);
    const citizen = await citizenContext.newPage();
    await citizenJoin(citizen, booked.joinLink!.url, 'Valerie Claes');
    await callWindow.getByTestId('waiting-entry').filter({ hasText: 'Valerie Claes' }).getByTestId('admit').click();
    await citizen.getByTestId('in-call').waitFor({ timeout: 30_000 });
    await callWindow.getByTestId('remote-video').first().waitFor();

    // A document sent from the case window, opened there: the call window shows the same one selected.
    await caseWindow.getByTestId('documents-file').setInputFiles(path.join(FIXTURES, 'identiteitskaart.jpg'));
    const caseDoc = caseWindow.locator('[data-testid="document"][data-name="identiteitskaart.jpg"]');
    await caseWindow.locator('[data-testid="document"][data-name="identiteitskaart.jpg"][data-state="ready"]').waitFor({ timeout: 60_000 });
    await caseDoc.getByTestId('document-view').click();
    await caseWindow.getByTestId('document-preview').waitFor();
    const callDoc = callWindow.locator('[data-testid="document"][data-name="identiteitskaart.jpg"]');
    await expect.poll(() => callDoc.getAttribute('aria-current')).toBe('true');
    await callWindow.getByTestId('document-preview').waitFor();

    // The case status changes in the case window; the call window's header says so.
    await caseWindow.getByTestId('new-status').selectOption('in_progress');
    await caseWindow.getByTestId('save-status').click();
    await caseWindow.locator('[data-testid="case-panel"][data-status="in_progress"]').waitFor();
    await expect.poll(() => callWindow.getByTestId('call-case-status').innerText()).toBe(`Dossier ${booked.appointment.caseReference}: In behandeling`);

    // Laid out to fit: no page scroll in the call window, at either size; accessible in nl and en.
    for (const size of SIZES) {
      await callWindow.setViewportSize(size);
      await caseWindow.setViewportSize(size);
      if (SCREENSHOTS) {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await callWindow.screenshot({ path: path.join(SCREENSHOTS, `call-window-${size.width}x${size.height}.png`) });
        await caseWindow.screenshot({ path: path.join(SCREENSHOTS, `case-window-${size.width}x${size.height}.png`), fullPage: true });
      }
      await expect.poll(() => pageScrolls(callWindow), { message: `call window scrolls at ${size.width}×${size.height}` }).toBe(false);
    }
    await expectNoAxeViolations(callWindow, 'cockpit call window (nl)');
    await expectNoAxeViolations(caseWindow, 'cockpit case window (nl)');
    await callWindow.getByTestId('language-picker').selectOption('en');
    await caseWindow.getByTestId('language-picker').selectOption('en');
    await callWindow.getByRole('button', { name: 'Open case window' }).waitFor();
    await caseWindow.getByRole('heading', { name: /^Case of the call/ }).waitFor();
    await expectNoAxeViolations(callWindow, 'cockpit call window (en)');
    await expectNoAxeViolations(caseWindow, 'cockpit case window (en)');
    await callWindow.getByTestId('language-picker').selectOption('nl');
    await caseWindow.getByTestId('language-picker').selectOption('nl');

    // The case window closed and opened again: it comes back to the case, the selection and
    // the call; the call window stayed in the call all along.
    await caseWindow.close();
    await expect.poll(() => callWindow.getByTestId('case-window-state').innerText()).toBe('Het dossiervenster is dicht.');
    const [reopened] = await Promise.all([clerkContext.waitForEvent('page'), callWindow.getByTestId('open-case-window').click()]);
    await reopened.locator('[data-testid="case-window"][data-phase="admitted"]').waitFor({ timeout: 30_000 });
    await reopened.locator('[data-testid="case-panel"][data-status="in_progress"]').waitFor();
    await expect.poll(() => reopened.locator('[data-testid="document"][data-name="identiteitskaart.jpg"]').getAttribute('aria-current')).toBe('true');
    await expect.poll(() => callWindow.getByTestId('case-window-state').innerText()).toBe('Het dossiervenster is open.');
    expect(await callWindow.locator('[data-testid="desk-room"]').getAttribute('data-phase')).toBe('admitted');
    expect(await citizen.getByTestId('in-call').count()).toBe(1);

    // The call ends from the call window with an outcome; the case window's timeline shows it.
    await callWindow.getByTestId('end-call').click();
    await callWindow.getByRole('group', { name: 'Uitkomst van het gesprek' }).getByRole('radio', { name: 'Opvolging nodig' }).check();
    await callWindow.getByTestId('end-call-confirm').click();
    await callWindow.getByTestId('desk-call-over').waitFor({ timeout: 20_000 });
    await reopened.getByTestId('case-window-ended').waitFor({ timeout: 20_000 });
    await expect.poll(() => reopened.getByTestId('case-events').innerText(), { timeout: 20_000 }).toContain('Videogesprek — Opvolging nodig');

    await citizenContext.close();
    await clerkContext.close();
    // Two windows, a citizen, a scanned upload and four axe runs on a shared two-core machine.
  }, 480_000);
});

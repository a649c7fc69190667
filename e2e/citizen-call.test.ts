/// <reference lib="dom" />
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Download, Locator, Page } from 'playwright-core';
import { REPO } from './support/server';
import { requireClamd, sharedRun } from './support/run';
import { newContext, PHONE, readStats } from './support/browser';
import { openDeskCall } from './support/session';
import { clerkSignsOwnField, drawSignature, drawWithFinger, fingerSignature, openAndFillTravelPermit } from './support/forms';
import { duplicateControlNames, expectNoAxeViolations } from './support/axe';

// Issue 17's browser proof: the citizen's call on a phone (390×844, touch) and on a laptop
// (1280×800) in real Chromium — exact signing, typed signatures, documents after the call,
// interpreters' chat, join waiting for devices, frozen pictures, screen-reader announcements
// and axe-core on every citizen screen. Screenshots of the phone call screen go to docs/.

const runTool = promisify(execFile);
const SCREENSHOTS = path.join(REPO, 'docs/screenshots');
// The shared server seals as, and prefills the form's 'Gemeente' field with, "Gemeente
// Voorbeeldstad" (as in e2e/forms.test.ts). Three fake cameras, so the camera switch has
// something to switch to: a browser of its own. Chromium's second fake camera is a depth camera
// (Y16) whose frames WebRTC does not encode: the laptop test starts on the third (MJPEG) and
// switches to the first (I420).
requireClamd();
const run = sharedRun({ browserArgs: ['--use-fake-device-for-media-stream=device-count=3'] });

/** The citizen link in English (`?lang=en` before the token fragment). */
const english = (link: string) => link.replace('/call/#', '/call/?lang=en#');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'videoloket-citizen-call-'));

async function saved(download: Download): Promise<Buffer> {
  const file = path.join(tmp(), download.suggestedFilename());
  await download.saveAs(file);
  return readFileSync(file);
}

/** Keeps every text the page's live region says: a later announcement may replace one before the test reads it. */
async function recordAnnouncements(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const said: string[] = ((window as unknown as { __announcements: string[] }).__announcements = []);
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="phase-announcer"]')?.textContent ?? '';
      if (text && said.at(-1) !== text) said.push(text);
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
}

async function announced(page: Page, text: string | RegExp): Promise<void> {
  // The page's one polite live region (role=status) said it (recordAnnouncements): not
  // necessarily last, since announcements that follow one another may replace it at once.
  const pattern = typeof text === 'string' ? { source: text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags: '' } : { source: text.source, flags: text.flags };
  const heard = () =>
    page.evaluate(({ source, flags }) => {
      const said = (window as unknown as { __announcements?: string[] }).__announcements ?? [];
      return said.some((t) => new RegExp(source, flags).test(t));
    }, pattern);
  await expect.poll(heard, { timeout: 20_000, message: `announced: ${String(text)}` }).toBe(true);
  expect(await page.getByTestId('phase-announcer').getAttribute('aria-live')).toBe('polite');
}

type Ink = { width: number; height: number; left: number; top: number; right: number; bottom: number; count: number };

/** Ink of the signature canvas as drawn: bounding box and count of painted pixels. */
function canvasInk(canvas: Locator): Promise<Ink> {
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let left = c.width, top = c.height, right = -1, bottom = -1, count = 0;
    for (let y = 0; y < c.height; y++)
      for (let x = 0; x < c.width; x++)
        if (data[(y * c.width + x) * 4 + 3]! > 0) {
          count++;
          left = Math.min(left, x); right = Math.max(right, x); top = Math.min(top, y); bottom = Math.max(bottom, y);
        }
    return { width: c.width, height: c.height, left, top, right, bottom, count };
  });
}

/**
 * Ink of a signature's alpha mask extracted by pdfimages: a binary PGM (P5), or the PPM (P6)
 * poppler 22 writes for a grey soft mask (three equal channels; the first is read).
 */
function maskInk(file: string): Ink {
  const bytes = readFileSync(file);
  const header = bytes.subarray(0, 64).toString('latin1').match(/^P([56])\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  if (!header) throw new Error(`${file}: not a binary PGM/PPM`);
  const channels = header[1] === '6' ? 3 : 1;
  const [width, height] = [Number(header[2]), Number(header[3])];
  const px = bytes.subarray(header[0].length);
  let left = width, top = height, right = -1, bottom = -1, count = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (px[(y * width + x) * channels]! > 0) {
        count++;
        left = Math.min(left, x); right = Math.max(right, x); top = Math.min(top, y); bottom = Math.max(bottom, y);
      }
  return { width, height, left, top, right, bottom, count };
}

/** The alpha masks (soft masks) of the images on one page of a PDF, extracted by poppler's pdfimages. */
async function signatureMasks(pdf: Buffer, page: number): Promise<string[]> {
  const dir = tmp();
  const file = path.join(dir, 'sealed.pdf');
  await import('node:fs/promises').then((fs) => fs.writeFile(file, pdf));
  const range = ['-f', String(page), '-l', String(page)];
  // `pdfimages -list` numbers the images as the extraction names them (img-000, img-001, …).
  const listed = (await runTool('pdfimages', ['-list', ...range, file])).stdout;
  const masks = listed.split('\n').map((l) => l.trim().split(/\s+/)).filter((c) => c[2] === 'smask').map((c) => `img-${c[1]!.padStart(3, '0')}.`);
  await runTool('pdfimages', [...range, file, path.join(dir, 'img')]);
  return readdirSync(dir).filter((f) => masks.some((m) => f.startsWith(m))).map((f) => path.join(dir, f));
}

async function pdfsig(pdf: Buffer): Promise<string> {
  const file = path.join(tmp(), 'sealed.pdf');
  await import('node:fs/promises').then((fs) => fs.writeFile(file, pdf));
  return (await runTool('pdfsig', [file]).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }))).stdout;
}

async function pdfText(pdf: Buffer, page: number): Promise<string> {
  const file = path.join(tmp(), 'sealed.pdf');
  await import('node:fs/promises').then((fs) => fs.writeFile(file, pdf));
  return (await runTool('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-'])).stdout;
}

/** The camera the device check previews. */
function selfPreviewCamera(page: Page): Promise<string | undefined> {
  return page.evaluate(() => ((document.querySelector('[data-testid="self-preview"] video') as HTMLVideoElement | null)?.srcObject as MediaStream | null)?.getVideoTracks()[0]?.label);
}

/** The camera track the page shows as its own picture. */
function selfCamera(page: Page): Promise<{ label: string; live: boolean }> {
  return page.evaluate(() => {
    const track = ((document.querySelector('[data-testid="self-view"] video') as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0]!;
    return { label: track.label, live: track.readyState === 'live' };
  });
}

async function admit(clerk: Page, name: string): Promise<void> {
  await clerk.getByTestId('waiting-entry').filter({ hasText: name }).getByTestId('admit').click();
}

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not visible');
  return b;
}

/** The clerk signs their own field with the mouse and finalises; returns the sealed PDF's bytes. */
async function clerkSignsAndSeals(clerk: Page): Promise<Buffer> {
  await clerk.getByTestId('sig-handtekening_ouder').getByTestId('signature-done').waitFor();
  await clerkSignsOwnField(clerk);
  await clerk.getByTestId('form-finalise').click();
  await clerk.getByTestId('form-finalised').waitFor({ timeout: 30_000 });
  const [download] = await Promise.all([clerk.waitForEvent('download'), clerk.getByTestId('form-download').click()]);
  return saved(download);
}

async function endCall(clerk: Page): Promise<void> {
  await clerk.getByTestId('end-call').click();
  await clerk.getByTestId('end-call-confirm').click();
}

describe("the citizen's call (issue 17)", () => {
  it('phone 390×844: join waits for the devices, phone call screen, finger signature exactly as drawn, documents after the call', async () => {
    const { created, clerk } = await openDeskCall(run.browser, run.server, 'Reistoestemming', 'Mira Janssens');
    const context = await newContext(run.browser, run.server, PHONE);
    await recordAnnouncements(context);
    // A slow camera: getUserMedia answers only when the test says so, after "Join" was clicked.
    await context.addInitScript(() => {
      const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      const w = window as unknown as { __releaseMedia?: () => void };
      const released = new Promise<void>((r) => (w.__releaseMedia = r));
      navigator.mediaDevices.getUserMedia = (c) => released.then(() => open(c));
    });
    const citizen = await context.newPage();
    await citizen.goto(english(created.citizenLink));
    await citizen.getByTestId('name-input').fill('Mira Janssens');
    expect(await citizen.getByTestId('self-preview').locator('video').isVisible()).toBe(false);
    await citizen.getByTestId('join-button').click();
    await expect.poll(() => citizen.getByTestId('join-status').textContent()).toMatch(/camera and microphone are starting/);
    expect(await citizen.getByTestId('device-check').count()).toBe(1);
    await citizen.evaluate(() => (window as unknown as { __releaseMedia: () => void }).__releaseMedia());
    await citizen.getByTestId('waiting-room').waitFor({ timeout: 20_000 });
    await announced(citizen, 'You are in the waiting room');
    await expectNoAxeViolations(citizen, 'phone waiting room');

    await admit(clerk, 'Mira Janssens');
    // (its box is empty on a phone: everything in it is fixed to the screen)
    await citizen.getByTestId('in-call').waitFor({ state: 'attached' });
    await announced(citizen, 'You have been let in');
    // Joined with the devices it waited for: camera and microphone are sent.
    await expect.poll(async () => { const s = await readStats(citizen); return s.outboundVideoPackets > 0 && s.outboundAudioPackets > 0; }, { timeout: 20_000 }).toBe(true);
    await expect.poll(() => clerk.locator('[data-testid="participant"] [data-testid="remote-video"] video:not([hidden])').count(), { timeout: 20_000 }).toBe(1);

    // Phone call screen: the clerk's picture fills the screen, controls over its bottom, small self view.
    await expect.poll(() => citizen.locator('[data-testid="remote-video"] video:not([hidden])').count(), { timeout: 20_000 }).toBe(1);
    const remote = await box(citizen.getByTestId('remote-video'));
    expect(remote).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
    const controls = await box(citizen.getByRole('group', { name: 'Call controls' }));
    expect(controls.y + controls.height).toBeCloseTo(844, 0);
    expect(controls.y).toBeGreaterThan(844 / 2);
    const self = await box(citizen.getByTestId('self-view'));
    expect(self.width).toBeLessThan(390 * 0.35);
    // Phones cannot share a screen: no greyed button; the camera switch is there (two cameras).
    expect(await citizen.getByTestId('own-screen-share').count()).toBe(0);
    await citizen.getByTestId('camera-switch').waitFor();
    // Documents and chat are sheets, closed until asked for.
    expect(await citizen.getByTestId('sheet-chat').isVisible()).toBe(false);
    await citizen.waitForTimeout(1000);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await citizen.screenshot({ path: path.join(SCREENSHOTS, 'phone-call-portrait.png') });
    await expectNoAxeViolations(citizen, 'phone call screen');
    expect(await duplicateControlNames(citizen)).toEqual([]);

    await clerk.getByTestId('chat-input').fill('Welkom! Ik open zo het formulier.');
    await clerk.getByTestId('chat-send').click();
    await announced(citizen, /New message from/);
    await expect.poll(() => citizen.getByTestId('open-chat').textContent()).toBe('Chat, 1 new');
    await citizen.getByTestId('open-chat').click();
    await citizen.getByTestId('sheet-chat').getByTestId('chat-message').waitFor();
    expect((await box(citizen.getByTestId('sheet-chat'))).y).toBeGreaterThan(100);
    await expectNoAxeViolations(citizen, 'phone chat sheet');
    await citizen.getByRole('button', { name: 'Close chat' }).click();

    await citizen.setViewportSize({ width: 844, height: 390 });
    await expect.poll(async () => (await box(citizen.getByTestId('remote-video'))).width).toBe(844);
    expect((await box(citizen.getByTestId('remote-video'))).height).toBe(390);
    const landscapeControls = await box(citizen.getByRole('group', { name: 'Call controls' }));
    expect(landscapeControls.y + landscapeControls.height).toBeCloseTo(390, 0);
    expect(landscapeControls.height).toBeLessThan(390 / 3);
    await citizen.waitForTimeout(500);
    await citizen.screenshot({ path: path.join(SCREENSHOTS, 'phone-call-landscape.png') });
    await expectNoAxeViolations(citizen, 'phone call screen, landscape');
    await citizen.setViewportSize({ width: 390, height: 844 });

    // Signing with a finger: the clerk asks; the citizen hears it and sees the document above the box.
    await openAndFillTravelPermit(clerk);
    await clerk.getByTestId('sig-handtekening_ouder').getByTestId('form-ask-sign').click();
    await announced(citizen, 'The clerk asks you to sign the document.');
    const dialog = citizen.getByTestId('sign-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('sign-document').locator('canvas').first().waitFor();
    const canvas = dialog.getByRole('img', { name: 'Box for your signature' });
    const documentBox = await box(dialog.getByTestId('sign-document'));
    expect(documentBox.y + documentBox.height).toBeLessThanOrEqual((await box(canvas)).y);
    expect(documentBox.height).toBeGreaterThan(150);
    await expectNoAxeViolations(citizen, 'phone sign dialog');

    // "Later", then "Sign now" brings it back.
    await dialog.getByTestId('sign-later').click();
    expect(await dialog.isVisible()).toBe(false);
    await citizen.getByTestId('sign-now').click();
    await dialog.waitFor();
    const canvasBeforeRender = await box(canvas);
    await dialog.getByTestId('sign-document').locator('canvas').first().waitFor();
    // The document renders above the box without moving it (its area has a fixed height).
    expect(await box(canvas)).toEqual(canvasBeforeRender);

    // Nothing moves the box: same place before and after the first stroke.
    await canvas.scrollIntoViewIfNeeded();
    const before = await box(canvas);
    await drawWithFinger(citizen, dialog, [[[0.46, 0.45], [0.5, 0.5], [0.48, 0.55]], [[0.47, 0.52], [0.52, 0.47]]]);
    expect(await box(canvas)).toEqual(before);
    // A tiny scribble is refused with a clear message, and nothing is signed.
    await dialog.getByTestId('signature-confirm').click();
    await expect.poll(() => dialog.getByTestId('signature-hint').textContent()).toMatch(/too small/);
    expect(await dialog.getByTestId('signature-hint').getAttribute('role')).toBe('alert');
    expect(await clerk.getByTestId('sig-handtekening_ouder').getByTestId('signature-done').count()).toBe(0);
    await dialog.getByTestId('signature-clear').click();
    await drawWithFinger(citizen, dialog, fingerSignature());
    expect(await box(canvas)).toEqual(before);
    const drawn = await canvasInk(dialog.getByTestId('signature-canvas'));
    await dialog.getByTestId('signature-confirm').click();
    await citizen.getByTestId('citizen-signed').waitFor({ state: 'attached' }).catch(async (err: Error) => {
      throw new Error(`${err.message}\nthe sign dialog says: ${await dialog.innerText().catch(() => '(gone)')}`);
    });
    await announced(citizen, 'Thank you, your signature is on the document.');

    const sealed = await clerkSignsAndSeals(clerk);
    expect(await pdfsig(sealed)).toMatch(/Signature Validation: Signature is Valid/);
    // The citizen's signature in the sealed PDF is exactly what the finger drew: same image
    // size, same ink bounding box, same amount of ink (a fragment would be smaller).
    const masks = (await signatureMasks(sealed, 2)).map(maskInk).filter((m) => m.width === drawn.width && m.height === drawn.height);
    expect(masks, `drawn ${JSON.stringify(drawn)}; in the PDF ${JSON.stringify((await signatureMasks(sealed, 2)).map(maskInk))}`).toHaveLength(1);
    const inPdf = masks[0]!;
    for (const side of ['left', 'top', 'right', 'bottom'] as const) expect(Math.abs(inPdf[side] - drawn[side]), side).toBeLessThanOrEqual(1);
    expect(Math.abs(inPdf.count - drawn.count) / drawn.count).toBeLessThan(0.01);

    // Documents outlive the call: the end screen lists the sealed PDF, downloadable, byte-identical.
    await citizen.locator('[data-testid="document"][data-state="ready"][data-name^="Reistoestemming"]').waitFor({ state: 'attached', timeout: 30_000 });
    await announced(citizen, /Document ready: Reistoestemming/);
    await endCall(clerk);
    await citizen.getByTestId('screen-ended').waitFor();
    await announced(citizen, 'The call has ended');
    const listed = citizen.locator('[data-testid="after-received"] [data-testid="after-call-document"]');
    await listed.first().waitFor();
    expect(await listed.count()).toBe(1);
    const [atEnd] = await Promise.all([citizen.waitForEvent('download'), listed.first().getByRole('link').click()]);
    expect(sha256(await saved(atEnd))).toBe(sha256(sealed));
    await expectNoAxeViolations(citizen, 'phone end screen');

    // Later, the same link on the same phone: straight to the documents, no camera.
    const again = await context.newPage();
    await again.goto(english(created.citizenLink));
    await again.getByTestId('screen-ended').waitFor();
    expect(await again.getByTestId('device-check').count()).toBe(0);
    const relisted = again.locator('[data-testid="after-call-document"]');
    await relisted.first().waitFor();
    const [later] = await Promise.all([again.waitForEvent('download'), relisted.first().getByRole('link').click()]);
    expect(sha256(await saved(later))).toBe(sha256(sealed));
    await expectNoAxeViolations(again, 'phone, link reopened after the call');
    await context.close();
  }, 600_000);

  it('laptop 1280×800: interpreter sees only later chat, frozen picture says "connection interrupted", typed signature sealed, roles and names', async () => {
    const { created, clerk } = await openDeskCall(run.browser, run.server, 'Mantelzorg', 'Karim Bakkali');
    const context = await newContext(run.browser, run.server, { viewport: { width: 1280, height: 800 } });
    await recordAnnouncements(context);
    const citizen = await context.newPage();
    await citizen.goto(english(created.citizenLink));
    await citizen.getByTestId('self-preview').locator('video:not([hidden])').waitFor();
    await citizen.getByTestId('camera-picker').selectOption({ label: 'fake_device_2' });
    await expect.poll(() => selfPreviewCamera(citizen)).toBe('fake_device_2');
    await expectNoAxeViolations(citizen, 'laptop device check');
    await citizen.getByTestId('name-input').fill('Karim Bakkali');
    await citizen.getByTestId('join-button').click();
    await citizen.getByTestId('waiting-room').waitFor();
    await expectNoAxeViolations(citizen, 'laptop waiting room');
    await admit(clerk, 'Karim Bakkali');
    await citizen.getByTestId('in-call').waitFor();
    await expect.poll(() => citizen.locator('[data-testid="remote-video"] video:not([hidden])').count(), { timeout: 20_000 }).toBe(1);

    // Roles and names: video tiles are figures named after their person; no control name twice.
    await citizen.getByRole('figure', { name: /^Video of / }).waitFor();
    await citizen.getByRole('figure', { name: 'You' }).waitFor();
    await clerk.getByRole('figure', { name: /Karim Bakkali/ }).waitFor();
    expect(await duplicateControlNames(citizen)).toEqual([]);
    expect(await duplicateControlNames(clerk)).toEqual([]);
    // The screen-share control the clerk has not allowed yet says why.
    const share = citizen.getByTestId('screen-share-button');
    expect(await share.isDisabled()).toBe(true);
    expect(await share.getAttribute('aria-describedby')).toBe('screen-share-why');
    expect(await citizen.getByTestId('screen-share-why').textContent()).toBe('The clerk can allow screen sharing.');
    await expectNoAxeViolations(citizen, 'laptop call screen');

    // Three messages before the interpreter joins: the interpreter receives none of them.
    for (const [page, text] of [[citizen, 'Goedendag'], [clerk, 'Wat is uw rekeningnummer?'], [citizen, 'BE68 5390 0754 7034']] as const) {
      await page.getByTestId('chat-input').fill(text);
      await page.getByTestId('chat-send').click();
    }
    await expect.poll(() => clerk.getByTestId('chat-message').count()).toBe(3);
    await clerk.getByTestId('interpreter-language').fill('Arabisch');
    await clerk.getByTestId('interpreter-direct').check();
    await clerk.getByTestId('interpreter-invite').click();
    const interpreterLink = await clerk.getByTestId('interpreter-link').inputValue();
    const interpreterContext = await newContext(run.browser, run.server);
    const interpreter = await interpreterContext.newPage();
    await interpreter.goto(english(interpreterLink));
    await interpreter.getByTestId('name-input').fill('Samira');
    await interpreter.getByTestId('join-button').click();
    await interpreter.getByTestId('in-call').waitFor();
    await interpreter.getByTestId('chat-log').waitFor();
    await interpreter.waitForTimeout(1000);
    expect(await interpreter.getByTestId('chat-message').count()).toBe(0);
    await citizen.getByTestId('chat-input').fill('Nu met de tolk erbij');
    await citizen.getByTestId('chat-send').click();
    await expect.poll(() => interpreter.getByTestId('chat-message').allTextContents()).toEqual([expect.stringContaining('Nu met de tolk erbij')]);
    // The clerk chooses to share the earlier messages: they arrive, in order.
    await clerk.getByTestId('share-chat-history').click();
    await expect.poll(() => interpreter.getByTestId('chat-message').count()).toBe(4);
    expect((await interpreter.getByTestId('chat-message').allTextContents())[0]).toContain('Goedendag');
    await interpreterContext.close();

    // The citizen's camera stops: the clerk's tile says so, visibly and to screen readers.
    const citizenTile = clerk.locator('[data-testid="participant"]').filter({ hasText: 'Karim Bakkali' }).getByTestId('remote-video');
    // Before: the picture flows (a moment of load on this machine may freeze it briefly; it clears on the next frame).
    await expect.poll(() => citizenTile.getAttribute('data-interrupted'), { timeout: 15_000 }).toBe('false');
    expect(await selfCamera(citizen)).toEqual({ label: 'fake_device_2', live: true });
    await citizen.evaluate(() => ((document.querySelector('[data-testid="self-view"] video') as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0]!.stop());
    await expect.poll(() => citizenTile.getAttribute('data-interrupted'), { timeout: 10_000 }).toBe('true');
    const tileStatus = citizenTile.getByRole('status');
    expect(await tileStatus.textContent()).toBe('Verbinding onderbroken');
    expect(await tileStatus.isVisible()).toBe(true);
    expect(await citizenTile.evaluate((el) => el.classList.contains('tile-speaking'))).toBe(false);
    // Frames return (the citizen switches to the other camera): the sign goes.
    await citizen.getByTestId('camera-switch').click();
    // It is the next camera now, not the same one reopened.
    await expect.poll(() => selfCamera(citizen), { timeout: 15_000 }).toEqual({ label: 'fake_device_0', live: true });
    await expect.poll(() => citizenTile.getAttribute('data-interrupted'), { timeout: 15_000 }).toBe('false');
    expect(await tileStatus.textContent()).toBe('');

    // Signing beside the document; the box does not move; then signing by typing the full name.
    await openAndFillTravelPermit(clerk);
    await clerk.getByTestId('sig-handtekening_ouder').getByTestId('form-ask-sign').click();
    const dialog = citizen.getByTestId('sign-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('sign-document').locator('canvas').first().waitFor();
    const canvas = dialog.getByRole('img', { name: 'Box for your signature' });
    const doc = await box(dialog.getByTestId('sign-document'));
    await canvas.scrollIntoViewIfNeeded();
    const before = await box(canvas);
    expect(doc.x + doc.width).toBeLessThanOrEqual(before.x);
    await citizen.mouse.move(before.x + 30, before.y + 40);
    await citizen.mouse.down();
    await citizen.mouse.move(before.x + 200, before.y + 120, { steps: 8 });
    await citizen.mouse.up();
    expect(await box(canvas)).toEqual(before);
    await drawSignature(citizen, dialog);
    expect(await box(canvas)).toEqual(before);
    await expectNoAxeViolations(citizen, 'laptop sign dialog');

    // The clerk opens their own sign dialog while the citizen is still signing: the citizen's
    // signature arriving (the form and its preview change behind and inside it) must not move the clerk's box.
    await clerk.getByTestId('sig-handtekening_ambtenaar').getByTestId('form-sign-self').click();
    const clerkDialog = clerk.getByTestId('clerk-sign-dialog');
    await clerkDialog.getByTestId('sign-document').locator('canvas').first().waitFor();
    const clerkCanvas = clerkDialog.getByRole('img', { name: 'Tekenvak voor uw handtekening' });
    const clerkBefore = await box(clerkCanvas);
    const clerkPreview = clerkDialog.getByTestId('form-preview');
    const shownBefore = await clerkPreview.getAttribute('data-rendered-version');

    await dialog.getByTestId('sign-type-instead').click();
    await dialog.getByTestId('typed-name').fill('Karim Bakkali');
    await dialog.getByTestId('typed-confirm').click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/Tick the box/);
    await dialog.getByTestId('typed-consent').check();
    await expectNoAxeViolations(citizen, 'laptop typed signature');
    await dialog.getByTestId('typed-confirm').click();
    await citizen.getByTestId('citizen-signed').waitFor();
    await clerk.getByTestId('sig-handtekening_ouder').getByTestId('signature-done').waitFor();
    // The preview beside the clerk's box shows the document with the citizen's name on it.
    await expect.poll(() => clerkPreview.getAttribute('data-rendered-version'), { timeout: 20_000 }).not.toBe(shownBefore);
    expect(await box(clerkCanvas)).toEqual(clerkBefore);
    const sealed = await clerkSignsAndSeals(clerk);
    const sig = await pdfsig(sealed);
    expect(sig).toMatch(/Signature Validation: Signature is Valid/);
    expect(sig).toMatch(/Total document signed/);
    expect(await pdfText(sealed, 2)).toContain('Karim Bakkali');
    expect(await pdfText(sealed, 3)).toMatch(/Karim Bakkali \(burger\)[\s\S]*getypte naam \(typed signature\)/);

    await endCall(clerk);
    await citizen.getByTestId('screen-ended').waitFor();
    await citizen.locator('[data-testid="after-call-documents"][data-state="ready"]').waitFor();
    await expectNoAxeViolations(citizen, 'laptop end screen');
    await context.close();
  }, 600_000);

  it('a missing camera is named and the citizen joins without it only on purpose; the link-less page passes axe at both sizes', async () => {
    const { created } = await openDeskCall(run.browser, run.server, 'Zonder camera', 'Els');
    for (const options of [PHONE, { viewport: { width: 1280, height: 800 } }]) {
      const context: BrowserContext = await newContext(run.browser, run.server, options);
      await context.addInitScript(() => {
        const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = (c) => (c?.video ? Promise.reject(new DOMException('Camera blocked', 'NotAllowedError')) : open(c));
      });
      const page = await context.newPage();
      await page.goto('/call/?lang=en');
      await page.getByTestId('no-link').waitFor();
      await expectNoAxeViolations(page, 'no link');

      // A fresh load: from /call/?lang=en the link would only change the fragment (no reload).
      await page.goto('about:blank');
      await page.goto(english(created.citizenLink));
      await page.getByTestId('name-input').fill('Els');
      const missing = page.getByTestId('media-missing');
      await missing.waitFor();
      expect(await missing.getAttribute('role')).toBe('alert');
      expect(await missing.textContent()).toContain('Your camera does not work or is not allowed.');
      await expectNoAxeViolations(page, 'device check, camera missing');
      // "Join" does not quietly join without the camera: it points at the explicit choice.
      await page.getByTestId('join-button').click();
      await page.waitForTimeout(500);
      expect(await page.getByTestId('device-check').count()).toBe(1);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('join-without');
      await page.getByRole('button', { name: 'Join without camera' }).click();
      await page.getByTestId('waiting-room').waitFor();
      await page.getByTestId('leave-button').click();
      await page.getByTestId('screen-left').waitFor();
      await expectNoAxeViolations(page, 'left');
      await context.close();
    }
  }, 400_000);
});

/// <reference lib="dom" />
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

// The form steps several browser tests share: the clerk fills the travel permit, and a
// signature is drawn with the mouse or with a finger on the visible signature canvas.

export const TRAVEL_PERMIT_VALUES: Record<string, string> = {
  kind_achternaam: 'Janssens',
  kind_voornamen: 'Loeysje',
  kind_geboortedatum: '14-03-2013',
  kind_documentnummer: 'EL1234567',
  ouder_adres: 'Kerkstraat 12',
  ouder_postcode_woonplaats: '9000 Gent',
  begeleider_naam: 'Jef en Rita Janssens',
  bestemming: 'Spanje',
  vertrekdatum: '01-07-2027',
  terugkeerdatum: '15-07-2027',
  plaats: 'Gent',
};

/** The clerk opens the travel permit and fills every required field. */
export async function openAndFillTravelPermit(clerk: Page): Promise<void> {
  await clerk.getByTestId('form-template').selectOption('reistoestemming-minderjarige');
  await clerk.getByTestId('form-open').click();
  // Open once the prefill (the citizen's name) is there.
  await expect.poll(() => clerk.getByTestId('form-field-ouder_naam').inputValue(), { timeout: 30_000 }).not.toBe('');
  for (const [name, value] of Object.entries(TRAVEL_PERMIT_VALUES)) await clerk.getByTestId(`form-field-${name}`).fill(value);
  await clerk.getByTestId('form-field-doel_vakantie').check();
  await clerk.getByTestId('form-field-verklaring_akkoord').check();
  await expect.poll(() => clerk.getByTestId('form-error').count()).toBe(0);
  await clerk.waitForTimeout(600); // the last fill reaches the server (the preview follows the pushed version)
}

async function readyCanvas(scope: Locator): Promise<Locator> {
  const canvas = scope.getByTestId('signature-canvas');
  await canvas.scrollIntoViewIfNeeded();
  // The pad sizes its bitmap once the box is laid out (inside a just-opened dialog).
  await expect.poll(() => canvas.evaluate((c: HTMLCanvasElement) => c.width > 0 && c.width === Math.round(c.offsetWidth * Math.max(devicePixelRatio, 1)))).toBe(true);
  return canvas;
}

/** Points of the wave stroke: the pad draws a smooth curve through them. */
const WAVE_POINTS = 20;

/**
 * Draws a signature-like scribble with real mouse events on the page's visible signature canvas.
 * Few events on purpose: each one waits for the page to handle it, which took 0.3–0.9 s beside a
 * running call on a loaded machine (~95 events made one signature take 10–25 s).
 */
export async function drawSignature(page: Page, scope = page.locator('body')): Promise<void> {
  const canvas = await readyCanvas(scope);
  const box = (await canvas.boundingBox())!;
  const y0 = box.y + box.height * 0.6;
  await page.mouse.move(box.x + 20, y0);
  await page.mouse.down();
  // Two periods of a sine across the box, ten points a period.
  for (let i = 1; i <= WAVE_POINTS; i++) {
    await page.mouse.move(box.x + 20 + (i / WAVE_POINTS) * (box.width - 60), y0 - Math.sin((i / WAVE_POINTS) * 4 * Math.PI) * box.height * 0.3);
  }
  await page.mouse.up();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.8, { steps: 3 });
  await page.mouse.up();
  // Drawn: the pad reports ink, so confirming is possible.
  await expect.poll(() => scope.getByTestId('signature-confirm').isEnabled(), { timeout: 5000 }).toBe(true);
}

/**
 * Draws strokes with a finger (CDP touch events, as a phone's touchscreen sends them).
 * Each stroke is a list of points in fractions of the canvas (0..1).
 */
export async function drawWithFinger(page: Page, scope: Locator, strokes: [number, number][][]): Promise<void> {
  const canvas = await readyCanvas(scope);
  const box = (await canvas.boundingBox())!;
  const cdp = await page.context().newCDPSession(page);
  const at = ([fx, fy]: [number, number]) => [{ x: box.x + fx * box.width, y: box.y + fy * box.height, id: 1, radiusX: 4, radiusY: 4, force: 1 }];
  for (const stroke of strokes) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(stroke[0]!) });
    for (const p of stroke.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(p) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
  await cdp.detach();
}

/** A two-stroke signature across most of the box, as fractions for drawWithFinger. */
export function fingerSignature(): [number, number][][] {
  const wave: [number, number][] = Array.from({ length: 30 }, (_, i) => [0.08 + (i / 29) * 0.8, 0.55 - Math.sin(i / 3) * 0.28]);
  return [wave, [[0.35, 0.25], [0.42, 0.5], [0.5, 0.8]]];
}

/**
 * The clerk signs their own field: "Zelf tekenen" opens the sign dialog (unless it is open
 * already), a mouse signature, confirm; resolves once the desk shows the field signed.
 */
export async function clerkSignsOwnField(clerk: Page, fieldName = 'handtekening_ambtenaar'): Promise<void> {
  const field = clerk.getByTestId(`sig-${fieldName}`);
  const dialog = clerk.getByTestId('clerk-sign-dialog');
  if (!(await dialog.isVisible())) await field.getByTestId('form-sign-self').click();
  await dialog.waitFor();
  await drawSignature(clerk, dialog);
  await dialog.getByTestId('signature-confirm').click();
  await field.getByTestId('signature-done').waitFor().catch(async (err: Error) => {
    const hint = await dialog.getByTestId('signature-hint').innerText().catch(() => '(gone)');
    const form = (await clerk.getByTestId('form-error').allInnerTexts()).join(' | ');
    throw new Error(`${err.message}\nthe sign box says: ${hint}; the form says: ${form}`);
  });
  expect(await dialog.isVisible()).toBe(false);
}

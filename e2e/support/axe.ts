/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

// axe-core in the page (WCAG 2.1 A/AA rules): every violation is listed with its target.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  // Evaluated over CDP, not as a <script>: the app's CSP (script-src 'self') stays on.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${axeSource};void 0`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations, `${screen}: axe-core WCAG 2.1 A/AA violations`).toEqual([]);
}

/** Accessible names of the page's controls that occur more than once (issue 17: "no two controls on one screen share a name"). */
export async function duplicateControlNames(page: Page): Promise<string[]> {
  const snapshot = await page.locator('body').ariaSnapshot();
  const names = new Map<string, number>();
  for (const m of snapshot.matchAll(/- (button|textbox|combobox|checkbox|link|slider|spinbutton|switch|radio) "([^"]+)"/g)) {
    const key = `${m[1]} "${m[2]}"`;
    names.set(key, (names.get(key) ?? 0) + 1);
  }
  return [...names].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
}

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDatabase, seed } from '@videoloket/backoffice';
import { impactPeriod, insertImpactFixture } from '@videoloket/backoffice/testing';
import { ownServerRun } from './support/run';
import { copyDatabaseTemplate } from './support/server';
import { newContext, storeDeskAuth } from './support/browser';
import { loginClerk } from './support/api';
import { expectNoAxeViolations } from './support/axe';

// Issue 15 item 6: the impact dashboard. The back office's known rows (February 2025, figures
// computed by hand in backoffice/test/support/impactFixture.ts) are put into the server's
// embedded database before it starts; a supervisor (the first account administers) opens the
// dashboard, reads the figures in the tables, sees the charts, downloads the CSV and finds the
// same cells, submits another period from the keyboard, then reads it in French; axe-clean.

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'videoloket-e2e-impact-'));
beforeAll(async () => {
  // From the run's migrated empty database (creating one takes 10-35 s).
  copyDatabaseTemplate(inject('e2eDatabaseTemplate'), path.join(dataDir, 'db'));
  const db = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'db') });
  await seed(db);
  await insertImpactFixture(db, '2025');
  await db.close();
});
const run = ownServerRun(() => ({ DATA_DIR: dataDir, IMPACT_CO2_KG_PER_KM: '0.2' }));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const { from, to } = impactPeriod('2025');

/** Every table on the page: caption, column headers, rows as [product, ...cells]. */
function tablesOf(page: Page) {
  return page.locator('[data-testid^="impact-table-"]').evaluateAll((tables) =>
    tables.map((t) => ({
      caption: t.querySelector('caption')!.textContent!,
      columns: Array.from(t.querySelectorAll('thead th'), (th) => th.textContent!).slice(1),
      rows: Array.from(t.querySelectorAll('tbody tr'), (tr) => Array.from(tr.querySelectorAll('th, td'), (c) => c.textContent!)),
    })),
  );
}

function rowOf(tables: Awaited<ReturnType<typeof tablesOf>>, caption: string, product: string): string[] | undefined {
  return tables.find((t) => t.caption === caption)?.rows.find((r) => r[0] === product)?.slice(1);
}

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; lines end in CRLF. */
function parseCsv(csv: string): string[][] {
  const lines: string[][] = [];
  let line: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i]!;
    if (quoted && ch === '"' && csv[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      line.push(field);
      field = '';
    } else if (!quoted && ch === '\r' && csv[i + 1] === '\n') {
      line.push(field);
      lines.push(line);
      line = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  return lines;
}

describe('the impact dashboard', () => {
  it('shows the hand-computed figures in tables and charts, the CSV holds the same cells, another period from the keyboard, French; axe-clean', async () => {
    const login = await loginClerk(run.server);
    expect(login.clerk.supervisor).toBe(true);
    const context = await newContext(run.browser, run.server, { acceptDownloads: true });
    await storeDeskAuth(context, login);
    const page = await context.newPage();
    await page.goto('/desk/');
    await page.getByTestId('nav-impact').click();
    await page.getByTestId('impact-view').waitFor({ timeout: 20_000 });
    await page.goto(`/desk/#/impact/${from}/${to}`);
    await page.getByTestId('impact-table-contacts').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('impact-from').inputValue()).toBe(from);

    const tables = await tablesOf(page);
    expect(tables.map((t) => t.caption)).toEqual([
      'Contacten per kanaal',
      'Uitkomst van de gesprekken (volgens de medewerker)',
      'Afgehandeld in één contact en doorlooptijd',
      'Van uitnodiging tot afspraak en van afspraak tot levering',
      'Vermeden verplaatsingen (video en huisbezoek)',
      'Tevredenheid',
      'Open dossiers op het einde van de periode',
    ]);
    const eid = 'Elektronische identiteitskaart';
    expect(tables[0]!.columns).toEqual(['Video', 'Loket', 'Huisbezoek', 'Wijkkantoor', 'Alle kanalen']);
    expect(rowOf(tables, 'Contacten per kanaal', eid)).toEqual(['0', '2', '1', '1', '4']);
    expect(rowOf(tables, 'Contacten per kanaal', 'Totaal')).toEqual(['2', '2', '1', '1', '6']);
    expect(rowOf(tables, 'Uitkomst van de gesprekken (volgens de medewerker)', 'Totaal')).toEqual(['1', '1', '1']);
    expect(rowOf(tables, 'Uitkomst van de gesprekken (volgens de medewerker)', eid)).toEqual(['0', '0', '1']);
    expect(rowOf(tables, 'Afgehandeld in één contact en doorlooptijd', eid)).toEqual(['2', '1', '50', '3', '10', '18']);
    expect(rowOf(tables, 'Afgehandeld in één contact en doorlooptijd', 'Totaal')).toEqual(['4', '3', '75', '5', '3', '16']);
    expect(rowOf(tables, 'Van uitnodiging tot afspraak en van afspraak tot levering', eid)).toEqual(['2', '10', '12,4', '2', '12,5', '16,9']);
    expect(rowOf(tables, 'Vermeden verplaatsingen (video en huisbezoek)', 'Mantelzorgpremie')).toEqual(['1', '0', '22,2', '4,4']);
    expect(rowOf(tables, 'Vermeden verplaatsingen (video en huisbezoek)', 'Toestemming reizen minderjarige')).toEqual(['0', '1', '0', '0']);
    expect(rowOf(tables, 'Vermeden verplaatsingen (video en huisbezoek)', 'Totaal')).toEqual(['2', '1', '44,5', '8,9']);
    expect(rowOf(tables, 'Tevredenheid', 'Totaal')).toEqual(['3', '4']);
    expect(rowOf(tables, 'Tevredenheid', 'Reispas')).toEqual(['0', '—']);
    expect(rowOf(tables, 'Open dossiers op het einde van de periode', eid)).toEqual(['1', '2']);
    // The emission factor and how distances are measured are stated on the page.
    const method = await page.getByTestId('impact-method').innerText();
    expect(method).toContain('0,2 kg CO2 per km');
    expect(method).toContain('haversine');
    expect(method).toContain('(51.0543, 3.7251)');
    // The charts drew the same figures: one bar per channel per product with contacts (4 channels × 3 products), one per product with km.
    await page.getByTestId('impact-chart-contacts').locator('.ct-bar').first().waitFor({ state: 'attached' }); // a bar is a stroked <line>: no box, so never "visible" to Playwright
    expect(await page.getByTestId('impact-chart-contacts').locator('.ct-bar').count()).toBe(12);
    expect(await page.getByTestId('impact-chart-travel').locator('.ct-bar').count()).toBe(2);
    await expectNoAxeViolations(page, 'impact dashboard');

    // The CSV: one line per product and the total, each table's cells under "caption: column".
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('impact-csv').click()]);
    expect(download.suggestedFilename()).toBe(`impact-${from}-${to}.csv`);
    const bytes = await buffer(await download.createReadStream());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte order mark, for spreadsheets
    const [header, ...lines] = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(header![0]).toBe('Product');
    expect(lines).toHaveLength(tables[0]!.rows.length);
    let compared = 0;
    for (const table of tables) {
      for (const row of table.rows) {
        const line = lines.find((l) => l[0] === row[0]);
        expect(line, row[0]).toBeDefined();
        table.columns.forEach((column, i) => {
          expect(line![header!.indexOf(`${table.caption}: ${column}`)], `${table.caption} / ${column} / ${row[0]}`).toBe(row[i + 1]);
          compared++;
        });
      }
    }
    expect(compared).toBe(tables.reduce((n, t) => n + t.rows.length * t.columns.length, 0));
    expect(header).toHaveLength(1 + tables.reduce((n, t) => n + t.columns.length, 0));

    // A one-day period (5 February: A's home visit and E's video call), submitted from the keyboard.
    await page.getByTestId('impact-from').fill('2025-02-05');
    await page.getByTestId('impact-to').fill('2025-02-05');
    await page.getByRole('button', { name: 'Tonen' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('impact-csv');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/impact\/2025-02-05\/2025-02-05$/);
    await expect.poll(async () => rowOf(await tablesOf(page), 'Contacten per kanaal', 'Totaal'), { timeout: 20_000 }).toEqual(['1', '0', '1', '0', '2']);
    // In French: the same figures under French captions, axe-clean.
    await page.getByTestId('language-picker').selectOption('fr');
    await page.getByRole('table', { name: 'Contacts par canal' }).waitFor({ timeout: 20_000 });
    expect(rowOf(await tablesOf(page), 'Contacts par canal', 'Total')).toEqual(['1', '0', '1', '0', '2']);
    expect(await page.getByTestId('impact-method').innerText()).toContain('0,2 kg de CO2 par km');
    await expectNoAxeViolations(page, 'impact dashboard in French');
    await context.close();
  });
});

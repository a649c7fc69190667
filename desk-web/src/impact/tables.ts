import { createTranslator, type Language } from '@videoloket/call-client';
import { CHANNEL_NAMES, CallOutcome, type DurationFigures, type ImpactFigures, type ImpactReport } from '@videoloket/contracts';
import { appointmentsCatalogues } from '../appointments/i18n';
import { outcomeLabel } from '../outcome/labels';
import { impactText } from './labels';

// The dashboard's figures as tables of text: the page renders them and the CSV export writes
// the very same cells, so the two cannot disagree.

export interface ImpactTable {
  id: string;
  caption: string;
  columns: string[];
  /** One row per product, then the total. */
  rows: { product: string; cells: string[] }[];
}

export function impactTables(report: ImpactReport, lang: Language): ImpactTable[] {
  const s = (key: Parameters<typeof impactText>[0]) => impactText(key, undefined, lang);
  const channel = createTranslator(appointmentsCatalogues, lang);
  const whole = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const tenth = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const hundredth = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const n = (value: number | null, format = whole) => (value === null ? s('none') : format.format(value));
  const durations = (d: DurationFigures) => [n(d.count), n(d.p50Days, tenth), n(d.p90Days, tenth)];
  const rows = (cells: (f: ImpactFigures) => string[]) => [
    ...report.products.map((p) => ({ product: p.name[lang], cells: cells(p.figures) })),
    { product: s('total'), cells: cells(report.total) },
  ];
  return [
    {
      id: 'contacts',
      caption: s('contactsTitle'),
      columns: [...CHANNEL_NAMES.map((c) => channel(`channel_${c}`)), s('contactsTotal')],
      rows: rows((f) => [...CHANNEL_NAMES.map((c) => n(f.contacts[c])), n(CHANNEL_NAMES.reduce((sum, c) => sum + f.contacts[c], 0))]),
    },
    {
      id: 'outcomes',
      caption: s('outcomesTitle'),
      columns: CallOutcome.options.map((o) => outcomeLabel(o, lang)),
      rows: rows((f) => CallOutcome.options.map((o) => n(f.callOutcomes[o]))),
    },
    {
      id: 'completion',
      caption: s('completionTitle'),
      columns: [s('closedWithContact'), s('closedInOneContact'), s('oneContactPercent'), s('leadCount'), s('leadP50'), s('leadP90')],
      rows: rows((f) => [n(f.closedWithContact), n(f.closedInOneContact), n(f.oneContactPercent, tenth), ...durations(f.leadTime)]),
    },
    {
      id: 'waits',
      caption: s('waitsTitle'),
      columns: [s('invitationCount'), s('invitationP50'), s('invitationP90'), s('deliveryCount'), s('deliveryP50'), s('deliveryP90')],
      rows: rows((f) => [...durations(f.invitationToBooking), ...durations(f.bookingToDelivery)]),
    },
    {
      id: 'travel',
      caption: s('travelTitle'),
      columns: [s('trips'), s('withoutAddress'), s('km'), s('kgCo2')],
      rows: rows((f) => [n(f.travelAvoided.trips), n(f.travelAvoided.withoutAddress), n(f.travelAvoided.km, tenth), n(f.travelAvoided.kgCo2, tenth)]),
    },
    {
      id: 'satisfaction',
      caption: s('satisfactionTitle'),
      columns: [s('evaluations'), s('satisfactionMean')],
      rows: rows((f) => [n(f.satisfaction.count), n(f.satisfaction.mean, hundredth)]),
    },
    {
      id: 'open',
      caption: s('openTitle'),
      columns: [s('reducedMobility'), s('others')],
      rows: rows((f) => [n(f.openCases.reducedMobility), n(f.openCases.others)]),
    },
  ];
}

const csvField = (text: string) => (/[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/**
 * One line per product (and the total), one column per table cell, headed "table: column";
 * RFC 4180 quoting, CRLF, with a byte order mark so spreadsheets read it as UTF-8.
 */
export function impactCsv(tables: ImpactTable[], productHeader: string): string {
  const header = [productHeader, ...tables.flatMap((t) => t.columns.map((c) => `${t.caption}: ${c}`))];
  const lines = tables[0]!.rows.map((row, i) => [row.product, ...tables.flatMap((t) => t.rows[i]!.cells)]);
  return '\uFEFF' + [header, ...lines].map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

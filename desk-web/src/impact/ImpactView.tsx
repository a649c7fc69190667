import { useEffect, useMemo, useRef, useState } from 'react';
import { BarChart } from 'chartist';
import 'chartist/dist/index.css';
import { isAppError, type Language } from '@videoloket/call-client';
import { CHANNEL_NAMES, type ImpactReport } from '@videoloket/contracts';
import { deskHttp, type DeskAuth } from '../api';
import { impactText } from './labels';
import { impactCsv, impactTables, type ImpactTable } from './tables';
import './impact.css';

interface Props {
  lang: Language;
  auth: DeskAuth;
  from: string;
  to: string;
  onPeriod(from: string, to: string): void;
  onUnauthenticated(): void;
}

/**
 * The impact dashboard (issue 15 item 6): the figures of a period per product, as tables (every
 * figure), two charts of the same figures (Chartist, hidden from screen readers: the tables
 * say it all) and a CSV of the tables' cells. Supervisors and administrators; the server checks.
 */
export function ImpactView({ lang, auth, from, to, onPeriod, onUnauthenticated }: Props) {
  const s = (key: Parameters<typeof impactText>[0], vars?: Record<string, string>) => impactText(key, vars, lang);
  const [report, setReport] = useState<ImpactReport>();
  const [error, setError] = useState<string>();
  const [draft, setDraft] = useState({ from, to });

  useEffect(() => setDraft({ from, to }), [from, to]);
  useEffect(() => {
    let current = true;
    setReport(undefined);
    setError(undefined);
    deskHttp(auth)
      .impact({ query: { from, to } })
      .then(
        (r) => current && setReport(r),
        (err: unknown) => {
          if (!current) return;
          if (isAppError(err, 'UNAUTHENTICATED')) return onUnauthenticated();
          setError(isAppError(err, 'FORBIDDEN') ? impactText('forbidden', undefined, lang) : impactText('error', { code: isAppError(err) ? err.code : 'NETWORK' }, lang));
        },
      );
    return () => {
      current = false;
    };
  }, [auth, from, to, lang, onUnauthenticated]);

  const tables = useMemo(() => (report ? impactTables(report, lang) : undefined), [report, lang]);

  function download() {
    if (!tables) return;
    const url = URL.createObjectURL(new Blob([impactCsv(tables, s('product'))], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `impact-${from}-${to}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  return (
    <section className="panel impact" aria-labelledby="impact-heading" data-testid="impact-view">
      <h1 id="impact-heading">{s('title')}</h1>
      <p>{s('intro')}</p>
      <form
        className="impact-period"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.from && draft.to) onPeriod(draft.from, draft.to);
        }}
      >
        <fieldset>
          <legend>{s('period')}</legend>
          <label htmlFor="impact-from">{s('from')}</label>
          <input id="impact-from" type="date" required value={draft.from} max={draft.to} onChange={(e) => setDraft({ ...draft, from: e.target.value })} data-testid="impact-from" />
          <label htmlFor="impact-to">{s('to')}</label>
          <input id="impact-to" type="date" required value={draft.to} min={draft.from} onChange={(e) => setDraft({ ...draft, to: e.target.value })} data-testid="impact-to" />
          <button type="submit">{s('show')}</button>
          <button type="button" className="secondary" onClick={download} disabled={!tables} data-testid="impact-csv">
            {s('csv')}
          </button>
        </fieldset>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!report && !error && <p role="status">{s('loading')}</p>}
      {report && tables && (
        <>
          <p data-testid="impact-method">{s('travelMethod', { lat: String(report.townHall.lat), lon: String(report.townHall.lon), factor: new Intl.NumberFormat(lang).format(report.co2KgPerKm) })}</p>
          <ContactsChart report={report} lang={lang} caption={s('contactsChart')} />
          <ImpactTableView table={tables[0]!} productHeader={s('product')} />
          {tables.slice(1, 4).map((t) => (
            <ImpactTableView key={t.id} table={t} productHeader={s('product')} />
          ))}
          <TravelChart report={report} lang={lang} caption={s('travelChart')} />
          {tables.slice(4).map((t) => (
            <ImpactTableView key={t.id} table={t} productHeader={s('product')} />
          ))}
        </>
      )}
    </section>
  );
}

function ImpactTableView({ table, productHeader }: { table: ImpactTable; productHeader: string }) {
  return (
    <div className="impact-table">
      <table className="calls" data-testid={`impact-table-${table.id}`}>
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{productHeader}</th>
            {table.columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={row.product} className={i === table.rows.length - 1 ? 'impact-total' : undefined}>
              <th scope="row">{row.product}</th>
              {row.cells.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A Chartist bar chart in a figure; the figures themselves are in the table next to it. */
function Chart({ caption, labels, series, legend, testId }: { caption: string; labels: string[]; series: number[][]; legend?: string[]; testId: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current || labels.length === 0) return;
    const chart = new BarChart(host.current, { labels, series }, { stackBars: true, horizontalBars: true, height: `${Math.max(8, labels.length * 2.5 + 3)}rem`, axisY: { offset: 180 }, axisX: { onlyInteger: true } });
    return () => void chart.detach();
  }, [labels, series]);
  return (
    <figure className="impact-chart" data-testid={testId}>
      <figcaption>{caption}</figcaption>
      {legend && (
        <ul className="impact-legend" aria-hidden="true">
          {legend.map((name, i) => (
            <li key={name} className={`impact-legend-${String.fromCharCode(97 + i)}`}>
              {name}
            </li>
          ))}
        </ul>
      )}
      <div ref={host} aria-hidden="true" />
    </figure>
  );
}

function ContactsChart({ report, lang, caption }: { report: ImpactReport; lang: Language; caption: string }) {
  const { labels, series, legend } = useMemo(() => {
    const shown = report.products.filter((p) => CHANNEL_NAMES.some((c) => p.figures.contacts[c] > 0));
    return {
      labels: shown.map((p) => p.name[lang]),
      series: CHANNEL_NAMES.map((c) => shown.map((p) => p.figures.contacts[c])),
      legend: impactTables(report, lang)[0]!.columns.slice(0, CHANNEL_NAMES.length),
    };
  }, [report, lang]);
  return <Chart caption={caption} labels={labels} series={series} legend={legend} testId="impact-chart-contacts" />;
}

function TravelChart({ report, lang, caption }: { report: ImpactReport; lang: Language; caption: string }) {
  const { labels, series } = useMemo(() => {
    const shown = report.products.filter((p) => p.figures.travelAvoided.km > 0);
    return { labels: shown.map((p) => p.name[lang]), series: [shown.map((p) => p.figures.travelAvoided.km)] };
  }, [report, lang]);
  return <Chart caption={caption} labels={labels} series={series} testId="impact-chart-travel" />;
}

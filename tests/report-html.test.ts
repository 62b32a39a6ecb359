import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { capHeatmap, durationCurve, durationCurves, NO_CONTROL, weekWindow } from '../src/report/html/hub-charts.js';
import { hubReportData, parseRunResults, type StrategyColumns } from '../src/report/html/hub-data.js';
import { OTHER_STEP, parseRolloutResults, waterfallSteps } from '../src/report/html/rollout-charts.js';
import { readSeriesCsv } from '../src/report/html/series-csv.js';
import { shownText } from '../src/report/html/table.js';
import { runCli } from './support/cli.js';
import { expectError } from './support/expect-error.js';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-report-'));
const SLOW = 120_000;
const HUB_OUT = path.join(DIR, 'hub');
const ROLLOUT_OUT = path.join(DIR, 'rollout');

/**
 * Every <td data-row data-col> of a table in the page: row key -> column -> the cell's exact text
 * (data-value for a number, which must also be what the cell shows, rounded; else the cell's text).
 */
function tableCells(html: string, table: string): Map<string, Map<string, string>> {
  const start = html.indexOf(`<table data-table="${table}">`);
  expect(start, `table ${table}`).toBeGreaterThanOrEqual(0);
  const body = html.slice(start, html.indexOf('</table>', start));
  const out = new Map<string, Map<string, string>>();
  const unescape = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const m of body.matchAll(/<td[^>]* data-row="([^"]*)" data-col="([^"]*)"(?: data-value="([^"]*)" title="[^"]*")?>([^<]*)<\/td>/g)) {
    const row = unescape(m[1]);
    if (!out.has(row)) out.set(row, new Map());
    if (m[3] !== undefined) {
      // The shown number is the exact one rounded: within half a unit of its last shown digit.
      const exact = Number(unescape(m[3]));
      const shown = unescape(m[4]);
      const decimals = shown.includes('.') ? shown.length - shown.indexOf('.') - 1 : 0;
      expect(Math.abs(Number(shown.replace(/,/g, '')) - exact), `${row} ${m[2]}: shows ${shown} for ${exact}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9 * Math.abs(exact));
    }
    out.get(row)!.set(unescape(m[2]), unescape(m[3] ?? m[4]));
  }
  return out;
}

/** A cell's text back as the value results.json holds ("-" is null). */
function cellValue(text: string): unknown {
  return text === '-' ? null : /^-?[\d.]+(e[-+]?\d+)?$/.test(text) ? Number(text) : text;
}

function chartIds(html: string): string[] {
  return [...html.matchAll(/<figure class="chart" data-chart="([^"]+)">/g)].map((m) => m[1]);
}

function hubData() {
  const results = parseRunResults(JSON.parse(fs.readFileSync(path.join(HUB_OUT, 'results.json'), 'utf8')), 'results.json');
  const cols = new Map<string, StrategyColumns>();
  for (const name of Object.keys(results.strategies)) cols.set(name, readSeriesCsv(HUB_OUT, name, results.hub.axis.steps));
  return hubReportData(results, cols);
}

beforeAll(async () => {
  const run = await runCli('run', 'scenarios/examples/business-park.yaml', '--out', HUB_OUT, '--series', '--report');
  expect(run.code, run.stderr).toBe(0);
  const rollout = await runCli('rollout', 'tests/fixtures/rollout-small.yaml', '--workers', '1', '--out', ROLLOUT_OUT, '--report');
  expect(rollout.code, rollout.stderr).toBe(0);
}, SLOW);

describe('hub report', () => {
  it('shows every metric of every strategy exactly as results.json has it', () => {
    const html = fs.readFileSync(path.join(HUB_OUT, 'report.html'), 'utf8');
    const results = JSON.parse(fs.readFileSync(path.join(HUB_OUT, 'results.json'), 'utf8'));
    const cells = tableCells(html, 'metrics');
    let checked = 0;
    for (const [strategy, s] of Object.entries<any>(results.strategies)) {
      for (const [metric, value] of Object.entries(s.metrics)) {
        expect(cellValue(cells.get(metric)!.get(strategy)!), `${strategy} ${metric}`).toBe(value);
        checked++;
      }
    }
    // 6 strategies in the business park x the metrics of results.json.
    expect(checked).toBe(6 * Object.keys(results.metricUnits).length);
  });

  it('has the load-duration curves, the cap heatmap and the week as inline SVG, and fetches nothing', () => {
    const html = fs.readFileSync(path.join(HUB_OUT, 'report.html'), 'utf8');
    expect(chartIds(html)).toEqual(['load-duration', 'cap-heatmap', 'week']);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\((?!#)/i);
    // The only URLs are the SVG namespaces, which are names, not fetches.
    const urls = [...html.matchAll(/https?:\/\/[^\s"')]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
  });

  it('hubsim report DIR writes the same bytes as run --report (from the series CSV files)', async () => {
    const fromRun = fs.readFileSync(path.join(HUB_OUT, 'report.html'), 'utf8');
    const r = await runCli('report', HUB_OUT);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(HUB_OUT, 'report.html'), 'utf8')).toBe(fromRun);
  }, SLOW);

  it('draws curves whose peaks and heatmaps whose hours equal the metrics of results.json', () => {
    const d = hubData();
    const curves = durationCurves(d);
    for (const s of d.strategies) {
      const m = d.results.strategies[s.name].metrics;
      const name = s.kind === 'baseline' ? NO_CONTROL : s.name;
      const curve = curves.filter((p) => p.curve === name);
      expect(curve[0].kw, s.name).toBeCloseTo(m.peakImportKw!, 6);
      expect(curve[0].hours).toBe(1);
      expect(curve[curve.length - 1].hours).toBe(d.axis.steps);
      // Heatmap cells add up to the hours above the import cap (flag bit 1, the metric's own count).
      const hours = capHeatmap(d).filter((c) => c.strategy === s.name).reduce((a, c) => a + c.hours, 0);
      expect(hours, s.name).toBeCloseTo(m.hoursAboveImportCap!, 9);
    }
    // The business park's baseline goes above its 3,000 kW cap for 2 hours (results.json), so the heatmap is not empty.
    expect(d.results.strategies.baseline.metrics.hoursAboveImportCap).toBe(2);
  });

  it('samples a duration curve at evenly spaced ranks, keeping both ends (worked by hand)', () => {
    const values = Float64Array.from([3, 9, 1, 7, 5]);
    // Sorted 9 7 5 3 1; three points: ranks 0, 2, 4 -> 9 at 1 h, 5 at 3 h, 1 at 5 h (hourly steps).
    expect(durationCurve('x', values, 1, 3)).toEqual([
      { curve: 'x', hours: 1, kw: 9 },
      { curve: 'x', hours: 3, kw: 5 },
      { curve: 'x', hours: 5, kw: 1 },
    ]);
  });

  it('puts the uncontrolled peak mid-week by default, and --week chooses a local Monday', () => {
    const d = hubData();
    const w = weekWindow(d);
    expect(w.to - w.from).toBe(168);
    let peak = 0;
    for (let t = 0; t < d.axis.steps; t++) if (d.netKw[t] > d.netKw[peak]) peak = t;
    expect(peak).toBeGreaterThanOrEqual(w.from + 72);
    expect(peak).toBeLessThan(w.from + 96);
    // 2023-03-06 00:00 in Amsterdam (UTC+1) is 2023-03-05T23:00Z: hour 64 x 24 - 1 of the year.
    expect(weekWindow(d, '2023-03-06').from).toBe(64 * 24 - 1);
    expectError(() => weekWindow(d, '2023-13-01'), 'report.badWeek', { field: '--week' });
    expectError(() => weekWindow(d, '2031-01-01'), 'report.badWeek', { field: '--week' });
  });
});

describe('rollout report', () => {
  it('shows the totals and the terrain economics exactly as results.json has them', () => {
    const html = fs.readFileSync(path.join(ROLLOUT_OUT, 'report.html'), 'utf8');
    const results = JSON.parse(fs.readFileSync(path.join(ROLLOUT_OUT, 'results.json'), 'utf8'));
    const totals = tableCells(html, 'totals');
    for (const row of results.totals) for (const [k, v] of Object.entries(row)) expect(cellValue(totals.get(row.strategy)!.get(k)!), `${row.strategy} ${k}`).toEqual(v);
    const econ = tableCells(html, 'terrainEconomics');
    expect(econ.size).toBe(results.terrainEconomics.length);
    for (const row of results.terrainEconomics) for (const [k, v] of Object.entries(row)) expect(cellValue(econ.get(`${row.terrain}/${row.strategy}`)!.get(k)!)).toEqual(v);
  });

  it('has the per-terrain bars, the substation load and the waterfall as inline SVG', () => {
    const html = fs.readFileSync(path.join(ROLLOUT_OUT, 'report.html'), 'utf8');
    expect(chartIds(html)).toEqual(['terrain-peak-reduction', 'terrain-avoided-cost', 'substation-load', 'waterfall']);
    expect(html).not.toMatch(/<script|<link|<img/i);
  });

  it('builds a waterfall from the year totals whose named steps add up to the net cash flow', () => {
    const results = parseRolloutResults(JSON.parse(fs.readFileSync(path.join(ROLLOUT_OUT, 'results.json'), 'utf8')), 'results.json');
    const steps = waterfallSteps(results);
    for (const t of results.totals) {
      const mine = steps.filter((s) => s.strategy === t.strategy);
      // Benefits - costs per year (yearTotals.netCashFlowEur), summed, is explained by the EUR columns
      // summed: two routes through the economics that agree to rounding, so no "other" step.
      // Every EUR column of yearTotals is a step (a column added later adds a step by itself).
      expect(mine.map((s) => s.step)).toEqual(expect.arrayContaining(['capex', 'opex', 'avoided reinforcement', 'avoided curtailment', 'avoided imbalance']));
      expect(mine.some((s) => s.step === OTHER_STEP)).toBe(false);
      const step = (name: string) => mine.find((s) => s.step === name)!;
      // The year totals add up to the totals table's horizon figures.
      expect(step('capex').eur).toBeCloseTo(-(t.capexEur as number), 3);
      expect(step('opex').eur).toBeCloseTo(-(t.opexEur as number), 3);
      expect(step('avoided reinforcement').eur).toBeCloseTo(t.avoidedReinforcementEur as number, 3);
      const net = mine[mine.length - 1];
      expect(net.step).toBe('net cash flow');
      expect(mine[mine.length - 2].end).toBeCloseTo(net.eur, 3);
    }
  });

  it('hubsim report DIR on a rollout folder writes the same bytes as rollout --report', async () => {
    const fromRollout = fs.readFileSync(path.join(ROLLOUT_OUT, 'report.html'), 'utf8');
    expect((await runCli('report', ROLLOUT_OUT)).code).toBe(0);
    expect(fs.readFileSync(path.join(ROLLOUT_OUT, 'report.html'), 'utf8')).toBe(fromRollout);
  }, SLOW);
});

describe('report input errors', () => {
  it('rejects a missing folder, a run without series and --report without --out, writing nothing', async () => {
    const none = await runCli('report', path.join(DIR, 'nope'));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('[report.notFound]');

    const noSeries = path.join(DIR, 'no-series');
    expect((await runCli('run', 'scenarios/examples/business-park.yaml', '--strategy', 'baseline', '--out', noSeries)).code).toBe(0);
    const r = await runCli('report', noSeries);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[report\.noSeries\] .*series-baseline\.csv/);
    expect(fs.existsSync(path.join(noSeries, 'report.html'))).toBe(false);

    const bad = path.join(DIR, 'bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'results.json'), JSON.stringify({ hub: { name: 'x' }, strategies: {} }));
    const b = await runCli('report', bad);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('[report.badResults]');

    const needsOut = await runCli('run', 'scenarios/examples/business-park.yaml', '--report');
    expect(needsOut.code).toBe(2);
    expect(needsOut.stderr).toContain('[cli.reportNeedsOut]');
    const needsOut2 = await runCli('rollout', 'tests/fixtures/rollout-small.yaml', '--report');
    expect(needsOut2.stderr).toContain('[cli.reportNeedsOut]');
  }, SLOW);
});

describe('numbers in the report tables', () => {
  it('are shown rounded to their size with thousands separators (cases by hand)', () => {
    const cases: [number, string][] = [
      [1234.5678, '1,235'],
      [1234567, '1,234,567'],
      [-4567.8, '-4,568'],
      [42, '42'],
      [12.345, '12.3'],
      [1.2345, '1.23'],
      [0.012345, '0.0123'],
      [0.5, '0.5'],
      [0, '0'],
    ];
    for (const [v, text] of cases) expect(shownText(v), String(v)).toBe(text);
  });
});

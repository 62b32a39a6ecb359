import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { capHeatmap, durationCurve, durationCurves, NO_CONTROL, weekWindow } from '../src/report/html/hub-charts.js';
import { hubReportData, parseRunResults, type StrategyColumns } from '../src/report/html/hub-data.js';
import YAML from 'yaml';
import {
  CAPACITY_IN_SERVICE,
  NET_STEP,
  parseRolloutResults,
  PEAK_LOAD,
  substationLoadPoints,
  substationLoadSpec,
  waterfallSteps,
  type RolloutResultsJson,
} from '../src/report/html/rollout-charts.js';
import { interleavedDash } from '../src/report/html/render-svg.js';
import { rolloutReportHtml } from '../src/report/html/rollout-report.js';
import { provenanceSection } from '../src/report/html/provenance-section.js';
import { readSeriesCsv } from '../src/report/html/series-csv.js';
import { humanLabel, unitOfName } from '../src/report/html/labels.js';
import { isSweepResults, parseSweepResults } from '../src/report/html/sweep-charts.js';
import { positiveZero, shownText } from '../src/report/format.js';
import { runCli } from './support/cli.js';
import { expectError } from './support/expect-error.js';
import { sweepFile } from './support/sweep.js';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-report-'));
const SLOW = 120_000;
const HUB_OUT = path.join(DIR, 'hub');
const ROLLOUT_OUT = path.join(DIR, 'rollout');
const SWEEP_OUT = path.join(DIR, 'sweep');

/**
 * tests/fixtures/rollout-small.yaml made to reinforce and to carry an agenda: substation north gets a
 * firm 6,900 kW on LV levels (one year of lead time), below its 7,054 kW peak without hubs in 2026 and
 * above the hubs' 6,821 kW, so without hubs a step is ordered in 2026 and in service in 2027 (its
 * capacity in service steps up within the horizon); south gets 3,300 kW on its MV level (three years:
 * an order without hubs in 2027 comes into service after the horizon). Peaks from the fixture's own
 * results.json.
 */
function reinforcingScenario(): string {
  const fixture = path.resolve('tests/fixtures/rollout-small.yaml');
  const s = YAML.parse(fs.readFileSync(fixture, 'utf8'));
  s.substations[0] = { ...s.substations[0], capacityKw: 6900, voltageLevels: ['LV network', 'LV/MV transformer'] };
  s.substations[1] = { ...s.substations[1], capacityKw: 3300 };
  for (const t of s.terrains) if (typeof t.hub === 'string') t.hub = path.resolve(path.dirname(fixture), t.hub);
  s.agenda = { source: 'test claims', hubs: 3, avoidedReinforcementPerParkEur: 1_000_000, avoidedCurtailmentImbalancePerHubPerYearEur: 100_000 };
  const file = path.join(DIR, 'rollout-reinforcing.yaml');
  fs.writeFileSync(file, YAML.stringify(s));
  return file;
}

function rolloutResults(): RolloutResultsJson {
  return parseRolloutResults(JSON.parse(fs.readFileSync(path.join(ROLLOUT_OUT, 'results.json'), 'utf8')), 'results.json');
}

/**
 * Every <td data-row data-col> of a table in the page: row key -> column -> the cell's exact text
 * (data-value for a number, which must also be what the cell shows, rounded; else the cell's text).
 */
function tableCells(html: string, table: string): Map<string, Map<string, string>> {
  const starts = [...html.matchAll(new RegExp(`<table data-table="${table}" data-part="\\d+">`, 'g'))].map((m) => m.index!);
  expect(starts.length, `table ${table}`).toBeGreaterThan(0);
  const out = new Map<string, Map<string, string>>();
  const unescape = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const start of starts) {
    const body = html.slice(start, html.indexOf('</table>', start));
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
  }
  return out;
}

/** The JSON names a table leaves out (no value in any row or column), from the note under it. */
function leftOut(html: string, table: string): Set<string> {
  const m = new RegExp(`<p class="left-out" data-table="${table}">(.*?)</p>`).exec(html);
  return new Set(m === null ? [] : [...m[1].matchAll(/data-name="([^"]+)"/g)].map((x) => x[1]));
}

/** The text a reader sees: tags and attributes (data-value holds the exact numbers) taken out. */
function visibleText(html: string): string {
  return html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]*>/g, '\n');
}

/** A cell's text back as the value results.json holds ("-" is null; booleans are shown as true and false). */
function cellValue(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
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
  const rollout = await runCli('rollout', reinforcingScenario(), '--workers', '1', '--out', ROLLOUT_OUT, '--report');
  expect(rollout.code, rollout.stderr).toBe(0);
  // A sweep of the business park: no battery or 2 MWh / 1 MW, peak shaving and the optimum, 4 weather
  // draws, P90 peak import at most 2,800 kW: only the optimum with the battery gets there (2,712 kW;
  // peak shaving 2,989 kW, from this sweep's results.json), so the pick is a perfect-foresight bound.
  const hub = path.resolve('scenarios/examples/business-park.yaml');
  const sweep = sweepFile(`name: report\nhub: ${hub}\ndraws: { count: 4, seed: 7 }\ngrid:\n  battery: { energyKwh: [0, 2000], powerKw: [1000] }\n  strategies: [{ kind: peak-shaving }, { kind: optimal }]\ntarget: { metric: peakImportKw, statistic: p90, atMost: 2800 }\n`);
  const swept = await runCli('sweep', sweep, '--workers', '1', '--out', SWEEP_OUT);
  expect(swept.code, swept.stderr).toBe(0);
  const report = await runCli('report', SWEEP_OUT);
  expect(report.code, report.stderr).toBe(0);
}, SLOW);

describe('hub report', () => {
  it('shows every metric of every strategy exactly as results.json has it, and names the metrics no strategy has', () => {
    const html = fs.readFileSync(path.join(HUB_OUT, 'report.html'), 'utf8');
    const results = JSON.parse(fs.readFileSync(path.join(HUB_OUT, 'results.json'), 'utf8'));
    const cells = tableCells(html, 'metrics');
    const omitted = leftOut(html, 'metrics');
    let checked = 0;
    for (const metric of Object.keys(results.metricUnits)) {
      const values = Object.values<any>(results.strategies).map((s) => s.metrics[metric]);
      // A metric without a value for any strategy (the flex market's, for a hub without a contract) is
      // not a row of "-" but named under the table; every other row shows every strategy.
      expect(omitted.has(metric), metric).toBe(values.every((v) => v === null));
      if (omitted.has(metric)) continue;
      for (const [strategy, s] of Object.entries<any>(results.strategies)) {
        // A perfect-foresight strategy's column is headed "NAME (bound)".
        const column = s.foresight === 'perfect' ? `${strategy} (bound)` : strategy;
        expect(cellValue(cells.get(metric)!.get(column)!), `${strategy} ${metric}`).toBe(s.metrics[metric]);
        checked++;
      }
    }
    // The business park has no flex contract and no tariff block: its 28 settlement metrics (CBC-T,
    // CBC-A, GOPACS, arbitrage, the contract penalty and the TBTR, TDTR and non-firm rights) and 6
    // tariff metrics (tariffEur and its four parts, monthlyPeaksSumKw) are empty for every strategy.
    expect(omitted.size).toBe(34);
    expect(checked).toBe(6 * (Object.keys(results.metricUnits).length - 34));
    expect(html).toContain('data-col="optimal (bound)"');
    expect(html).not.toContain('data-col="optimal"');
    // Rows are headed by label and unit, the JSON name in data-name.
    expect(html).toMatch(/<th scope="row" data-name="peakImportKw" title="Highest grid import[^"]*">peak import \(kW\)<\/th>/);
    expect(html).toMatch(/<th scope="row" data-name="energyAboveImportCapKwh"[^>]*>energy above import cap \(kWh\)<\/th>/);
    // A metric that restates the hub file (INPUT_METRICS) says so in its heading; a simulated one does not.
    expect(html).toMatch(/<th scope="row" data-name="importCapKw"[^>]*>[^<]* \(input\) \(kW\)<\/th>/);
    expect(html).not.toMatch(/<th scope="row" data-name="peakImportKw"[^>]*>[^<]*\(input\)/);
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

  it('a run of baseline alone (no strategy drives a battery) gets the week without a state-of-charge panel, not a crash', async () => {
    const out = path.join(DIR, 'baseline-alone');
    const r = await runCli('run', 'scenarios/examples/business-park.yaml', '--strategy', 'baseline', '--out', out, '--series', '--report');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(chartIds(html)).toEqual(['load-duration', 'cap-heatmap', 'week']);
    expect(html).toContain('grid import (import cap dashed)');
    expect(html).not.toContain('battery state of charge');
  }, SLOW);

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
  it('shows the totals, the purchases, the agenda check and the terrain economics exactly as results.json has them', () => {
    const html = fs.readFileSync(path.join(ROLLOUT_OUT, 'report.html'), 'utf8');
    const results = JSON.parse(fs.readFileSync(path.join(ROLLOUT_OUT, 'results.json'), 'utf8'));
    // A perfect-foresight strategy is named "NAME (bound)" on the page, in every table and chart.
    const shown = (strategy: string): string => (results.strategyForesight[strategy] === 'perfect' ? `${strategy} (bound)` : strategy);
    expect(results.strategies.filter((x: string) => shown(x) !== x)).toEqual(['optimal']);
    const keys: Record<string, (row: any) => string> = {
      substationPurchases: (row) => `${row.substation}/${shown(row.strategy)}/${row.year}/${row.level}`,
      agendaCheck: (row) => `${row.figure}/${shown(row.strategy)}`,
      terrainEconomics: (row) => `${row.terrain}/${shown(row.strategy)}`,
    };
    for (const [table, keyOf] of Object.entries(keys)) {
      // The scenario reinforces and has an agenda, so neither new table is empty.
      expect(results[table].length, table).toBeGreaterThan(0);
      const cells = tableCells(html, table);
      const omitted = leftOut(html, table);
      expect(cells.size, table).toBe(results[table].length);
      for (const row of results[table]) {
        for (const [k, v] of Object.entries(row)) {
          // The strategy's foresight is in its label ("NAME (bound)"), not a column of its own.
          if (k === 'foresight') {
            expect(cells.get(keyOf(row))!.has(k)).toBe(false);
            continue;
          }
          // A column is left out (and named under the table) exactly when no row has a value in it.
          expect(omitted.has(k), `${table} ${k}`).toBe(results[table].every((r: any) => r[k] === null));
          if (!omitted.has(k)) expect(cellValue(cells.get(keyOf(row))!.get(k)!), `${table} ${keyOf(row)} ${k}`).toEqual(k === 'strategy' ? shown(v as string) : v);
        }
      }
    }
    // The totals are transposed: a row per column of results.json, a column per strategy; the
    // hubs' capex restates the scenario (an input column of totals.csv) and says so.
    expect(html).toMatch(/<th scope="row" data-name="capexEur"[^>]*>[^<]* \(input\) \(EUR\)<\/th>/);
    expect(html).not.toMatch(/<th scope="row" data-name="npvSocietyEur"[^>]*>[^<]*\(input\)/);
    const totals = tableCells(html, 'totals');
    const omitted = leftOut(html, 'totals');
    for (const row of results.totals) {
      for (const [k, v] of Object.entries(row)) {
        if (k === 'strategy' || k === 'foresight') continue;
        expect(omitted.has(k), `totals ${k}`).toBe(results.totals.every((r: any) => r[k] === null));
        if (!omitted.has(k)) expect(cellValue(totals.get(k)!.get(shown(row.strategy))!), `totals ${row.strategy} ${k}`).toEqual(v);
      }
    }
    // The agenda's figure is a claim, an input; the model's is simulated.
    const agenda = html.slice(html.indexOf('<table data-table="agendaCheck"'));
    const headers = [...agenda.slice(0, agenda.indexOf('</thead>')).matchAll(/<th scope="col" data-name="([^"]+)"[^>]*>([^<]*)<\/th>/g)].map((m) => [m[1], m[2]]);
    expect(headers.slice(0, 5)).toEqual([['figure', 'figure'], ['strategy', 'strategy'], ['unit', 'unit'], ['claimed', 'claim (input)'], ['simulated', 'simulated']]);
    // Without hubs north orders one step per level in 2026 (7,054 kW above 6,900; in service 2027) and more
    // in 2027, in service after the horizon; south's MV order of 2027 comes into service in 2030.
    const orders = (substation: string) => results.substationPurchases.filter((p: any) => p.strategy === 'without-hubs' && p.substation === substation).map((p: any) => [p.year, p.level, p.steps, p.inServiceYear, p.withinHorizon]);
    expect(orders('north').slice(0, 2)).toEqual([
      [2026, 'LV network', 1, 2027, true],
      [2026, 'LV/MV transformer', 1, 2027, true],
    ]);
    expect(orders('north').slice(2).every(([year, , , , within]: any[]) => year === 2027 && within === false)).toBe(true);
    expect(orders('south')).toEqual([[2027, 'MV network', 1, 2030, false]]);
  });

  it('has the per-terrain bars, the substation load and the waterfall as inline SVG', () => {
    const html = fs.readFileSync(path.join(ROLLOUT_OUT, 'report.html'), 'utf8');
    expect(chartIds(html)).toEqual(['terrain-peak-reduction', 'terrain-avoided-cost', 'substation-load', 'waterfall']);
    expect(html).not.toMatch(/<script|<link|<img/i);
  });

  it('draws each substation\'s peak load and capacityInServiceKw per variant, the capacity stepping up when a reinforcement comes into service', () => {
    const results = rolloutResults();
    const points = substationLoadPoints(results);
    for (const s of results.substationYears) {
      const at = (quantity: string) => points.filter((p) => p.substation === s.substation && p.variant === s.strategy && p.year === s.year && p.quantity === quantity);
      expect(at(PEAK_LOAD).map((p) => [p.x, p.mw])).toEqual([[s.year + 0.5, s.peakLoadKw! / 1000]]);
      // The capacity holds from the start of its year; the last year's also closes at the horizon end.
      const last = s.year === results.years[results.years.length - 1];
      expect(at(CAPACITY_IN_SERVICE).map((p) => [p.x, p.mw])).toEqual([[s.year, s.capacityInServiceKw! / 1000], ...(last ? [[s.year + 1, s.capacityInServiceKw! / 1000]] : [])]);
    }
    // Without hubs north's capacity in service goes up in 2027 (the step ordered in 2026); with the hubs it stays.
    const capacity = (strategy: string, year: number) => results.substationYears.find((s) => s.substation === 'north' && s.strategy === strategy && s.year === year)!.capacityInServiceKw!;
    expect(capacity('without-hubs', 2027)).toBeGreaterThan(capacity('without-hubs', 2026));
    expect(capacity('optimal', 2027)).toBe(capacity('optimal', 2026));
    // Every variant's capacity is a step line of its own; the legend names both quantities.
    const layers = (substationLoadSpec(results) as any).spec.layer as any[];
    const capacityLayers = layers.filter((l) => l.mark.interpolate === 'step-after');
    expect(capacityLayers.map((l) => l.transform[0].filter.and[0].equal)).toEqual(['without-hubs', ...results.strategies]);
    const html = fs.readFileSync(path.join(ROLLOUT_OUT, 'report.html'), 'utf8');
    const svg = html.slice(html.indexOf('data-chart="substation-load"'), html.indexOf('data-chart="waterfall"'));
    // The legend names a perfect-foresight strategy as a bound.
    const shown = (strategy: string): string => (results.strategyForesight[strategy] === 'perfect' ? `${strategy} (bound)` : strategy);
    for (const label of [PEAK_LOAD, CAPACITY_IN_SERVICE, 'without-hubs', ...results.strategies.map(shown)]) expect(svg, label).toContain(`>${label}</text>`);
    expect(svg).toContain('>optimal (bound)</text>');
  });

  it('gives the variants dashes that take turns, so that lines which coincide never hide one another', () => {
    for (const n of [2, 3, 4, 7]) {
      const dashes = Array.from({ length: n }, (_, i) => interleavedDash(i, n));
      // Walk along a path: at every position exactly one variant draws (SVG: painted where (s + offset) mod period < dash).
      for (let s = 0.5; s < 200; s += 1) {
        const drawing = dashes.filter((d) => {
          const period = d.strokeDash[0] + d.strokeDash[1];
          return (((s + d.strokeDashOffset) % period) + period) % period < d.strokeDash[0];
        });
        expect(drawing.length, `n ${n} at ${s}`).toBe(1);
      }
    }
    expect(interleavedDash(0, 1)).toEqual({ strokeDash: [1, 0], strokeDashOffset: 0 });
  });

  it('builds the waterfall from the society\'s flows in the year totals, ending at the sum of netSocietyEur', () => {
    const results = rolloutResults();
    const steps = waterfallSteps(results);
    const substations = JSON.parse(fs.readFileSync(path.join(ROLLOUT_OUT, 'results.json'), 'utf8')).substations as any[];
    const inHorizon = (strategy: string) => substations.filter((s) => s.strategy === strategy).reduce((a, s) => a + s.reinforcementInHorizonEur, 0);
    for (const t of results.totals) {
      const mine = steps.filter((s) => s.strategy === t.strategy);
      // Capex and opex down, the avoided costs, arbitrage and residual value up, lost shed load down;
      // the transfers (fees, tariff saving) cancel in society and are no step. Summed per year
      // (netSocietyEur) and per column, two routes through the economics agree to rounding, so no
      // "other" step.
      expect(mine.map((s) => s.step)).toEqual(['capex', 'opex', 'avoided reinforcement', 'avoided curtailment', 'avoided imbalance', 'avoided unserved energy', 'lost shed load', 'arbitrage', 'residual value', NET_STEP]);
      const step = (name: string) => mine.find((s) => s.step === name)!;
      // The year totals add up to the totals table's horizon sums.
      expect(step('capex').eur).toBeCloseTo(-(t.capexEur as number), 3);
      expect(step('opex').eur).toBeCloseTo(-(t.opexEur as number), 3);
      for (const [name, column] of [['avoided curtailment', 'avoidedCurtailmentEur'], ['avoided imbalance', 'avoidedImbalanceEur'], ['avoided unserved energy', 'avoidedUnservedEur'], ['lost shed load', 'lostShedEur'], ['arbitrage', 'arbitrageRevenueEur']]) {
        expect(step(name).eur, name).toBeCloseTo(t[column] as number, 3);
      }
      // Undiscounted reinforcement in service within the horizon, without hubs - with the strategy.
      expect(step('avoided reinforcement').eur).toBeCloseTo(inHorizon('without-hubs') - inHorizon(t.strategy), 3);
      const net = mine[mine.length - 1];
      expect(net.eur).toBeCloseTo(results.yearTotals.filter((y) => y.strategy === t.strategy).reduce((a, y) => a + (y.netSocietyEur as number), 0), 3);
      expect(mine[mine.length - 2].end).toBeCloseTo(net.eur, 3);
    }
    // The scenario reinforces, and the optimum (at least) avoids some of it: the step is not empty.
    expect(steps.find((s) => s.strategy === 'optimal' && s.step === 'avoided reinforcement')!.eur).toBeGreaterThan(0);
    const html = fs.readFileSync(path.join(ROLLOUT_OUT, 'report.html'), 'utf8');
    expect(html).toMatch(/<figcaption>Undiscounted[^<]*netSocietyEur/);
  });

  it('shows a flex rollout\'s last year of flexYears exactly as results.json has it (revenue by product, calls, restrictions), and no such table without a flex strategy', async () => {
    const out = path.join(DIR, 'rollout-flex');
    const r = await runCli('rollout', 'tests/fixtures/rollout-flex.yaml', '--workers', '1', '--out', out, '--report');
    expect(r.code, r.stderr).toBe(0);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    const last = results.years[results.years.length - 1];
    const rows = results.flexYears.filter((y: any) => y.year === last);
    expect(rows.length).toBeGreaterThan(0);
    const cells = tableCells(html, 'flexYears');
    expect(cells.size).toBe(rows.length);
    for (const row of rows) {
      // flex plans on the days before by default (causal); with plan perfect it is a bound, named so on the page.
      const key = `${row.terrain}/${row.strategy}${row.foresight === 'perfect' ? ' (bound)' : ''}`;
      for (const k of ['cbcAHoursCalled', 'tdtrHoursRestricted', 'nonFirmHoursLimited', 'gopacsRevenueEur', 'flexRevenueEur']) expect(cellValue(cells.get(key)!.get(k)!), `${key} ${k}`).toEqual(row[k]);
    }
    expect(fs.readFileSync(path.join(ROLLOUT_OUT, 'report.html'), 'utf8')).not.toContain('data-table="flexYears"');
  }, SLOW);

  it('says when no grid ordered reinforcement and leaves out the agenda check without an agenda', async () => {
    const results = { ...rolloutResults(), substationPurchases: [], agendaCheck: [] };
    const html = await rolloutReportHtml(results);
    expect(html).not.toContain('data-table="substationPurchases"');
    expect(html).toContain('No variant&#39;s grid ordered any reinforcement within the horizon.');
    expect(html).not.toContain('data-table="agendaCheck"');
    expect(html).not.toContain('agendaCheck');
  }, SLOW);

  it('draws and lists at most 40 terrains one by one: beyond, the 20 with the largest society NPV either way, and says so (a national rollout cannot be drawn bar by bar)', async () => {
    const results = rolloutResults();
    // 45 terrains: the small rollout's terrain rows copied under new ids, society NPV k x EUR 1,000 (terrain t44 the largest).
    const template = results.terrainEconomics.filter((e) => e.terrain === results.terrainEconomics[0].terrain);
    const terrainEconomics = Array.from({ length: 45 }, (_, k) => template.map((e) => ({ ...e, terrain: `t${k}`, npvSocietyEur: (k % 2 === 0 ? 1 : -1) * k * 1000 }))).flat() as unknown as RolloutResultsJson['terrainEconomics'];
    const html = await rolloutReportHtml({ ...results, terrainEconomics });
    expect(html).toContain('20 of 45 terrains shown here, those with the largest society NPV either way; every one is in terrain-economics.csv and results.json.');
    const kept = Array.from({ length: 20 }, (_, k) => `t${44 - k}`);
    const cells = tableCells(html, 'terrainEconomics');
    expect(new Set([...cells.keys()].map((key) => key.split('/')[0]))).toEqual(new Set(kept));
    const chart = html.slice(html.indexOf('data-chart="terrain-peak-reduction"'), html.indexOf('data-chart="terrain-avoided-cost"'));
    for (const t of kept) expect(chart, t).toContain(`>${t}</text>`);
    expect(chart).not.toContain('>t3</text>');
    // The small rollout itself shows every terrain, without a note.
    expect(await rolloutReportHtml(results)).not.toContain('terrains shown here');
  }, SLOW);

  it('lists a parameter set for more than 40 terrains as one row over them: its value or range, default, source', () => {
    const battery = (k: number) => [
      { name: `terrains[t${k}].battery.energyKwh`, value: 100 * (k + 1), unit: 'kWh', source: 'set in national.yaml', defaulted: false },
      { name: `terrains[t${k}].battery.chargeEfficiency`, value: 0.95, unit: 'fraction', source: 'hubsim default, docs/sources.md', defaulted: true },
    ];
    const provenance = (n: number) => ({ provenance: { hubsimVersion: '0.1.0', command: ['hubsim', 'rollout', 'x.yaml'], inputs: [], assumptions: [{ name: 'economics.discountRate', value: 0.04, unit: '1/yr', source: 'assumption', defaulted: false }, ...Array.from({ length: n }, (_, k) => battery(k)).flat()] } });
    const rowsOf = (html: string) => [...html.matchAll(/<tr>(.*?)<\/tr>/gs)].map((m) => [...m[1].matchAll(/<t[dh][^>]*>([^<]*)<\/t[dh]>/g)].map((c) => c[1]));
    // 45 terrains: one row per parameter, the range of the energies (100 to 4,500 kWh) and the one efficiency.
    const many = provenanceSection(provenance(45))!.html;
    const rows = rowsOf(many.slice(many.indexOf('data-table="provenance-assumptions"')));
    expect(rows.filter((r) => r[0]?.startsWith('terrains'))).toEqual([
      ['terrains[*].battery.energyKwh (45)', '100 - 4500', 'kWh', 'no', 'set in national.yaml'],
      ['terrains[*].battery.chargeEfficiency (45)', '0.95', 'fraction', 'yes', 'hubsim default, docs/sources.md'],
    ]);
    expect(many).toContain('is one row over all of them ([*])');
    // 40 terrains: every parameter of every terrain, no note.
    const few = provenanceSection(provenance(40))!.html;
    expect(rowsOf(few.slice(few.indexOf('data-table="provenance-assumptions"'))).filter((r) => r[0]?.startsWith('terrains'))).toHaveLength(80);
    expect(few).not.toContain('one row over all of them');
  });

  it('explains a terrain\'s avoided unserved energy below 0 under the per-terrain charts, as the terminal summary does', async () => {
    const results = rolloutResults();
    const html = await rolloutReportHtml(results);
    expect(html).not.toContain('avoided unserved energy below 0');
    // One terrain-year of one strategy granted 300 kW less than without hubs, its avoided unserved energy EUR -1.5M.
    const strategy = results.strategies.find((s) => s !== 'without-hubs')!;
    const e = results.terrainEconomics.find((x) => x.strategy === strategy)!;
    const year = results.years[results.years.length - 1];
    const ref = results.terrainYears.find((y) => y.terrain === e.terrain && y.strategy === 'without-hubs' && y.year === year)!;
    const edited: RolloutResultsJson = {
      ...results,
      terrainEconomics: results.terrainEconomics.map((x) => (x === e ? { ...x, avoidedUnservedEur: -1.5e6 } : x)),
      terrainYears: results.terrainYears.map((y) => (y.terrain === e.terrain && y.year === year && (y.strategy === strategy || y === ref) ? { ...y, grantedCapKw: y === ref ? 1300 : 1000 } : y)),
    } as RolloutResultsJson;
    const label = results.strategyForesight[strategy] === 'perfect' ? `${strategy} (bound)` : strategy;
    expect(await rolloutReportHtml(edited)).toContain(`<p>${label}: avoided unserved energy below 0: ${e.terrain} (EUR -1.50M): granted up to 300 kW less import cap than without hubs in ${year}`);
  }, SLOW);

  it('says under the totals how much of the society NPV rests on the value of lost load, as the terminal summary does', async () => {
    const results = rolloutResults();
    const label = (s: string): string => (results.strategyForesight[s] === 'perfect' ? `${s} (bound)` : s);
    // Recomputed here from the totals: npvSocietyEur less avoidedUnservedPvEur and lostShedPvEur (docs/economics.md section 7).
    const without = results.totals.map((t) => ({ s: label(t.strategy), eur: Number(t.npvSocietyEur) - Number(t.avoidedUnservedPvEur) - Number(t.lostShedPvEur ?? 0) }));
    const lowest = without.reduce((a, b) => (b.eur < a.eur ? b : a));
    const m = (eur: number): string => `EUR ${(eur / 1e6).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}M`;
    const html = fs.readFileSync(path.join(ROLLOUT_OUT, 'report.html'), 'utf8');
    const totals = html.slice(html.indexOf('Totals per strategy'), html.indexOf('Per terrain'));
    if (results.totals.length === 1) expect(totals).toContain(`without it, ${m(lowest.eur)}: the rest is energy served or not`);
    else expect(totals).toContain(`they lie between ${m(lowest.eur)} (${lowest.s}) and `);
    // Without any energy served or not, no sentence.
    const none = { ...results, totals: results.totals.map((t) => ({ ...t, avoidedUnservedPvEur: 0, lostShedPvEur: 0 })) } as RolloutResultsJson;
    expect(await rolloutReportHtml(none)).not.toContain('the rest is energy served or not');
  }, SLOW);

  it('refuses a results.json of schemaVersion 1 in one line rather than drawing columns that changed meaning', () => {
    const json = JSON.parse(fs.readFileSync(path.join(ROLLOUT_OUT, 'results.json'), 'utf8'));
    expectError(() => parseRolloutResults({ ...json, schemaVersion: 1 }, 'old/results.json'), 'report.badResults', { file: 'old/results.json', field: 'schemaVersion' });
    const { substationPurchases: _gone, ...withoutPurchases } = json;
    expectError(() => parseRolloutResults(withoutPurchases, 'r.json'), 'report.badResults', { field: 'substationPurchases' });
    // A schemaVersion 2 file written before lost shed load was priced has no lostShedEur: it still draws, the step at 0.
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ lostShedEur: _lost, ...rest }) => rest);
    const older = parseRolloutResults({ ...json, yearTotals: strip(json.yearTotals), terrainEconomics: strip(json.terrainEconomics) }, 'older/results.json');
    expect(waterfallSteps(older).filter((s) => s.step === 'lost shed load').map((s) => s.eur)).toEqual(older.strategies.map(() => 0));
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

describe('a folder report.html cannot be written into', () => {
  // /proc takes no new file or folder from anyone, root included (a chmod'ed folder does not stop root).
  it.skipIf(process.platform !== 'linux')('says it was writing a file, and which (report, generate), or making a folder (run --out)', async () => {
    const report = await runCli('report', '/proc');
    expect(report.code).toBe(2);
    expect(report.stderr).toMatch(/^hubsim: error \[output\.cannotWrite\] \/proc\/report\.html: cannot write the file report\.html into \/proc \([A-Z]+\); make that folder writable\n$/);
    const generate = await runCli('generate', 'national', '--terrains', '2', '--substations', '1', '--seed', '1', '--out', '/proc/national.yaml');
    expect(generate.stderr).toMatch(/\[output\.cannotWrite\] .*cannot write the file national\.yaml into \/proc /);
    const run = await runCli('run', 'scenarios/examples/business-park.yaml', '--strategy', 'baseline', '--out', '/proc/out');
    expect(run.stderr).toMatch(/\[output\.cannotWrite\] \/proc\/out: cannot create a folder in \/proc /);
  });
});

describe('numbers in the report tables', () => {
  it('are shown rounded to their size and their unit\'s resolution, with thousands separators (cases by hand)', () => {
    const cases: [number, string, string][] = [
      [1234.5678, 'kW', '1,235'],
      [1234567, 'EUR', '1,234,567'],
      [-4567.8, 'kWh', '-4,568'],
      [42, 'h', '42'],
      [12.345, 'kW', '12.3'],
      [1.2345, 'kWh', '1.23'],
      [0.012345, 'kWh', '0.0123'],
      [0.5, '%', '0.5'],
      [0, 'EUR', '0'],
      // what rounds to zero is 0, not -0: energy to a millionth of a kWh, money to the cent
      [-1e-7, 'kWh', '0'],
      [-2.98023223877e-8, 'kWh', '0'],
      [-0, 'kW', '0'],
      [-0.004, 'EUR', '0'],
      [-4.65661287308e-10, 'EUR', '0'],
      [0.0123, 'EUR', '0.01'],
      [-0.0123, 'EUR', '-0.01'],
      [0.0123, 'kWh', '0.0123'],
      // a calendar year keeps its four digits; other units group thousands
      [2026, 'year', '2026'],
      [2026, 'kW', '2,026'],
      [2026, 'count', '2,026'],
    ];
    for (const [v, unit, text] of cases) expect(shownText(v, unit), `${v} ${unit}`).toBe(text);
    expect(positiveZero('-0.0')).toBe('0.0');
    expect(positiveZero('-0')).toBe('0');
    expect(positiveZero('-0.1')).toBe('-0.1');
    expect(positiveZero('-10')).toBe('-10');
  });

  it('never show a negative zero, and show calendar years as plain integers, in any report', () => {
    for (const file of [path.join(HUB_OUT, 'report.html'), path.join(ROLLOUT_OUT, 'report.html'), path.join(SWEEP_OUT, 'report.html')]) {
      const html = fs.readFileSync(file, 'utf8');
      // A temporary folder's name, in any path the report shows (absolute or relative), is not a number:
      // its random suffix may start with 0 ("hubsim-report-0kvivM", the sweep file's "hubsim-sweep-0XlqzA":
      // CI failed once on the latter's "p-0").
      const text = visibleText(html).split(path.basename(DIR)).join('OUT').replace(/hubsim-[a-z-]+-[A-Za-z0-9]{6}/g, 'TMP');
      // "-0", "-0.0", "-0.00" (and vega's minus sign) as a whole token, anywhere a reader looks: tables and chart labels.
      expect(text.match(/(^|[^\d.,])[-\u2212]0(\.0+)?(?![\d.,])/gm), file).toBeNull();
      // Every cell of a year column shows four plain digits (hubStartYear, paybackYear, inServiceYear, ...).
      for (const m of html.matchAll(/<td class="num" data-row="[^"]*" data-col="([^"]*(?:^y|Y)ear)" data-value="(\d+)"[^>]*>([^<]*)<\/td>/g)) expect(m[3], `${file} ${m[1]}`).toBe(m[2]);
    }
    const rollout = fs.readFileSync(path.join(ROLLOUT_OUT, 'report.html'), 'utf8');
    expect(rollout).toMatch(/data-col="hubStartYear" data-value="2027" title="2027">2027</);
  });
});

describe('table headers', () => {
  it('read as words with the unit, derived from the JSON name and unit (cases by hand)', () => {
    const cases: [string, string, string][] = [
      ['peakImportKw', 'kW', 'peak import (kW)'],
      ['avoidedReinforcementPvEur', 'EUR', 'avoided reinforcement, present value (EUR)'],
      ['pvSocietyEur', 'EUR', 'society, present value (EUR)'],
      ['pvKwp', 'kWp', 'PV (kWp)'],
      ['npvSocietyEur', 'EUR', 'NPV society (EUR)'],
      ['cbcTAvailabilityEur', 'EUR', 'CBC-T availability (EUR)'],
      ['cbcAHoursCalled', 'h', 'CBC-A hours called (h)'],
      ['hubStartYear', 'year', 'hub start year'],
      ['annualCostEur', 'EUR/yr', 'annual cost (EUR/yr)'],
      ['peakReductionPct', '%', 'peak reduction (%)'],
      ['capacityFreedMw', 'MW', 'capacity freed (MW)'],
      ['equivalentFullCycles', 'cycles', 'equivalent full cycles'],
      ['hubs', 'count', 'hubs'],
      ['withinHorizon', 'bool', 'within horizon'],
      ['mwFreedPerMEur', 'MW/MEUR', 'MW freed per EUR million of capex (MW/MEUR)'],
    ];
    for (const [name, unit, label] of cases) expect(humanLabel(name, unit), name).toBe(label);
    expect(unitOfName('someNewCostEur')).toBe('EUR');
    expect(unitOfName('firstOrderYear')).toBe('year');
  });

  it('show no JSON name in any report: every header is words, the JSON name in data-name', () => {
    for (const file of [path.join(HUB_OUT, 'report.html'), path.join(ROLLOUT_OUT, 'report.html'), path.join(SWEEP_OUT, 'report.html')]) {
      const html = fs.readFileSync(file, 'utf8');
      const headers = [...html.matchAll(/<th scope="(?:col|row)" data-name="([^"]*)"[^>]*>([^<]*)<\/th>/g)];
      expect(headers.length, file).toBeGreaterThan(10);
      for (const [, name, label] of headers) {
        // camelCase (a lower-case letter then a capital) is a JSON name, unless it is a unit (kW, kWh,
        // kWmax, in brackets or as a word); strategy and terrain names are ids, shown as they are.
        const words = label.replace(/\([^)]*\)/g, '').replace(/\bkW(max|h|p)?\b/g, '');
        if (/[a-z][A-Z]/.test(name)) expect(words, `${file} ${name}: ${label}`).not.toMatch(/[a-z][A-Z]/);
      }
    }
  });
});

describe('sweep report', () => {
  it('hubsim report on a sweep folder shows the chosen configurations as results.json has them', () => {
    const html = fs.readFileSync(path.join(SWEEP_OUT, 'report.html'), 'utf8');
    const results = JSON.parse(fs.readFileSync(path.join(SWEEP_OUT, 'results.json'), 'utf8'));
    expect(chartIds(html)).toEqual(['cost-target']);
    expect(html).not.toMatch(/<script|<link|<img/i);
    const chosen = tableCells(html, 'chosen');
    // The cheapest meeting the target is the optimum with the battery, a perfect-foresight bound, so the
    // causal configuration closest to the target (none meets it) is shown under it, as hubsim sweep prints them.
    const [c] = results.cheapest;
    expect([c.foresight, c.meetsTarget, c.causal.meetsTarget]).toEqual(['perfect', true, false]);
    expect([...chosen.keys()]).toEqual(['business-park/cheapest meeting the target', 'business-park/closest causal (none meets the target)']);
    const first = chosen.get('business-park/cheapest meeting the target')!;
    const causal = chosen.get('business-park/closest causal (none meets the target)')!;
    expect(first.get('strategy')).toBe('optimal (bound)');
    expect(causal.get('strategy')).toBe(c.causal.row.strategy);
    for (const [cells, pick] of [[first, c], [causal, c.causal]]) {
      expect(Number(cells.get('configuration'))).toBe(pick.configuration);
      for (const k of ['batteryEnergyKwh', 'batteryPowerKw', 'importCapKw', 'capexEur', 'annualCostEur']) expect(cellValue(cells.get(k)!), k).toBe(pick.row[k]);
      expect(cellValue(cells.get('peakImportKw_p90')!)).toBe(pick.row.targetValue);
      expect(cellValue(cells.get('targetBound')!)).toBe(2800);
      expect(cellValue(cells.get('meetsTarget')!)).toBe(pick.meetsTarget);
    }
    // A bound is explained under the table, as in hubsim run's.
    expect(html).toContain('perfect-foresight');
    // And in the chart: a bound's point drawn faint with a legend of its own, named "(bound)" (found by an audit: the chart did not tell them apart).
    expect(html).toMatch(/<text[^>]*>perfect-foresight bound<\/text>/);
    const points = [...html.matchAll(/aria-label="annual cost [^"]*; foresight: ([^;"]+); strategy: ([^;"]+); configuration: (\d+)"/g)];
    expect(points.length).toBe(results.rows.length);
    for (const [, foresight, strategy, configuration] of points) {
      const row = results.rows.find((x: any) => x.configuration === Number(configuration));
      expect([foresight, strategy]).toEqual(row.foresight === 'perfect' ? ['perfect-foresight bound', `${row.strategy} (bound)`] : ['causal', row.strategy]);
    }
    expect(points.some(([, f]) => f === 'perfect-foresight bound')).toBe(true);
    expect(html).toContain('Target: P90 peak import (kW) at most 2,800.');
    // What was tried, its capex and the limit are inputs (sweep.csv's basis); the P90 is simulated.
    for (const name of ['batteryEnergyKwh', 'batteryPowerKw', 'importCapKw', 'capexEur', 'targetBound']) expect(html).toMatch(new RegExp(`<th scope="col" data-name="${name}"[^>]*>[^<]*\\(input\\)`));
    expect(html).not.toMatch(/<th scope="col" data-name="peakImportKw_p90"[^>]*>[^<]*\(input\)/);
    expect(html).not.toMatch(/<th scope="col" data-name="annualCostEur"[^>]*>[^<]*\(input\)/);
  });

  it('shows P10, P50 and P90 of every outcome of every configuration, leaving out what a hub file has not', () => {
    const html = fs.readFileSync(path.join(SWEEP_OUT, 'report.html'), 'utf8');
    const results = JSON.parse(fs.readFileSync(path.join(SWEEP_OUT, 'results.json'), 'utf8'));
    const outcomes = tableCells(html, 'outcomes-business-park');
    const configurations = tableCells(html, 'configurations-business-park');
    expect(outcomes.size).toBe(results.rows.length);
    const omitted = leftOut(html, 'outcomes-business-park');
    for (const row of results.rows) {
      const key = `business-park/${row.configuration}`;
      for (const [outcome, stats] of Object.entries<any>(row.stats)) {
        for (const s of ['p10', 'p50', 'p90']) {
          const name = `${outcome}_${s}`;
          // substationPeakKw is a rollout sweep's: empty for a hub file, so named under the table.
          if (stats[s] === null) expect(omitted.has(name), name).toBe(true);
          else expect(cellValue(outcomes.get(key)!.get(name)!), `${key} ${name}`).toBe(stats[s]);
        }
      }
      expect(cellValue(configurations.get(key)!.get('annualCostEur')!)).toBe(row.annualCostEur);
      expect(cellValue(configurations.get(key)!.get('meetsTarget')!)).toBe(row.meetsTarget);
    }
    expect([...omitted]).toEqual(['substationPeakKw_p10', 'substationPeakKw_p50', 'substationPeakKw_p90']);
    // The column names are sweep.csv's.
    const csvHead = fs.readFileSync(path.join(SWEEP_OUT, 'sweep.csv'), 'utf8').split('\n')[0].split(',');
    // (The provenance section's tables, after them, name files and assumptions instead.)
    const beforeProvenance = html.slice(0, html.indexOf('data-table="provenance-inputs"'));
    expect(beforeProvenance.length).toBeGreaterThan(0);
    for (const m of beforeProvenance.matchAll(/<th scope="col" data-name="([^"]+)"/g)) if (!['pick', 'chosen'].includes(m[1])) expect(csvHead, m[1]).toContain(m[1]);
  });

  it('refuses --week and a broken sweep results.json in one line', async () => {
    const week = await runCli('report', SWEEP_OUT, '--week', '2023-03-06');
    expect(week.code).toBe(2);
    expect(week.stderr).toContain('[report.badWeek]');
    const json = JSON.parse(fs.readFileSync(path.join(SWEEP_OUT, 'results.json'), 'utf8'));
    expectError(() => parseSweepResults({ ...json, cheapest: 'x' }, 's/results.json'), 'report.badResults', { file: 's/results.json', field: 'cheapest' });
    expect(isSweepResults(json)).toBe(true);
    expect(isSweepResults(JSON.parse(fs.readFileSync(path.join(ROLLOUT_OUT, 'results.json'), 'utf8')))).toBe(false);
  }, SLOW);
});

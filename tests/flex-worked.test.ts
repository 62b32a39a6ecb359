// The worked example of docs/contracts.md section 7: the flex market's money of flex-park's causal
// flex+guard recomputed from the series CSV that `hubsim run --out DIR --series` writes, by the
// formulas of that page written out here independently of src/ (no settlement code imported), against
// the run's results.json and against the figures the page quotes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runCli } from './support/cli.js';

const STRATEGY = 'flex+guard';
// From scenarios/examples/flex-park.yaml (and tests/fixtures/flex-export.yaml, the same): the battery's
// one-way efficiencies and the GOPACS non-delivery penalty.
const ROUND_TRIP = 0.95 * 0.95;
const PENALTY_EUR_PER_MWH = 500;

type Metrics = Record<string, number>;
let dir: string;
let metrics: Metrics;
let rows: Record<string, string>[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hubsim-flex-worked-'));
  const r = await runCli('run', 'scenarios/examples/flex-park.yaml', '--out', dir, '--series');
  expect(r.code, r.stderr).toBe(0);
  metrics = (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { strategies: Record<string, { metrics: Metrics }> }).strategies[STRATEGY].metrics;
  rows = readSeries(dir, STRATEGY);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A series CSV of `dir` by strategy name (file names as hubsim writes them). */
function readSeries(dir: string, strategy: string): Record<string, string>[] {
  return parse(readFileSync(join(dir, `series-${strategy.replace(/[^A-Za-z0-9._-]+/g, '_')}.csv`), 'utf8'), { columns: true }) as Record<string, string>[];
}

/** The page's sums over the CSV's steps (`dt` hours each). */
function recompute(rows: Record<string, string>[], dt = 1): Metrics {
  const DT = dt;
  const num = (r: Record<string, string>, k: string): number => (r[k] === '' ? 0 : Number(r[k]));
  let cleared = 0;
  let delivered = 0;
  let steps = 0;
  let revenue = 0;
  let energy = 0;
  let refill = 0;
  let owed = 0;
  let arbitrage = 0;
  for (const r of rows) {
    const g = num(r, 'grid_kw');
    const p = num(r, 'battery_kw');
    const a = num(r, 'arbitrage');
    const price = num(r, 'day_ahead_eur_per_mwh');
    // The refill buys back what is owed first, in a charging step that is not an arbitrage purchase.
    if (owed > 0 && p > 0 && a !== 1) {
      const k = Math.min(owed, p * DT);
      refill += (k * price) / 1000;
      owed -= k;
    }
    const c = num(r, 'gopacs_cleared_kw');
    if (c > 0) {
      const d = Math.min(c, Math.max(0, num(r, 'gopacs_baseline_kw') - g));
      steps++;
      cleared += c * DT;
      delivered += d * DT;
      revenue += ((num(r, 'gopacs_bid_eur_per_h') * d) / c) * DT;
      energy += (d * DT * price) / 1000;
      owed += (d * (num(r, 'gopacs_cleared_battery_kw') / c) * DT) / ROUND_TRIP;
    }
    const cx = num(r, 'gopacs_export_cleared_kw');
    if (cx > 0) {
      const d = Math.min(cx, Math.max(0, num(r, 'gopacs_export_baseline_kw') - Math.max(0, -g)));
      steps++;
      cleared += cx * DT;
      delivered += d * DT;
      revenue += ((num(r, 'gopacs_export_bid_eur_per_h') * d) / cx) * DT;
    }
    if (a === -1 && p < 0) arbitrage += (price * -p * DT) / 1000;
    if (a === 1 && p > 0) arbitrage -= (price * p * DT) / 1000;
  }
  return {
    gopacsHours: steps * DT,
    gopacsClearedKwh: cleared,
    gopacsDeliveredKwh: delivered,
    gopacsRevenueEur: revenue,
    gopacsPenaltyEur: ((cleared - delivered) / 1000) * PENALTY_EUR_PER_MWH,
    gopacsEnergyEur: energy,
    gopacsRefillCostEur: refill,
    arbitrageRevenueEur: arbitrage,
  };
}

describe('worked example: the flex market money of flex-park (docs/contracts.md section 7)', () => {
  it('recomputed from series-flex_guard.csv by the page\'s formulas: results.json to the cent', () => {
    const mine = recompute(rows);
    expect(mine.gopacsHours).toBe(metrics.gopacsHours);
    // The CSV holds kW and EUR/h to a millionth: a year's sums meet results.json within a cent.
    for (const [k, v] of Object.entries(mine)) expect(Math.abs(v - metrics[k]), k).toBeLessThan(0.01);
    // The settlement acted on the year: bids cleared and delivered, some not, trades made.
    expect(mine.gopacsClearedKwh).toBeGreaterThan(mine.gopacsDeliveredKwh);
    expect(mine.gopacsRefillCostEur).toBeGreaterThan(0);
    expect(mine.arbitrageRevenueEur).toBeGreaterThan(0);
  });

  it("flexRevenueEur is the page's sum of its parts", () => {
    const m = metrics;
    const sum =
      m.cbcTAvailabilityEur + m.cbcTActivationEur + m.cbcAAvailabilityEur + m.cbcAActivationEur +
      m.gopacsRevenueEur + m.gopacsEnergyEur - m.gopacsRefillCostEur - m.gopacsPenaltyEur +
      m.arbitrageRevenueEur - m.contractPenaltyEur + m.tbtrDiscountEur + m.tdtrDiscountEur + m.nonFirmDiscountEur;
    expect(Math.abs(sum - m.flexRevenueEur)).toBeLessThan(1e-6);
  });

  it('the page quotes the figures of the run', () => {
    const doc = readFileSync(new URL('../docs/contracts.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    const eur = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const m = recompute(rows);
    const quoted = [
      `in ${m.gopacsHours} hours ${eur(m.gopacsClearedKwh)} kWh`,
      `of which ${eur(m.gopacsDeliveredKwh)} kWh were delivered`,
      `pays EUR ${eur(m.gopacsRevenueEur)}`,
      `EUR ${eur(m.gopacsEnergyEur)} at the day-ahead price`,
      `costs EUR ${eur(m.gopacsRefillCostEur)}`,
      `${eur(m.gopacsClearedKwh - m.gopacsDeliveredKwh)} kWh not delivered cost EUR ${eur(m.gopacsPenaltyEur)}`,
      `Arbitrage earns EUR ${eur(m.arbitrageRevenueEur)}`,
      `availability EUR ${eur(metrics.cbcTAvailabilityEur)} and activation EUR ${eur(metrics.cbcTActivationEur)}`,
      `contract penalty of EUR ${eur(metrics.contractPenaltyEur)}`,
      `\`flexRevenueEur\` is EUR ${eur(metrics.flexRevenueEur)}`,
    ];
    for (const q of quoted) expect(doc, q).toContain(q);
  });
});

describe('the page\'s formulas on other flex runs: export bids (tests/fixtures/flex-export.yaml) and 15-minute steps', () => {
  it('every flex strategy of both recomputes from its series CSV to results.json (an audit: clearings of 1e-14 kW counted as GOPACS hours no output shows)', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'hubsim-flex-worked-'));
    try {
      const quarter = join(tmp, 'flex-park-15min.yaml');
      const park = readFileSync(new URL('../scenarios/examples/flex-park.yaml', import.meta.url), 'utf8');
      writeFileSync(quarter, park.replace('stepMinutes: 60', 'stepMinutes: 15').replace('$schema: ../../schema/hub.schema.json', `$schema: ${new URL('../schema/hub.schema.json', import.meta.url).pathname}`));
      let checked = 0;
      for (const [file, dt] of [['tests/fixtures/flex-export.yaml', 1], [quarter, 0.25]] as const) {
        const out = join(tmp, String(checked));
        const r = await runCli('run', file, '--out', out, '--series');
        expect(r.code, r.stderr).toBe(0);
        const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { strategies: Record<string, { kind: string; metrics: Metrics }> };
        for (const [name, strategy] of Object.entries(results.strategies)) {
          if (strategy.kind !== 'flex') continue;
          const mine = recompute(readSeries(out, name), dt);
          expect(mine.gopacsHours, `${file} ${name} gopacsHours`).toBe(strategy.metrics.gopacsHours);
          for (const [k, v] of Object.entries(mine)) expect(Math.abs(v - strategy.metrics[k]), `${file} ${name} ${k}`).toBeLessThan(0.01);
          checked++;
        }
      }
      expect(checked).toBe(8);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 300_000);
});

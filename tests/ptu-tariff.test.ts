// 15-minute (PTU) peaks and the transport tariff of a hub file (README: The hub file, "15-minute peaks"
// and "Transport tariff"). Every expected number is computed by hand in the comment beside it, from the
// hub written here and the row of the shipped tariff table (profiles/tariffs/dso-transport-nl.csv, the
// same numbers as ../shared/data/dso-transport-tariffs-nl/dso_transport_tariffs_grootverbruik_2023_2026.csv)
// that it quotes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { billingMonths } from '../src/economics/hub-tariff.js';
import { gridCost } from '../src/economics/tariff.js';
import { hubTariffRates } from '../src/model/tariff-rates.js';
import { shippedTariffs, transportTariffOfYear } from '../src/profiles/transport-tariffs.js';
import { runHub } from '../src/jobs/hub-job.js';
import { hubFromSource } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import { sourceFromText, type SourceFile } from '../src/model/source.js';
import { prepareStrategies } from '../src/strategies/registry.js';
import { StrategySpec } from '../src/model/strategy.js';
import { hubResultJson } from '../src/report/json.js';
import { hubTable } from '../src/report/table.js';
import { yearAxis } from '../src/time/axis.js';
import { runCli } from './support/cli.js';
import { csvRows, sweepFile } from './support/sweep.js';

const DIR = mkdtempSync(join(tmpdir(), 'hubsim-ptu-'));

/** Resolve a hub given as data, as `hubsim run` does with a file. */
function hubOf(data: object) {
  return resolveHub(hubFromSource(sourceFromText(join(DIR, 'inline.json'), DIR, JSON.stringify(data)) as SourceFile));
}

/** Run the hub's strategies and return results.json as `hubsim run --json` writes it (12 significant digits), and the table. */
async function run(data: object) {
  const hub = hubOf(data);
  await prepareStrategies(hub.strategies, [hub]);
  const result = runHub(hub, hub.strategies);
  const json = JSON.parse(JSON.stringify(hubResultJson(result))) as {
    hub: { peakResolution: { axisStepMinutes: number; demandStepMinutes: number; ptuMaximum: boolean; note: string }; tariff: Record<string, unknown> | null };
    strategies: Record<string, { metrics: Record<string, number | null> }>;
  };
  return { json, table: hubTable(result) };
}

// Two days (Monday 2 and Tuesday 3 January 2023, UTC) of 15-minute steps: 192 steps. One member draws
// 100 kW except in one quarter hour, step 40 (10:00-10:15 UTC on 2 January), where it draws 400 kW.
const STEPS = 192;
const SPIKE_STEP = 40;
const quarterHours = Array.from({ length: STEPS }, (_, t) => (t === SPIKE_STEP ? 400 : 100));
// The same consumption as hourly means (energy kept): hour 10 is (400 + 3 x 100) / 4 = 175 kW.
const hours = Array.from({ length: STEPS / 4 }, (_, h) => quarterHours.slice(4 * h, 4 * h + 4).reduce((s, x) => s + x, 0) / 4);

const LIANDER_2025 = { operator: 'liander', year: 2025 };
const spikeHub = (over: object = {}) => ({
  name: 'spike',
  axis: { start: '2023-01-02T00:00:00Z', steps: STEPS, stepMinutes: 15 },
  members: [{ id: 'a', profile: quarterHours }],
  connection: { importCapKw: 300 },
  battery: { energyKwh: 200, powerKw: 150 },
  tariff: LIANDER_2025,
  strategies: [{ kind: 'baseline' }, { kind: 'optimal' }],
  ...over,
});

describe('15-minute peaks', () => {
  it('on a 15-minute axis the peaks, the cap check and the kWmax charge use the quarter hour that spikes', async () => {
    const { json, table } = await run(spikeHub());
    const base = json.strategies.baseline.metrics;
    expect(base.peakImportKw).toBe(400); // the spike
    expect(base.coincidentPeakKw).toBe(400);
    expect(base.hoursAboveImportCap).toBe(0.25); // one quarter hour above 300 kW
    expect(base.energyAboveImportCapKwh).toBe(25); // (400 - 300) kW x 0.25 h
    // Liander 2025, contract 300 kW: category MS (136 kW-2 MW), CSV row
    // "Liander,2025,MS,contract >136 kW and <=2 MW,441,26.68,3.46,0.022,0.022,...".
    expect(json.hub.tariff).toMatchObject({ operator: 'liander', year: 2025, category: 'MS', contractKw: 300, vastrechtEurPerYear: 441, contractEurPerKwYear: 26.68, kwmaxEurPerKwMonth: 3.46, energyEurPerKwh: 0.022 });
    expect(base.monthlyPeaksSumKw).toBe(400); // one billing month (January), its highest PTU
    expect(base.tariffKwmaxEur).toBeCloseTo(1384, 6); // 400 kW x 3.46 EUR/kW/month
    expect(base.tariffFixedEur).toBeCloseTo((441 * 48) / 8760, 6); // 441 EUR/yr x 48 h / 8760 h = 2.4164 EUR
    expect(base.tariffContractEur).toBeCloseTo((300 * 26.68 * 48) / 8760, 6); // 300 kW x 26.68 EUR/kW/yr x 48/8760 = 43.8575 EUR
    expect(base.tariffEnergyEur).toBeCloseTo(107.25, 6); // (191 x 100 + 400) kW x 0.25 h = 4875 kWh x 0.022 EUR/kWh
    expect(base.tariffEur).toBeCloseTo(1384 + (441 * 48) / 8760 + (300 * 26.68 * 48) / 8760 + 107.25, 6);
    // Perfect foresight takes 150 kW (the battery's power) off the spike: 250 kW, and 250 x 3.46 = 865 EUR kWmax.
    const optimal = json.strategies.optimal.metrics;
    expect(optimal.peakImportKw).toBeCloseTo(250, 6);
    expect(optimal.tariffKwmaxEur).toBeCloseTo(865, 6);
    expect(json.hub.peakResolution).toMatchObject({ axisStepMinutes: 15, demandStepMinutes: 15, ptuMaximum: true });
    expect(table.replace(/\s+/g, ' ')).toContain(json.hub.peakResolution.note); // wrapped at 120 columns
    expect(table.replace(/\n +/g, ' ')).toMatch(/tariff EUR: transport tariff over the run, liander 2025, category MS at 300 contracted kW, its rates inputs: EUR [0-9,.]+\/yr \+ [0-9,.]+\/kW\/yr \(fixed and contract parts: inputs\) \+ kWmax/);
  });

  it('the same energy as hourly means on an hourly axis: the hourly maximum, and the results say the PTU maximum is not known', async () => {
    const { json, table } = await run(spikeHub({ axis: { start: '2023-01-02T00:00:00Z', steps: STEPS / 4, stepMinutes: 60 }, members: [{ id: 'a', profile: hours }] }));
    const base = json.strategies.baseline.metrics;
    expect(base.peakImportKw).toBe(175); // (400 + 3 x 100) / 4
    expect(base.hoursAboveImportCap).toBe(0); // the hour's mean stays under the 300 kW cap
    expect(base.tariffKwmaxEur).toBeCloseTo(605.5, 6); // 175 kW x 3.46 EUR/kW/month: 778.5 EUR less than on PTUs
    expect(base.tariffEnergyEur).toBeCloseTo(107.25, 6); // the same 4875 kWh
    expect(json.hub.peakResolution).toMatchObject({ axisStepMinutes: 60, demandStepMinutes: 60, ptuMaximum: false });
    expect(json.hub.peakResolution.note).toMatch(/PTU \(15-minute\) maximum .* is not known/);
    expect(table.replace(/\s+/g, ' ')).toContain(json.hub.peakResolution.note); // wrapped at 120 columns
  });

  it('hourly data on a 15-minute axis (a shipped shape, an hourly file) are flagged: no peaks within the hour', async () => {
    const csv = join(DIR, 'hourly.csv');
    writeFileSync(csv, `time_utc,kw\n${hours.map((kw, h) => `${new Date(Date.UTC(2023, 0, 2, h)).toISOString().replace('.000Z', 'Z')},${kw}`).join('\n')}\n`);
    const file = await run(spikeHub({ members: [{ id: 'a', profile: { file: csv, unit: 'kW' } }] }));
    // Each hour's value repeated over its four quarter hours: the spike is gone, the peak is the hour's 175 kW.
    expect(file.json.strategies.baseline.metrics.peakImportKw).toBe(175);
    expect(file.json.hub.peakResolution).toMatchObject({ axisStepMinutes: 15, demandStepMinutes: 60, ptuMaximum: false });
    expect(file.json.hub.peakResolution.note).toMatch(/no peaks within the hour/);
    const shape = await run(spikeHub({ members: [{ id: 'a', profile: { shape: 'nedu-e3a', annualKwh: 1_000_000 } }, { id: 'b', profile: quarterHours }] }));
    expect(shape.json.hub.peakResolution).toMatchObject({ demandStepMinutes: 60, ptuMaximum: false }); // the coarsest member decides
    expect(shape.table.replace(/\s+/g, ' ')).toContain('no peaks within the hour');
  });
});

describe('transport tariff by operator and year', () => {
  it('looks up the shipped rates of the exact year and the category of the contract', () => {
    // "Liander,2025,MS,contract >136 kW and <=2 MW,441,26.68,3.46,0.022,..."
    expect(transportTariffOfYear('Liander', 2025, 300)).toMatchObject({ category: 'MS', contractEurPerKwYear: 26.68, kwmaxEurPerKwMonth: 3.46, energyEurPerKwh: 0.022 });
    // "Stedin,2023,Trafo HS+TS/MS >1500 kW,...,2760,36.5674,4.0649,0,0": above Stedin's 1500 kW MS bound.
    expect(transportTariffOfYear('Stedin', 2023, 1600)).toMatchObject({ category: 'Trafo HS+TS/MS >1500 kW', vastrechtEurPerYear: 2760, contractEurPerKwYear: 36.5674, kwmaxEurPerKwMonth: 4.0649 });
    // "Enexis,2026,LS,contract <=50 kW,18,15.87,0,0.0788,..."
    expect(transportTariffOfYear('Enexis', 2026, 40)).toMatchObject({ category: 'LS', vastrechtEurPerYear: 18, kwmaxEurPerKwMonth: 0, energyEurPerKwh: 0.0788 });
    expect(transportTariffOfYear('Liander', 2022, 300)).toBeNull(); // the source starts in 2023: no substitute year
    expect(shippedTariffs()).toBe('enexis 2023-2026, liander 2023-2026, stedin 2023-2026');
  });

  it('an explicit rate replaces the table\'s, and explicit rates alone leave the others at 0', () => {
    // "Enexis,2024,MS-D,contract >125 and <=1500 kW,441,26.47,3.14,0.0206,...", kWmax given as 5.
    const mixed = hubTariffRates({ operator: 'Enexis', year: 2024, kwmaxEurPerKwMonth: 5, source: 'a newer sheet' }, 300);
    expect(mixed).toMatchObject({ operator: 'enexis', category: 'MS-D', contractEurPerKwYear: 26.47, kwmaxEurPerKwMonth: 5, energyEurPerKwh: 0.0206 });
    expect(mixed.source).toMatch(/kwmaxEurPerKwMonth from a newer sheet$/);
    expect(hubTariffRates({ contractEurPerKwYear: 30 }, 300)).toMatchObject({ operator: null, category: null, vastrechtEurPerYear: 0, contractEurPerKwYear: 30, kwmaxEurPerKwMonth: 0, energyEurPerKwh: 0 });
  });

  it('without a cap the category follows the uncontrolled peak', () => {
    // 400 kW peak at Liander 2025 is MS too; 2,500 kW is above the 2 MW bound: "Trafo HS+TS/MS >2 MW", 45.6 EUR/kW/yr, 5.94 EUR/kW/month.
    const big = hubOf(spikeHub({ connection: {}, members: [{ id: 'a', profile: quarterHours.map((x) => x * 6.25) }] }));
    expect(big.tariff).toMatchObject({ contractKw: 2500, category: 'Trafo HS+TS/MS >2 MW', contractEurPerKwYear: 45.6, kwmaxEurPerKwMonth: 5.94 }); // 400 x 6.25 = 2500 kW
  });

  it('bills the local months of a UTC year: twelve, not the first hour of next January', () => {
    const months = billingMonths(yearAxis(2023));
    expect(Math.max(...months)).toBe(11);
    expect(months[8759]).toBe(-1); // 2023-12-31T23:00Z is 2024-01-01 00:00 in Amsterdam
    expect(months[8758]).toBe(11);
    // kWmax on two billed steps of one month and an unbilled last one: max(10, 20) x 3 = 60 EUR; the
    // 100 kW of the unbilled step is not a month of its own. Energy at 50 EUR/MWh over all three hours:
    // (10 + 20 + 100) kWh x 0.05 EUR/kWh = 6.5 EUR.
    const cost = gridCost(Float64Array.of(10, 20, 100), Float64Array.of(50, 50, 50), Int32Array.of(0, 0, -1), 1, 3);
    expect(cost.kwmaxEur).toBe(60);
    expect(cost.energyEur).toBeCloseTo(6.5, 12);
  });

  it('lp plans with the tariff\'s kWmax rate unless it gives its own', async () => {
    const lp = { kind: 'lp', energyPrices: false };
    // Liander 2025's 3.46 EUR/kW/month makes shaving the spike by 150 kW worth 519 EUR, far above the
    // battery wear (0.02 EUR/kWh on about 2 x 37.5 kWh): lp shaves to 250 kW.
    const liander = await run(spikeHub({ strategies: [lp] }));
    expect(liander.json.strategies.lp.metrics.peakImportKw).toBeCloseTo(250, 6);
    // Explicit rates without kWmax (kWmax 0): nothing to gain but wear and the cap penalty above 300 kW;
    // lp shaves only to the cap: 300 kW.
    const noKwmax = await run(spikeHub({ tariff: { contractEurPerKwYear: 20 }, strategies: [lp] }));
    expect(noKwmax.json.strategies.lp.metrics.peakImportKw).toBeCloseTo(300, 6);
    // Its own rate wins over the tariff's.
    const own = await run(spikeHub({ tariff: { contractEurPerKwYear: 20 }, strategies: [{ ...lp, kwmaxEurPerKwMonth: 3 }] }));
    expect(own.json.strategies.lp.metrics.peakImportKw).toBeCloseTo(250, 6);
    expect(StrategySpec.parse({ kind: 'lp' })).not.toHaveProperty('kwmaxEurPerKwMonth');
  });

  it('a sweep prices its configurations with the hub file\'s tariff', async () => {
    const hub = join(DIR, 'park.yaml');
    writeFileSync(hub, 'name: Park\nmembers:\n  - { id: office, profile: { shape: nedu-e3a, annualKwh: 1000000 } }\nconnection: { importCapKw: 400 }\ntariff: { operator: stedin, year: 2024 }\n');
    const file = sweepFile(`name: t\nhub: ${hub}\ndraws: { count: 2, seed: 1 }\ngrid: { strategies: [{ kind: baseline }] }\n`);
    const out = join(DIR, 'sweep-out');
    const r = await runCli('sweep', file, '--workers', '1', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const { readFileSync } = await import('node:fs');
    const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { rows: { tariff: Record<string, unknown>; stats: Record<string, { mean: number }>; annualCostEur: number }[] };
    const row = json.rows[0];
    // Stedin 2024 at the 400 kW cap: "Stedin,2024,MS,contract >150 and <=1500 kW,441,23.0,2.8524,0.0176,...".
    expect(row.tariff).toMatchObject({ operator: 'stedin', year: 2024, category: 'MS', contractKw: 400, kwmaxEurPerKwMonth: 2.8524 });
    // No battery, no capex: annual cost = 441 + 400 x 23 + mean import x 0.0176 + mean kWmax + mean energy cost.
    const s = row.stats;
    expect(row.annualCostEur).toBeCloseTo(441 + 400 * 23 + s.importEnergyKwh.mean * 0.0176 + s.kwmaxCostEur.mean + s.energyCostEur.mean, 3);
    expect(csvRows(readFileSync(join(out, 'sweep.csv'), 'utf8'))).toHaveLength(1);
  });
});

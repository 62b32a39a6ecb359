// hubsim sweep: configurations x weather draws on the local pool. The reference values are computed
// here by an independent path (resolve the hub per year, copy days with drawColumn, simulate) or by hand.
import { printedTables, unwrapped } from './support/text-table.js';
import { variantOf } from './support/build-hub.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulate.js';
import { loadHub } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import type { ResolvedHub } from '../src/model/resolved.js';
import { foresight, StrategySpec } from '../src/model/strategy.js';
import { BOUND_NOTE } from '../src/report/table.js';
import { lastDaysMeasured, MPC_MEMORY_DAYS, naiveDayForecast, setDayForecast, setMeasuredBefore } from '../src/strategies/day-forecasts.js';
import { createPlanner, preparePreviousYear } from '../src/strategies/registry.js';
import { localDayIndex, localDayStarts, yearAxis } from '../src/time/axis.js';
import { aggregateSweep, annuityFactor, ANNUAL_COST_TERMS } from '../src/sweep/aggregate.js';
import { SweepEconomics } from '../src/sweep/schema.js';
import { VALUE_OF_LOST_LOAD_EUR_PER_KWH, VALUE_OF_LOST_LOAD_SOURCE } from '../src/model/value-of-lost-load.js';
import { sweepReportHtml } from '../src/report/html/sweep-report.js';
import { parseSweepResults } from '../src/report/html/sweep-charts.js';
import { sweepBatches, sweepBatchKey } from '../src/sweep/batches.js';
import { batchJobId } from '../src/run/study.js';
import type { Configuration } from '../src/sweep/configurations.js';
import { configuredHub, SweepContext, sweepRateSources, sweepTariff } from '../src/sweep/context.js';
import { loadSweep, type LoadedSweep } from '../src/sweep/load.js';
import { runSweep } from '../src/sweep/run.js';
import { localRunner } from '../src/run/local.js';
import type { Runner } from '../src/run/runner.js';
import { HubsimError } from '../src/errors.js';
import { hubTariffRates, type HubTariffRates } from '../src/model/tariff-rates.js';
import { K, OUTCOMES } from '../src/sweep/outcome.js';
import { sweepCsv, sweepJson, sweepSummary } from '../src/report/sweep-output.js';
import { drawColumn } from '../src/weather/apply.js';
import { dayKeys } from '../src/weather/day-keys.js';
import { drawWeatherYear } from '../src/weather/draw.js';
import { sweepColumnsReference, sweepFileReference } from '../src/report/sweep-reference.js';
// @ts-expect-error plain JavaScript helper shared with scripts/docs.mjs
import { replaceGenerated } from '../scripts/docs-lib.mjs';
import { runCli } from './support/cli.js';
import { expectError } from './support/expect-error.js';
import { csvRows, sweepFile, sweepOnOneAndTwoThreads } from './support/sweep.js';

const HUB = fileURLToPath(new URL('../scenarios/examples/business-park.yaml', import.meta.url));
const MRA = fileURLToPath(new URL('../scenarios/mra-20.yaml', import.meta.url));
const SHIPPED = fileURLToPath(new URL('../scenarios/sweeps/mra-20-battery.yaml', import.meta.url));

/**
 * Draw `index` of seed `seed` of the business park built independently of src/sweep: each target day
 * copied from its source day of the hub resolved on 2019 and 2023, battery and caps as in the file.
 */
function drawnHub(seed: number, index: number): ResolvedHub {
  const loaded = loadHub(HUB);
  const years = [2019, 2023].map((year) => resolveHub({ hub: { ...loaded.hub, axis: { ...loaded.hub.axis, year } }, source: loaded.source }));
  const draw = drawWeatherYear(dayKeys(2023), [dayKeys(2019), dayKeys(2023)], seed, index, 'week');
  const col = (pick: (h: (typeof years)[number]) => Float64Array): Float64Array => drawColumn(draw, years.map(pick), 24, new Float64Array(8760));
  const demandKw = col((h) => h.demandKw);
  const pvKw = col((h) => h.pvKw);
  const windKw = col((h) => h.windKw);
  const generationKw = demandKw.map((_, t) => pvKw[t] + windKw[t]);
  return variantOf(years[1], { demandKw, pvKw, windKw, generationKw, flexible: years[1].flexible.map((f, i) => ({ ...f, availableKw: col((h) => h.flexible[i].availableKw) })) });
}

/**
 * The year before draw `index` of seed `seed` (2022), built independently of src/sweep: stream 1 of
 * the same seed and index, each day's demand and PV copied from the hub resolved on 2019 and 2023.
 */
function drawnHubBefore(seed: number, index: number): ResolvedHub {
  const loaded = loadHub(HUB);
  const years = [2019, 2023].map((year) => resolveHub({ hub: { ...loaded.hub, axis: { ...loaded.hub.axis, year } }, source: loaded.source }));
  const before = drawWeatherYear(dayKeys(2022), [dayKeys(2019), dayKeys(2023)], seed, index, 'week', 1);
  const col = (pick: (h: ResolvedHub) => Float64Array): Float64Array => drawColumn(before, years.map(pick), 24, new Float64Array(8760));
  const demandKw = col((h) => h.demandKw);
  const pvKw = col((h) => h.pvKw);
  const axis = yearAxis(2022);
  const dayIndex = localDayIndex(axis);
  return variantOf(years[1], { axis, dayIndex, dayStarts: localDayStarts(dayIndex), demandKw, pvKw, generationKw: pvKw, windKw: new Float64Array(8760) });
}

const SMALL = `name: small
hub: ${HUB}
draws: { count: 6, seed: 7 }
batchHubYears: 5
grid:
  battery: { energyKwh: [0, 2000], powerKw: [1000] }
  strategies: [{ kind: peak-shaving }, { kind: baseline }]
`;

/** The tariff rates a configuration pays when neither the sweep nor the hub file has a tariff block (kWmax at the default rate, nothing else). */
function defaultTariffs(loaded: LoadedSweep, n: number): HubTariffRates[] {
  return Array.from({ length: n }, () => hubTariffRates(sweepTariff(loaded.sweep.economics, undefined).block, 1000, sweepTariff(loaded.sweep.economics, undefined).origins));
}

describe('hubsim sweep', () => {
  it('gives the same bytes with 1 and 2 worker threads, and prints the cheapest configuration per terrain', async () => {
    const { stdout, dir } = await sweepOnOneAndTwoThreads(sweepFile(SMALL));
    expect(stdout).toContain('cheapest configuration per terrain with P90 peakImportKw <= the import cap');
    // The online peak shaver starts each draw from a drawn year before: the head line says so.
    expect(unwrapped(stdout)).toContain('seed 7; the controllers start each draw knowing a year drawn before it');
    const csv = readFileSync(join(dir, 'sweep.csv'), 'utf8').trim().split('\n');
    // 2 batteries (none, 2000 kWh) x 2 strategies = 4 rows, plus the header.
    expect(csv).toHaveLength(5);
    expect(csv[0].split(',')).toContain('peakImportKw_p90');
    expect(csv.filter((l) => l.endsWith(',true')).length).toBe(1);
  }, 60_000);

  it('hands a thread\'s results back without detaching a buffer: from a thread\'s first detached buffer on, its column loops run slower', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubsim-sweep-detach-'));
    const bin = fileURLToPath(new URL('../bin/hubsim.js', import.meta.url));
    const r = spawnSync(process.execPath, ['--trace-protector-invalidation', bin, 'sweep', sweepFile(SMALL), '--workers', '1', '--out', join(dir, 'out')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const trace = r.stdout + r.stderr;
    // The trace is on: V8 names each protector a run invalidates (Node's async hooks invalidate PromiseHook in every run).
    expect(trace).toContain('Invalidating protector cell');
    expect(trace).not.toContain('ArrayBufferDetaching');
  }, 60_000);

  it('a batch that fails leaves no result: sweep.batchFailed, exit 3, one line naming the batch', async () => {
    // A runner that fails the second batch as a thread whose strategy throws would.
    const failing: Runner = {
      async run(study, delivery) {
        await localRunner(1).run(study, { result: (i, v) => (i === 1 ? delivery.failure(i, 'the planner throws (this test)') : delivery.result(i, v)), failure: (i, m) => delivery.failure(i, m) });
      },
    };
    const file = sweepFile(SMALL);
    const caught = await runSweep(file, { workers: 1, runner: failing }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(caught).toBeInstanceOf(HubsimError);
    const e = caught as HubsimError;
    expect([e.code, e.exitCode]).toEqual(['sweep.batchFailed', 3]);
    expect(e.message).toContain('the planner throws (this test); nothing written');
    expect(e.message).not.toContain('\n');
  }, 60_000);

  it('refuses a rollout sweep\'s year outside the rollout\'s horizon', () => {
    const file = sweepFile(`name: outside
rollout: ${fileURLToPath(new URL('fixtures/rollout-small.yaml', import.meta.url))}
year: 2031
draws: { count: 1, seed: 1 }
grid:
  battery: { energyKwh: [0], powerKw: [1] }
  strategies: [{ kind: baseline }]
`);
    // tests/fixtures/rollout-small.yaml: horizon 2026-2027.
    const e = expectError(() => loadSweep(file), 'sweep.contradiction', { field: 'year' });
    expect(e.message).toContain('give a year from 2026 to 2027');
  });

  it('matches an independent computation: one draw, baseline, no battery', async () => {
    const file = sweepFile(`name: one
hub: ${HUB}
draws: { count: 1, seed: 99 }
grid:
  battery: { energyKwh: [0], powerKw: [1] }
  strategies: [{ kind: baseline }]
`);
    const r = await runCli('sweep', file, '--workers', '1', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { rows: { stats: Record<string, Record<string, number>> }[] };
    // Independent path: resolve the hub on 2019 and 2023, copy each target day from its source day.
    const drawn = drawnHub(99, 0);
    const hub = variantOf(drawn, { battery: { ...drawn.battery, capacityKwh: 0, socMinKwh: 0, socMaxKwh: 0, socInitialKwh: 0, chargeKw: 0, dischargeKw: 0 } });
    const run = simulate(hub, createPlanner({ kind: 'baseline' }, hub), { record: false });
    const st = json.rows[0].stats;
    expect(st.peakImportKw.p90).toBeCloseTo(run.balance.peakImportKw, 6);
    expect(st.peakImportKw.mean).toBeCloseTo(run.balance.peakImportKw, 6);
    expect(st.importEnergyKwh.p50).toBeCloseTo(run.balance.importKwh, 3);
    expect(st.energyCurtailedKwh.mean).toBe(0);
  }, 60_000);

  it('puts each configuration\'s PV and generation on a synthetic year step by step: as built and at another size, with and without wind', () => {
    // Independent path: the hub resolved on 2019 and 2023, each target day's PV and wind copied from
    // its source day (drawColumn), the PV scaled to the configuration's kWp.
    for (const [file, asBuilt] of [[HUB, 3500], [fileURLToPath(new URL('../scenarios/examples/mixed-park.yaml', import.meta.url)), 2500]] as const) {
      const loaded = loadSweep(sweepFile(`name: pv\nhub: ${file}\ndraws: { count: 2, seed: 11 }\ngrid:\n  pvKwp: [${asBuilt}, ${2 * asBuilt}]\n  strategies: [{ kind: baseline }]\n`));
      const hub = loadHub(file);
      const years = [2019, 2023].map((year) => resolveHub({ hub: { ...hub.hub, axis: { ...hub.hub.axis, year } }, source: hub.source }));
      const ctx = new SweepContext(loaded);
      const p = ctx.subject(0);
      expect(p.windy, file).toBe(file !== HUB);
      for (let d = 0; d < 2; d++) {
        const draw = ctx.draw(d);
        const pv = drawColumn(draw, years.map((h) => h.pvKw), 24, new Float64Array(8760));
        const wind = drawColumn(draw, years.map((h) => h.windKw), 24, new Float64Array(8760));
        const drawn = ctx.drawnColumns(p, draw);
        for (const c of p.configurations) {
          const configured = configuredHub(ctx, p, drawn, c);
          const scale = c.pvKwp! / asBuilt;
          let worst = 0;
          for (let t = 0; t < 8760; t++) {
            worst = Math.max(worst, Math.abs(configured.pvKw[t] - pv[t] * scale), Math.abs(configured.generationKw[t] - (pv[t] * scale + wind[t])));
          }
          // Within rounding (PV per kWp x kWp against the PV itself x the ratio of the sizes).
          expect(worst, `${file} draw ${d} at ${c.pvKwp} kWp`).toBeLessThan(1e-9);
        }
      }
    }
  });

  it('picks the cheapest configuration meeting the target, and the closest when none does (hand-made outcomes)', () => {
    const loaded = loadSweep(sweepFile(`name: t\nhub: ${HUB}\ndraws: { count: 2 }\neconomics: { batteryEurPerKwh: 100, batteryEurPerKw: 0, lifetimeYears: 10, discountRate: 0 }\ngrid: { strategies: [{ kind: baseline }] }\n`));
    const config = (index: number, e: number): Configuration => ({ index, batteryEnergyKwh: e, batteryPowerKw: e / 2, pvKwp: null, importCapKw: 1000, strategy: { kind: 'baseline' }, strategyName: 'baseline', foresight: 'causal' });
    const configs = [config(0, 0), config(1, 100), config(2, 200)];
    // Draw-major: draw d, configuration c, then K outcomes; only peakImportKw (slot 0) matters here.
    const values = new Float64Array(2 * 3 * K);
    const peaks = [
      [1200, 990, 900],
      [1100, 1010, 950],
    ];
    peaks.forEach((row, d) => row.forEach((p, c) => (values[(d * 3 + c) * K] = p)));
    const result = aggregateSweep(loaded, [{ id: 'a', configurations: configs, fileImportCapKw: 1000, asBuiltKwp: 0, tariffs: defaultTariffs(loaded, configs.length) }], [values]);
    // P90 of two draws, linear between the sorted values (lo + 0.9 (hi - lo)): 1190, 1008, 945; capex
    // 0, 100 x 100, 200 x 100 EUR, annualised over 10 years at 0%: 0, 1000, 2000 EUR/yr.
    expect(result.rows.map((r) => r.targetValue)).toEqual([1190, 1008, 945]);
    expect(result.rows.map((r) => r.annualCostEur)).toEqual([0, 1000, 2000]);
    expect(result.cheapest[0].row?.configuration.index).toBe(2);
    const none = aggregateSweep(loaded, [{ id: 'a', configurations: configs, fileImportCapKw: 1000, asBuiltKwp: 0, tariffs: defaultTariffs(loaded, configs.length) }], [values.map((v, i) => (i % K === 0 ? v + 100 : v))]);
    expect(none.cheapest[0].row).toBeNull();
    expect(none.cheapest[0].closest.configuration.index).toBe(2);
    expect(annuityFactor(0.04, 15)).toBeCloseTo(0.0899411, 6); // 0.04 / (1 - 1.04^-15), by hand
  });

  it('ties costs equal but for float noise: the first in grid order is the cheapest, as documented', () => {
    const loaded = loadSweep(sweepFile(`name: t\nhub: ${HUB}\ndraws: { count: 2 }\neconomics: { batteryEurPerKwh: 100, batteryEurPerKw: 0, lifetimeYears: 10, discountRate: 0 }\ngrid: { strategies: [{ kind: baseline }] }\n`));
    const config = (index: number): Configuration => ({ index, batteryEnergyKwh: 0, batteryPowerKw: 0, pvKwp: null, importCapKw: 1000, strategy: { kind: 'baseline' }, strategyName: `b${index}`, foresight: 'causal' });
    const configs = [config(0), config(1)];
    // Both meet the target (peak 900 kW <= 1000 kW). Energy cost 1e5 x (0.1 + 0.2) = 30000.000000000004
    // against 30000: equal to 15 significant digits, the second lower only in the last bits.
    const energyCostSlot = OUTCOMES.findIndex((o) => o.name === 'energyCostEur');
    const values = new Float64Array(2 * 2 * K);
    for (let d = 0; d < 2; d++) {
      for (let c = 0; c < 2; c++) {
        values[(d * 2 + c) * K] = 900;
        values[(d * 2 + c) * K + energyCostSlot] = c === 0 ? 1e5 * (0.1 + 0.2) : 30000;
      }
    }
    const result = aggregateSweep(loaded, [{ id: 'a', configurations: configs, fileImportCapKw: 1000, asBuiltKwp: 0, tariffs: defaultTariffs(loaded, 2) }], [values]);
    expect(result.rows[1].annualCostEur).toBeLessThan(result.rows[0].annualCostEur);
    expect(result.cheapest[0].row?.configuration.index).toBe(0);
    // A real difference (a cent) still decides.
    const cent = values.map((v, i) => (i % K === energyCostSlot && Math.floor(i / K) % 2 === 1 ? v - 0.01 : v));
    expect(aggregateSweep(loaded, [{ id: 'a', configurations: configs, fileImportCapKw: 1000, asBuiltKwp: 0, tariffs: defaultTariffs(loaded, 2) }], [cent]).cheapest[0].row?.configuration.index).toBe(1);
  });

  it('notes under the table a P10 or P90 over fewer than 10 draws, and only then', () => {
    const summary = (count: number, statistic: string): string => {
      const loaded = loadSweep(sweepFile(`name: t\nhub: ${HUB}\ndraws: { count: ${count} }\ntarget: { statistic: ${statistic} }\ngrid: { strategies: [{ kind: baseline }] }\n`));
      const config: Configuration = { index: 0, batteryEnergyKwh: 0, batteryPowerKw: 0, pvKwp: null, importCapKw: 1000, strategy: { kind: 'baseline' }, strategyName: 'baseline', foresight: 'causal' };
      const values = Float64Array.from({ length: count * K }, (_, i) => (i % K === 0 ? 900 + i : 0));
      return unwrapped(sweepSummary(aggregateSweep(loaded, [{ id: 'a', configurations: [config], fileImportCapKw: 1000, asBuiltKwp: 0, tariffs: defaultTariffs(loaded, 1) }], [values])));
    };
    expect(summary(5, 'p90')).toContain('P90 over 5 draw(s): interpolated between the most extreme weather years drawn, so it changes with the seed; give draws.count of at least 10');
    expect(summary(9, 'p10')).toContain('P10 over 9 draw(s):');
    expect(summary(10, 'p90')).not.toContain('draw(s):');
    expect(summary(5, 'mean')).not.toContain('draw(s):');
  });

  it('prices lost load (shed, never recovered) at the value of lost load: shedding no longer makes a configuration cheaper', () => {
    const body = (more: string): string => `name: t\nhub: ${HUB}\ndraws: { count: 2 }\neconomics: { batteryEurPerKwh: 100, batteryEurPerKw: 0, lifetimeYears: 10, discountRate: 0${more} }\ngrid: { strategies: [{ kind: baseline }] }\n`;
    const config = (index: number, e: number): Configuration => ({ index, batteryEnergyKwh: e, batteryPowerKw: e / 2, pvKwp: null, importCapKw: 1000, strategy: { kind: 'baseline' }, strategyName: `s${index}`, foresight: 'causal' });
    const configs = [config(0, 0), config(1, 100)];
    const slot = (name: string): number => OUTCOMES.findIndex((o) => o.name === name);
    // Both meet the target. No battery: sheds and loses 40 and 60 kWh (mean 50), saving 300 EUR of
    // energy cost; the 100 kWh battery (capex 10,000 EUR over 10 years at 0%: 1,000 EUR/yr) sheds nothing.
    const values = new Float64Array(2 * 2 * K);
    for (let d = 0; d < 2; d++) {
      values[(d * 2) * K + slot('energyCostEur')] = 700;
      values[(d * 2) * K + slot('unservedShedKwh')] = d === 0 ? 40 : 60;
      values[(d * 2 + 1) * K + slot('energyCostEur')] = 1000;
    }
    const run = (more: string) => {
      const loaded = loadSweep(sweepFile(body(more)));
      return aggregateSweep(loaded, [{ id: 'a', configurations: configs, fileImportCapKw: 1000, asBuiltKwp: 0, tariffs: Array.from({ length: 2 }, () => hubTariffRates({}, 1000)) }], [values]);
    };
    // By hand: 700 + 50 kWh x EUR 20/kWh (the default, model/value-of-lost-load.ts) = 1,700 EUR/yr against 1,000 + 1,000.
    const priced = run('');
    expect(priced.rows.map((r) => r.annualCostEur)).toEqual([700 + 50 * VALUE_OF_LOST_LOAD_EUR_PER_KWH, 2000]);
    expect(priced.cheapest[0].row?.configuration.index).toBe(0);
    // At EUR 69/kWh (the national value) the lost load costs 3,450 EUR/yr: the battery is cheaper.
    const national = run(', valueOfLostLoadEurPerKwh: 69');
    expect(national.rows.map((r) => r.annualCostEur)).toEqual([700 + 50 * 69, 2000]);
    expect(national.cheapest[0].row?.configuration.index).toBe(1);
    expect(loadSweep(sweepFile(body(''))).sweep.economics).toMatchObject({ valueOfLostLoadEurPerKwh: VALUE_OF_LOST_LOAD_EUR_PER_KWH, valueOfLostLoadSource: VALUE_OF_LOST_LOAD_SOURCE });
  });

  it('a configuration that sheds lost load pays for it in annualCostEur: peak shaving with the guard on the business park', async () => {
    const file = sweepFile(`name: shed\nhub: ${HUB}\ndraws: { count: 2, seed: 11 }\ngrid:\n  battery: { energyKwh: [0], powerKw: [0] }\n  importCapKw: [2700]\n  strategies: [{ kind: peak-shaving, guard: true }]\n`);
    const result = await runSweep(file, { workers: 1 });
    const row = result.rows[0];
    expect(row.stats.unservedShedKwh.mean).toBeGreaterThan(0);
    expect(row.stats.unservedShedKwh.mean).toBeLessThanOrEqual(row.stats.energyShedKwh.mean);
    const t = row.tariff;
    const rest = t.vastrechtEurPerYear + t.contractKw * t.contractEurPerKwYear + t.energyEurPerKwh * row.stats.importEnergyKwh.mean + row.stats.kwmaxCostEur.mean + row.stats.energyCostEur.mean;
    expect(row.annualCostEur).toBeCloseTo(rest + row.stats.unservedShedKwh.mean * VALUE_OF_LOST_LOAD_EUR_PER_KWH, 6);
  });

  it('runs mpc on naive forecasts: the same bytes with 1 and 2 worker threads, every row labelled causal', async () => {
    const file = sweepFile(`name: mpc
hub: ${HUB}
draws: { count: 4, seed: 11 }
batchHubYears: 3
grid:
  battery: { energyKwh: [0, 2000], powerKw: [1000] }
  pvKwp: [0, 3500]
  strategies: [{ kind: mpc, forecast: yesterday, guard: false }, { kind: mpc, name: mpc-48h, forecast: last-week, horizonHours: 48 }]
`);
    const { rows, dir, stdout } = await sweepOnOneAndTwoThreads(file);
    // mpc starts each draw with the last days of a year drawn before it: the head line says so.
    expect(unwrapped(stdout)).toContain('the controllers start each draw knowing a year drawn before it');
    // 2 batteries x 2 PV sizes x 2 strategies.
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.foresight))).toEqual(new Set(['causal']));
    expect(rows.map((r) => r.strategy)).toEqual(Array.from({ length: 4 }, () => ['mpc', 'mpc-48h']).flat());
    // The battery does something: with 2000 kWh the mean peak is lower than without, for every PV size and strategy.
    for (let i = 0; i < 4; i++) expect(Number(rows[4 + i].peakImportKw_mean)).toBeLessThan(Number(rows[i].peakImportKw_mean));
    const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { rows: { foresight: string }[]; cheapest: { foresight: string; causal: { foresight: string } }[] };
    expect(json.rows.every((r) => r.foresight === 'causal')).toBe(true);
    expect(json.cheapest[0].foresight).toBe('causal');
    expect(json.cheapest[0].causal.foresight).toBe('causal');
    expect(stdout).not.toContain('(bound)');
  }, 120_000);

  it('says the controllers know a year drawn before each draw only when a strategy reads one', async () => {
    const file = sweepFile(`name: no-memory
hub: ${HUB}
draws: { count: 1, seed: 3 }
grid:
  battery: { energyKwh: [0], powerKw: [1] }
  strategies: [{ kind: baseline }, { kind: congestion }, { kind: optimal }]
`);
    const r = await runCli('sweep', file, '--workers', '1');
    expect(r.code, r.stderr).toBe(0);
    expect(unwrapped(r.stdout)).not.toContain('a year drawn before it');
  }, 60_000);

  it('mpc on a draw plans from the draw\'s own history and the year drawn before it: as an independent run on the drawn year with the same hour yesterday', async () => {
    const file = sweepFile(`name: mpc-one
hub: ${HUB}
draws: { count: 1, seed: 5 }
grid:
  strategies: [{ kind: mpc, forecast: yesterday, guard: false }, { kind: baseline }]
`);
    const r = await runCli('sweep', file, '--workers', '1', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { rows: { strategy: string; stats: Record<string, Record<string, number>> }[] };
    // Independent path: the drawn year built day by day from the real years, the battery as built,
    // and the naive forecast made from that drawn year with the last 14 UTC days of the year drawn
    // before it in front (src/strategies/day-forecasts.ts), whose misses the margin starts from.
    const spec = StrategySpec.parse({ kind: 'mpc', forecast: 'yesterday', guard: false });
    const hub = drawnHub(5, 0);
    const before = lastDaysMeasured(drawnHubBefore(5, 0), MPC_MEMORY_DAYS, null);
    setDayForecast(hub, 'yesterday', naiveDayForecast(hub, 'yesterday', before));
    setMeasuredBefore(hub, before.netKw);
    const mpc = simulate(hub, createPlanner(spec, hub), { record: false });
    const baseline = simulate(hub, createPlanner({ kind: 'baseline' }, hub), { record: false });
    const [m, b] = json.rows;
    expect(m.strategy).toBe('mpc');
    expect(m.stats.peakImportKw.mean).toBeCloseTo(mpc.balance.peakImportKw, 6);
    expect(m.stats.importEnergyKwh.mean).toBeCloseTo(mpc.balance.importKwh, 3);
    expect(b.stats.peakImportKw.mean).toBeCloseTo(baseline.balance.peakImportKw, 6);
    // The battery moves energy in the mpc run (else the comparison above says little).
    expect(mpc.balance.importKwh).not.toBeCloseTo(baseline.balance.importKwh, 0);
    // Starting without the year before, the same draw ends elsewhere: the test sees the memory.
    const alone = drawnHub(5, 0);
    setDayForecast(alone, 'yesterday', naiveDayForecast(alone, 'yesterday'));
    expect(simulate(alone, createPlanner(spec, alone), { record: false }).balance.peakImportKw).not.toBeCloseTo(mpc.balance.peakImportKw, 0);
  }, 60_000);

  it('a peak shaver on a draw knows a drawn year before: online it remembers the last 28 days, design-year it is sized on the whole year; as independent runs', async () => {
    const seed = 5;
    const file = sweepFile(`name: days-before
hub: ${HUB}
draws: { count: 1, seed: ${seed} }
grid:
  battery: { energyKwh: [2000], powerKw: [1000] }
  strategies: [{ kind: peak-shaving }, { kind: peak-shaving, thresholdFrom: design-year, name: design }]
`);
    const r = await runCli('sweep', file, '--workers', '1', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { rows: { strategy: string; stats: Record<string, Record<string, number>> }[] };
    // Independent path: the drawn year as drawnHub builds it, with the configuration's battery (the
    // file's limits at 2,000 kWh and 1,000 kW), and the year before (2022) drawn the same way as stream
    // 1 of the same seed and index, its columns copied day by day from the hub's 2019 and 2023.
    const loaded = loadHub(HUB);
    const drawn = drawnHub(seed, 0);
    const own = loaded.hub.battery!;
    const e = 2000;
    const battery = { ...drawn.battery, capacityKwh: e, socMinKwh: own.socMin * e, socMaxKwh: own.socMax * e, socInitialKwh: own.socInitial * e, chargeKw: 1000, dischargeKw: 1000 };
    const hub = variantOf(drawn, { battery });
    const previous = drawnHubBefore(seed, 0);
    const spec = StrategySpec.parse({ kind: 'peak-shaving' }) as Extract<StrategySpec, { kind: 'peak-shaving' }>;
    // Hub objects of their own: preparePreviousYear keeps the year before per hub object, and `hub` runs without one.
    const remembering = variantOf(hub, {});
    preparePreviousYear(spec, remembering, previous);
    const run = simulate(remembering, createPlanner(spec, remembering), { record: false });
    const onlineRow = json.rows.find((x) => x.strategy === 'peak-shaving')!;
    expect(onlineRow.stats.peakImportKw.mean).toBeCloseTo(run.balance.peakImportKw, 6);
    expect(onlineRow.stats.importEnergyKwh.mean).toBeCloseTo(run.balance.importKwh, 3);
    // Learning its first week instead, this draw's peak stays in those days: the test sees the memory.
    const learning = simulate(hub, createPlanner(spec, hub), { record: false });
    expect(learning.balance.peakImportKw).toBeGreaterThan(run.balance.peakImportKw + 100);
    // The design-year threshold sized on the whole year before (as a rollout sizes it on the terrain's previous year).
    const design = StrategySpec.parse({ kind: 'peak-shaving', thresholdFrom: 'design-year' }) as Extract<StrategySpec, { kind: 'peak-shaving' }>;
    const sized = variantOf(hub, {});
    preparePreviousYear(design, sized, previous);
    const designRun = simulate(sized, createPlanner(design, sized), { record: false });
    const designRow = json.rows.find((x) => x.strategy === 'design')!;
    expect(designRow.stats.peakImportKw.mean).toBeCloseTo(designRun.balance.peakImportKw, 6);
    expect(designRow.stats.importEnergyKwh.mean).toBeCloseTo(designRun.balance.importKwh, 3);
    expect(designRun.balance.peakImportKw).not.toBeCloseTo(run.balance.peakImportKw, 0);
  }, 60_000);

  it('labels optimal, lp and peak shaving in hindsight as bounds, and shows the cheapest causal configuration under a bound', async () => {
    const file = sweepFile(`name: bounds
hub: ${HUB}
draws: { count: 2, seed: 3 }
grid:
  importCapKw: [2800]
  strategies: [{ kind: optimal }, { kind: lp }, { kind: peak-shaving, name: hindsight, thresholdFrom: hindsight }, { kind: peak-shaving }, { kind: baseline }]
`);
    const dir = mkdtempSync(join(tmpdir(), 'hubsim-sweep-bounds-'));
    const r = await runCli('sweep', file, '--workers', '2', '--out', dir);
    expect(r.code, r.stderr).toBe(0);
    const rows = csvRows(readFileSync(join(dir, 'sweep.csv'), 'utf8'));
    expect(rows.map((x) => [x.strategy, x.foresight])).toEqual([
      ['optimal', 'perfect'],
      ['lp', 'perfect'],
      ['hindsight', 'perfect'],
      ['peak-shaving', 'causal'],
      ['baseline', 'causal'],
    ]);
    const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { cheapest: { configuration: number; foresight: string; causal: { configuration: number; foresight: string; meetsTarget: boolean } }[] };
    const c = json.cheapest[0];
    // The cheapest pick and its causal counterpart, as sweep.csv marks them.
    expect(rows.findIndex((x) => x.cheapest === 'true')).toBe(c.configuration);
    expect(c.causal.foresight).toBe('causal');
    expect(rows.findIndex((x) => x.cheapestCausal === 'true')).toBe(c.causal.meetsTarget ? c.causal.configuration : -1);
    // Every configuration has the battery as built and the same cap, so the same capex: the cheapest is
    // the lowest tariff, which a bound that plans the year (lp on the tariff itself) reaches.
    expect(c.foresight).toBe('perfect');
    const shown = r.stdout.split('\n').filter((l) => l.startsWith('business-park'));
    expect(shown).toHaveLength(2);
    expect(shown[0]).toContain(`${rows[c.configuration].strategy} (bound)`);
    expect(shown[1]).toContain(`  ${rows[c.causal.configuration].strategy}  `);
    expect(shown[1]).not.toContain('(bound)');
    expect(r.stdout).toContain(BOUND_NOTE);
  }, 120_000);

  it('picks the cheapest causal configuration beside a cheaper bound (hand-made outcomes), and prints both', () => {
    const loaded = loadSweep(sweepFile(`name: t\nhub: ${HUB}\ndraws: { count: 2 }\neconomics: { batteryEurPerKwh: 100, batteryEurPerKw: 0, lifetimeYears: 10, discountRate: 0 }\ngrid: { strategies: [{ kind: baseline }] }\n`));
    const config = (index: number, e: number, kind: 'optimal' | 'peak-shaving' | 'baseline'): Configuration => {
      const strategy = StrategySpec.parse({ kind });
      return { index, batteryEnergyKwh: e, batteryPowerKw: e / 2, pvKwp: null, importCapKw: 1000, strategy, strategyName: kind, foresight: foresight(strategy) };
    };
    // Cheapest first: the baseline without a battery misses, optimal meets with 100 kWh, peak shaving needs 200 kWh.
    const configs = [config(0, 0, 'baseline'), config(1, 100, 'optimal'), config(2, 100, 'peak-shaving'), config(3, 200, 'peak-shaving')];
    const peaks = [1200, 950, 1020, 980];
    const values = new Float64Array(2 * 4 * K);
    for (let d = 0; d < 2; d++) peaks.forEach((p, c) => (values[(d * 4 + c) * K] = p));
    const result = aggregateSweep(loaded, [{ id: 'a', configurations: configs, fileImportCapKw: 1000, asBuiltKwp: 0, tariffs: defaultTariffs(loaded, configs.length) }], [values]);
    expect(result.cheapest[0].row?.configuration.index).toBe(1);
    expect(result.cheapest[0].causal?.row?.configuration.index).toBe(3);
    const rows = csvRows(sweepCsv(result));
    expect(rows.map((r) => [r.foresight, r.cheapest, r.cheapestCausal])).toEqual([
      ['causal', 'false', 'false'],
      ['perfect', 'true', 'false'],
      ['causal', 'false', 'false'],
      ['causal', 'false', 'true'],
    ]);
    const table = sweepSummary(result).split('\n');
    const lines = table.filter((l) => l.startsWith('a '));
    expect(lines).toHaveLength(2);
    const [printed] = printedTables(sweepSummary(result));
    const meets = printed.headers.findIndex((h) => h.endsWith('meets'));
    expect(printed.rows.map((r) => [r[1], r[meets]])).toEqual([
      ['optimal (bound)', 'yes'],
      ['peak-shaving', 'yes'],
    ]);
    expect(sweepSummary(result)).toContain(BOUND_NOTE);
    expect(unwrapped(sweepSummary(result))).toContain('On 1 terrain(s) the cheapest is a perfect-foresight bound; the line under it is the cheapest causal configuration (1 of 1 meet the target).');
    const json = sweepJson(result) as { cheapest: { foresight: string; configuration: number; causal: { foresight: string; configuration: number } }[] };
    expect(json.cheapest[0]).toMatchObject({ foresight: 'perfect', configuration: 1, causal: { foresight: 'causal', configuration: 3 } });
    // Without bounds in the grid: one line per terrain and no footnote.
    const causalOnly = aggregateSweep(loaded, [{ id: 'a', configurations: [configs[0], configs[2], configs[3]].map((c, index) => ({ ...c, index })), fileImportCapKw: 1000, asBuiltKwp: 0, tariffs: defaultTariffs(loaded, 3) }], [
      Float64Array.from({ length: 2 * 3 * K }, (_, i) => (i % K === 0 ? [1200, 1020, 980][Math.floor(i / K) % 3] : 0)),
    ]);
    const plain = sweepSummary(causalOnly);
    expect(plain.split('\n').filter((l) => l.startsWith('a '))).toHaveLength(1);
    expect(plain).not.toContain('(bound)');
    // None meets the target (every peak 100 kW higher): the closest is the bound, and the summary says
    // so instead of calling it the cheapest.
    const missed = aggregateSweep(loaded, [{ id: 'a', configurations: configs, fileImportCapKw: 1000, asBuiltKwp: 0, tariffs: defaultTariffs(loaded, configs.length) }], [values.map((v, i) => (i % K === 0 ? v + 100 : v))]);
    expect(missed.cheapest[0].row).toBeNull();
    expect(missed.cheapest[0].closest.configuration.index).toBe(1);
    const missedText = unwrapped(sweepSummary(missed));
    // A P90 over 2 draws rests on one weather year: a note under the table says so.
    expect(missedText).toContain('P90 over 2 draw(s): interpolated between the most extreme weather years drawn');
    expect(missedText).toContain('On 1 terrain(s) no configuration meets the target and the closest is a perfect-foresight bound; the line under it is the closest causal configuration.');
    expect(missedText).not.toContain('the cheapest is a perfect-foresight bound');
  });

  it('splits work into batches independent of the workers, with stable distinct job ids', () => {
    const batches = sweepBatches([3, 10], 7, 20);
    // subject 0: 6 draws per batch (20 / 3); subject 1: 2 draws per batch.
    expect(batches.map((b) => `${b.subject}:${b.drawFrom}-${b.drawTo}`)).toEqual(['0:0-6', '0:6-7', '1:0-2', '1:2-4', '1:4-6', '1:6-7']);
    const ids = batches.map((b) => batchJobId('abc', 'build', sweepBatchKey(b)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(batchJobId('abc', 'build', sweepBatchKey(batches[0]))).toBe(ids[0]);
    expect(batchJobId('abd', 'build', sweepBatchKey(batches[0]))).not.toBe(ids[0]);
  });

  it('hashes the hub files a swept rollout names, so a queue worker with another hub file refuses the job', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubsim-sweep-hash-'));
    const hubText = readFileSync(new URL('../scenarios/examples/mixed-park.yaml', import.meta.url), 'utf8');
    writeFileSync(join(dir, 'park.yaml'), hubText);
    const rollout = readFileSync(new URL('./fixtures/rollout-small.yaml', import.meta.url), 'utf8').replace('hub: ../../scenarios/examples/mixed-park.yaml', 'hub: park.yaml');
    writeFileSync(join(dir, 'rollout.yaml'), rollout);
    const sweep = join(dir, 'sweep.yaml');
    writeFileSync(sweep, 'name: hashed\nrollout: rollout.yaml\ndraws: { count: 2, seed: 1 }\ngrid:\n  strategies: [{ kind: baseline }]\n');
    const before = loadSweep(sweep).hash;
    expect(loadSweep(sweep).hash).toBe(before);
    writeFileSync(join(dir, 'park.yaml'), hubText.replace('energyKwh: 3000', 'energyKwh: 3001'));
    expect(loadSweep(sweep).hash).not.toBe(before);
  });

  it('README.md holds the current sweep-file and sweep.csv references (npm run docs)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(replaceGenerated(readme, { 'sweep-file': sweepFileReference(), 'sweep-columns': sweepColumnsReference() })).toBe(readme);
  });

  it('loads the shipped sweep: every terrain of mra-20', () => {
    const loaded = loadSweep(SHIPPED);
    expect(loaded.subjects).toHaveLength(20);
    expect(loaded.sweep.draws.count).toBeGreaterThanOrEqual(50);
  });

  it('rejects bad sweep files with a stable code, exit 2 and nothing written', async () => {
    const cases: [string, string][] = [
      [`name: x\nhub: ${HUB}\nrollout: ${MRA}\ngrid: { strategies: [{ kind: baseline }] }\n`, 'sweep.contradiction'],
      [`name: x\nhub: ${HUB}\ngrid: { strategies: [{ kind: peak-shaving, designYear: 2019 }] }\n`, 'sweep.unsupportedStrategy'],
      [`name: x\nrollout: ${MRA}\nterrains: [nowhere]\ngrid: { strategies: [{ kind: baseline }] }\n`, 'sweep.unknownTerrain'],
      [`name: x\nhub: ${HUB}\ngrid: { strategies: [{ kind: baseline }], battery: { energyKwh: [1] } }\n`, 'sweep.contradiction'],
      [`name: x\nhub: ${HUB}\ndraws: { sourceYears: [2020] }\ngrid: { strategies: [{ kind: baseline }] }\n`, 'sweep.unknownWeatherYear'],
      // the model must be trained on a year the draws do not resample (both shipped years are, by default)
      [`name: x\nhub: ${HUB}\ngrid: { strategies: [{ kind: mpc, forecast: model }] }\n`, 'sweep.unsupportedStrategy'],
      [`name: x\nhub: ${HUB}\ngrid: { strategies: [{ kind: grid-aware }] }\n`, 'sweep.unsupportedStrategy'],
      [`name: x\nhub: ${HUB}\ngrid: { strategies: [{ kind: baseline }] }\nbogus: 1\n`, 'sweep.invalidField'],
    ];
    for (const [body, code] of cases) {
      const file = sweepFile(body);
      expectError(() => loadSweep(file), code, { file });
      const out = join(mkdtempSync(join(tmpdir(), 'hubsim-sweep-bad-')), 'out');
      const r = await runCli('sweep', file, '--out', out);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`[${code}]`);
      expect(existsSync(out)).toBe(false);
    }
    expectError(() => loadSweep(sweepFile(`name: x\nhub: ${HUB}\ngrid: { strategies: [{ kind: baseline }] }\nbogus: 1\n`)), 'sweep.invalidField', { line: 4, field: 'bogus' });
  });

  it('refuses atMost: importCap for a hub without an import cap, unless the grid tries caps or the bound is a number', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubsim-sweep-nocap-'));
    const hub = join(dir, 'park.yaml');
    writeFileSync(hub, readFileSync(HUB, 'utf8').replace('  importCapKw: 3000\n', ''));
    const body = (more: string): string => `name: x\nhub: ${hub}\ndraws: { count: 2 }\ngrid:\n  strategies: [{ kind: peak-shaving }]\n${more}`;
    // The default target is atMost: importCap; without a cap it would be met at any peak.
    const file = sweepFile(body(''));
    expectError(() => loadSweep(file), 'sweep.missingField', { file, field: 'target.atMost' });
    const written = sweepFile(body('target: { atMost: importCap }\n'));
    expectError(() => loadSweep(written), 'sweep.missingField', { file: written, line: 6, field: 'target.atMost' });
    expect(loadSweep(sweepFile(body('  importCapKw: [2800]\n'))).subjects).toHaveLength(1);
    expect(loadSweep(sweepFile(body('  importCapShareOfPeak: [0.9]\n'))).subjects).toHaveLength(1);
    expect(loadSweep(sweepFile(body('target: { atMost: 2800 }\n'))).subjects).toHaveLength(1);
  });

  it('says where each tariff rate came from: the sweep file, the hub file, the shipped table or the default', async () => {
    // Rates set in the sweep file (the audit found them labelled as the hub file's).
    const file = sweepFile(`name: rates\nhub: ${HUB}\ndraws: { count: 1, seed: 2 }\ngrid: { strategies: [{ kind: baseline }] }\neconomics: { tariff: { energyEurPerKwh: 0.02 }, contractEurPerKwYear: 30 }\n`);
    const r = await runCli('sweep', file, '--workers', '1', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { sweep: { economics: { kwmaxSource: string; contractSource: string } }; rows: { tariff: { source: string; contractEurPerKwYear: number } }[] };
    const kwmaxDefault = loadSweep(file).sweep.economics.kwmaxSource;
    expect(json.rows[0].tariff.contractEurPerKwYear).toBe(30);
    expect(json.rows[0].tariff.source).toBe(
      `contractEurPerKwYear from the sweep file's economics.contractEurPerKwYear; kwmaxEurPerKwMonth from ${kwmaxDefault}; energyEurPerKwh from the sweep file's economics.tariff; vastrechtEurPerYear not given (0)`,
    );
    expect(json.sweep.economics.contractSource).toBe("the sweep file's economics.contractEurPerKwYear");
    expect(json.sweep.economics.kwmaxSource).toBe(kwmaxDefault);
    // The shipped sweeps set kWmax at 3 EUR/kW/month themselves, without a source of their own.
    const shipped = loadSweep(SHIPPED);
    expect(sweepRateSources(shipped)).toEqual({ kwmaxSource: "the sweep file's economics.kwmaxEurPerKwMonth", contractSource: 'Assumption: not charged unless set' });
    const { block, origins } = sweepTariff(shipped.sweep.economics, undefined, (shipped.raw as { economics: unknown }).economics);
    expect(hubTariffRates(block, 1000, origins).source).toBe("contractEurPerKwYear from Assumption: not charged unless set; kwmaxEurPerKwMonth from the sweep file's economics.kwmaxEurPerKwMonth; vastrechtEurPerYear, energyEurPerKwh not given (0)");
    // A source the sweep file gives with its rate is that rate's source.
    const sourced = loadSweep(sweepFile(`name: s\nhub: ${HUB}\ngrid: { strategies: [{ kind: baseline }] }\neconomics: { kwmaxEurPerKwMonth: 4, kwmaxSource: Liander sheet 2025 }\n`));
    expect(sweepRateSources(sourced).kwmaxSource).toBe('Liander sheet 2025');
    // A hub file's block by operator and year: the table's sheet, the hub file's own explicit rate named as such.
    const dir = mkdtempSync(join(tmpdir(), 'hubsim-sweep-rates-'));
    const park = join(dir, 'park.yaml');
    writeFileSync(park, `${readFileSync(HUB, 'utf8')}tariff: { operator: liander, year: 2025, energyEurPerKwh: 0.03 }\n`);
    const fromHub = loadSweep(sweepFile(`name: h\nhub: ${park}\ngrid: { strategies: [{ kind: baseline }] }\n`));
    expect(sweepRateSources(fromHub).contractSource).toBe("the shipped tariff table (each row's tariff.source names the sheet)");
    const hubRates = sweepTariff(fromHub.sweep.economics, fromHub.subjects[0].loaded.hub.tariff, {});
    expect(hubRates.origins).toEqual({ energyEurPerKwh: "the hub file's tariff block" });
    expect(hubTariffRates(hubRates.block, 3000, hubRates.origins).source).toMatch(/Liander.*; energyEurPerKwh from the hub file's tariff block$/);
  });

  it('states every term of annualCostEur in the terminal head line, the report and the sweep file reference', async () => {
    const r = await runCli('sweep', sweepFile(`name: terms\nhub: ${HUB}\ndraws: { count: 1, seed: 2 }\ngrid: { strategies: [{ kind: baseline }] }\n`), '--workers', '1', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as unknown;
    const report = (await sweepReportHtml(parseSweepResults(json, 'results.json'))).replaceAll('&#39;', "'");
    const terminal = unwrapped(sweepSummary(await runSweep(sweepFile(`name: terms\nhub: ${HUB}\ndraws: { count: 1, seed: 2 }\ngrid: { strategies: [{ kind: baseline }] }\n`), { workers: 1 })));
    // The terms of the formula in aggregateSweep (README "Sweeps and weather draws").
    const terms = ['annuity', "tariff's fixed fee", 'contracted kW x the contract rate', 'kWmax cost', "imported kWh x the tariff's per-kWh rate", 'energy cost', 'lost load (shed, never recovered) x the value of lost load'];
    for (const text of [terminal, report, SweepEconomics.description ?? '']) for (const term of terms) expect(text, term).toContain(term);
    expect(report).toContain(ANNUAL_COST_TERMS);
  });

  it('fails fast with a stable code on a bad or unreachable --queue', async () => {
    const file = sweepFile(SMALL);
    const bad = await runCli('sweep', file, '--queue', 'http://127.0.0.1:6379');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('[cli.badQueue]');
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const down = await runCli('sweep', file, '--queue', 'redis://127.0.0.1:1');
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('[queue.unreachable]');
  });
});

describe('hubsim sweep with mpc on the trained forecaster', () => {
  // The draws resample 2023 only: the model is trained on 2019, out of sample.
  const MODEL = `name: mpc-model
hub: ${HUB}
draws: { count: 3, seed: 21, sourceYears: [2023] }
grid:
  battery: { energyKwh: [2000], powerKw: [1000] }
  pvKwp: [0, 3500]
  strategies: [{ kind: mpc, forecast: model, guard: false }, { kind: mpc, name: mpc-yesterday, forecast: yesterday, guard: false }]
`;
  let before: string | undefined;
  let cacheDir: string;
  beforeAll(() => {
    before = process.env.HUBSIM_CACHE_DIR;
    cacheDir = mkdtempSync(join(tmpdir(), 'hubsim-sweep-cache-'));
    process.env.HUBSIM_CACHE_DIR = cacheDir;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.HUBSIM_CACHE_DIR;
    else process.env.HUBSIM_CACHE_DIR = before;
  });

  it('trains one forecaster per PV size before the threads start, which they load from the cache: the same bytes with 1 and 2 threads', async () => {
    const file = sweepFile(MODEL);
    const dir = mkdtempSync(join(tmpdir(), 'hubsim-sweep-model-'));
    const one = await runCli('sweep', file, '--workers', '1', '--out', join(dir, 'w1'));
    expect(one.code, one.stderr).toBe(0);
    // 0 kWp and the 3500 kWp as built: two forecasters, each trained once.
    expect(readdirSync(join(cacheDir, 'forecast'))).toHaveLength(2);
    const two = await runCli('sweep', file, '--workers', '2', '--out', join(dir, 'w2'));
    expect(two.code, two.stderr).toBe(0);
    expect(readdirSync(join(cacheDir, 'forecast'))).toHaveLength(2);
    for (const f of ['sweep.csv', 'results.json']) expect(readFileSync(join(dir, 'w2', f), 'utf8')).toBe(readFileSync(join(dir, 'w1', f), 'utf8'));
    const rows = csvRows(readFileSync(join(dir, 'w1', 'sweep.csv'), 'utf8'));
    expect(rows.map((r) => [r.strategy, r.pvKwp, r.foresight])).toEqual([
      ['mpc', '0', 'causal'],
      ['mpc-yesterday', '0', 'causal'],
      ['mpc', '3500', 'causal'],
      ['mpc-yesterday', '3500', 'causal'],
    ]);
    // The model plans otherwise than the naive forecast: their tariffs differ.
    for (const i of [0, 2]) expect(rows[i].kwmaxCostEur_mean).not.toBe(rows[i + 1].kwmaxCostEur_mean);
    // provenance states the year the model's forecasters were trained on: 2019, the shipped year the draws (2023) do not resample.
    const assumptions = JSON.parse(readFileSync(join(dir, 'w1', 'results.json'), 'utf8')).provenance.assumptions as { name: string; value: unknown }[];
    expect(assumptions.filter((a) => a.name.endsWith('.trainYear'))).toEqual([expect.objectContaining({ name: 'grid.strategies[mpc].trainYear', value: 2019, unit: 'year' })]);
  }, 180_000);

  it('forecasts a draw causally: a change of the draw after day d leaves every forecast up to day d + 1 as it was', async () => {
    const loaded = loadSweep(sweepFile(MODEL));
    const ctx = new SweepContext(loaded);
    await ctx.prepareForecasts(0);
    const p = ctx.subject(0);
    const draw = ctx.draw(0);
    const drawn = ctx.drawnColumns(p, draw);
    const d = 100;
    for (const c of p.configurations) {
      const configured = configuredHub(ctx, p, drawn, c);
      const same = variantOf(configured, { demandKw: Float64Array.from(configured.demandKw), generationKw: Float64Array.from(configured.generationKw) });
      const demandKw = Float64Array.from(configured.demandKw, (x, t) => (t >= (d + 1) * 24 ? x * (0.5 + ((t * 7919) % 100) / 100) : x));
      const changed = variantOf(same, { demandKw });
      const kwp = c.pvKwp ?? p.asBuiltKwp;
      for (const kind of ['model', 'yesterday', 'last-week'] as const) {
        const a = ctx.drawForecasts(0, draw).get(kind, kwp, same);
        const b = ctx.drawForecasts(0, draw).get(kind, kwp, changed);
        for (let day = 0; day <= d + 1; day++) expect(b(day), `${kind}, ${kwp} kWp, day ${day}`).toEqual(a(day));
        // After it they differ: the test sees a change where there is one.
        expect(b(d + 9)).not.toEqual(a(d + 9));
      }
    }
    // The model normalised by the hub's own level over the whole year it forecasts would not be
    // causal; with its default (the normalisation it was trained with) it is.
    const { trainOrLoadForecaster } = await import('../src/forecast/forecaster.js');
    const { dailyNetLoad, normalisation, HISTORY_DAYS } = await import('../src/forecast/features.js');
    const ownYear = (h: ResolvedHub) => {
      const load = dailyNetLoad(h);
      return normalisation(load.netKw, Int32Array.from({ length: load.days - HISTORY_DAYS }, (_, k) => HISTORY_DAYS + k));
    };
    const configured = configuredHub(ctx, p, drawn, p.configurations[0]);
    const same = variantOf(configured, { demandKw: Float64Array.from(configured.demandKw), generationKw: Float64Array.from(configured.generationKw) });
    const changed = variantOf(same, { demandKw: same.demandKw.map((x, t) => (t >= (d + 1) * 24 ? 2 * x : x)) });
    const f = await trainOrLoadForecaster(variantOf(same, { name: 'any' }), { epochs: 1, cacheDir: null });
    expect(f.applyTo(changed, { norm: ownYear(changed) })(d)).not.toEqual(f.applyTo(same, { norm: ownYear(same) })(d));
    expect(f.applyTo(changed)(d)).toEqual(f.applyTo(same)(d));
  }, 120_000);
});

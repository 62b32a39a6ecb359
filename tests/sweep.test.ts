// hubsim sweep: configurations x weather draws on the local pool. The reference values are computed
// here by an independent path (resolve the hub per year, copy days with drawColumn, simulate) or by hand.
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulate.js';
import { loadHub } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import { createPlanner } from '../src/strategies/registry.js';
import { aggregateSweep, annuityFactor } from '../src/sweep/aggregate.js';
import { batchId, sweepBatches } from '../src/sweep/batches.js';
import type { Configuration } from '../src/sweep/configurations.js';
import { loadSweep } from '../src/sweep/load.js';
import { K } from '../src/sweep/outcome.js';
import { drawColumn } from '../src/weather/apply.js';
import { dayKeys } from '../src/weather/day-keys.js';
import { drawWeatherYear } from '../src/weather/draw.js';
import { sweepColumnsReference, sweepFileReference } from '../src/sweep/reference.js';
// @ts-expect-error plain JavaScript helper shared with scripts/docs.mjs
import { replaceGenerated } from '../scripts/docs-lib.mjs';
import { runCli } from './support/cli.js';
import { expectError } from './support/expect-error.js';

const HUB = fileURLToPath(new URL('../scenarios/examples/business-park.yaml', import.meta.url));
const MRA = fileURLToPath(new URL('../scenarios/mra-20.yaml', import.meta.url));
const SHIPPED = fileURLToPath(new URL('../scenarios/sweeps/mra-20-battery.yaml', import.meta.url));

function sweepFile(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hubsim-sweep-'));
  const path = join(dir, 'sweep.yaml');
  writeFileSync(path, body);
  return path;
}

const SMALL = `name: small
hub: ${HUB}
draws: { count: 6, seed: 7 }
batchHubYears: 5
grid:
  battery: { energyKwh: [0, 2000], powerKw: [1000] }
  strategies: [{ kind: peak-shaving }, { kind: baseline }]
`;

describe('hubsim sweep', () => {
  it('gives the same bytes with 1 and 2 worker threads, and prints the cheapest configuration per terrain', async () => {
    const file = sweepFile(SMALL);
    const dir = mkdtempSync(join(tmpdir(), 'hubsim-sweep-out-'));
    const one = await runCli('sweep', file, '--workers', '1', '--out', join(dir, 'w1'));
    const two = await runCli('sweep', file, '--workers', '2', '--out', join(dir, 'w2'));
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(one.stdout.replaceAll('/w1/', '/w2/')).toBe(two.stdout);
    expect(one.stdout).toContain('cheapest configuration per terrain with P90 peakImportKw <= the import cap');
    for (const f of ['sweep.csv', 'results.json']) expect(readFileSync(join(dir, 'w2', f), 'utf8')).toBe(readFileSync(join(dir, 'w1', f), 'utf8'));
    const csv = readFileSync(join(dir, 'w1', 'sweep.csv'), 'utf8').trim().split('\n');
    // 2 batteries (none, 2000 kWh) x 2 strategies = 4 rows, plus the header.
    expect(csv).toHaveLength(5);
    expect(csv[0].split(',')).toContain('peakImportKw_p90');
    expect(csv.filter((l) => l.endsWith(',true')).length).toBe(1);
  }, 60_000);

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
    const loaded = loadHub(HUB);
    const years = [2019, 2023].map((year) => resolveHub({ hub: { ...loaded.hub, axis: { ...loaded.hub.axis, year } }, source: loaded.source }));
    const draw = drawWeatherYear(dayKeys(2023), [dayKeys(2019), dayKeys(2023)], 99, 0, 'week');
    const col = (pick: (h: (typeof years)[number]) => Float64Array): Float64Array => drawColumn(draw, years.map(pick), 24, new Float64Array(8760));
    const demandKw = col((h) => h.demandKw);
    const pvKw = col((h) => h.pvKw);
    const windKw = col((h) => h.windKw);
    const generationKw = demandKw.map((_, t) => pvKw[t] + windKw[t]);
    const hub = { ...years[1], demandKw, pvKw, windKw, generationKw, battery: { ...years[1].battery, capacityKwh: 0, socMinKwh: 0, socMaxKwh: 0, socInitialKwh: 0, chargeKw: 0, dischargeKw: 0 }, flexible: years[1].flexible.map((f, i) => ({ ...f, availableKw: col((h) => h.flexible[i].availableKw) })) };
    const run = simulate(hub, createPlanner({ kind: 'baseline' }, hub), { record: false });
    const st = json.rows[0].stats;
    expect(st.peakImportKw.p90).toBeCloseTo(run.balance.peakImportKw, 6);
    expect(st.peakImportKw.mean).toBeCloseTo(run.balance.peakImportKw, 6);
    expect(st.importEnergyKwh.p50).toBeCloseTo(run.balance.importKwh, 3);
    expect(st.energyCurtailedKwh.mean).toBe(0);
  }, 60_000);

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
    const result = aggregateSweep(loaded, [{ id: 'a', configurations: configs, fileImportCapKw: 1000, asBuiltKwp: 0 }], [values]);
    // P90 of two draws, linear between the sorted values (lo + 0.9 (hi - lo)): 1190, 1008, 945; capex
    // 0, 100 x 100, 200 x 100 EUR, annualised over 10 years at 0%: 0, 1000, 2000 EUR/yr.
    expect(result.rows.map((r) => r.targetValue)).toEqual([1190, 1008, 945]);
    expect(result.rows.map((r) => r.annualCostEur)).toEqual([0, 1000, 2000]);
    expect(result.cheapest[0].row?.configuration.index).toBe(2);
    const none = aggregateSweep(loaded, [{ id: 'a', configurations: configs, fileImportCapKw: 1000, asBuiltKwp: 0 }], [values.map((v, i) => (i % K === 0 ? v + 100 : v))]);
    expect(none.cheapest[0].row).toBeNull();
    expect(none.cheapest[0].closest.configuration.index).toBe(2);
    expect(annuityFactor(0.04, 15)).toBeCloseTo(0.0899411, 6); // 0.04 / (1 - 1.04^-15), by hand
  });

  it('splits work into batches independent of the workers, with stable distinct job ids', () => {
    const batches = sweepBatches([3, 10], 7, 20);
    // subject 0: 6 draws per batch (20 / 3); subject 1: 2 draws per batch.
    expect(batches.map((b) => `${b.subject}:${b.drawFrom}-${b.drawTo}`)).toEqual(['0:0-6', '0:6-7', '1:0-2', '1:2-4', '1:4-6', '1:6-7']);
    const ids = batches.map((b) => batchId('abc', b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(batchId('abc', batches[0])).toBe(ids[0]);
    expect(batchId('abd', batches[0])).not.toBe(ids[0]);
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
      [`name: x\nhub: ${HUB}\ngrid: { strategies: [{ kind: peak-shaving, thresholdFrom: design-year }] }\n`, 'sweep.unsupportedStrategy'],
      [`name: x\nhub: ${HUB}\ngrid: { strategies: [{ kind: peak-shaving, designYear: 2019 }] }\n`, 'sweep.unsupportedStrategy'],
      [`name: x\nrollout: ${MRA}\nterrains: [nowhere]\ngrid: { strategies: [{ kind: baseline }] }\n`, 'sweep.unknownTerrain'],
      [`name: x\nhub: ${HUB}\ngrid: { strategies: [{ kind: baseline }], battery: { energyKwh: [1] } }\n`, 'sweep.contradiction'],
      [`name: x\nhub: ${HUB}\ndraws: { sourceYears: [2020] }\ngrid: { strategies: [{ kind: baseline }] }\n`, 'sweep.unknownWeatherYear'],
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

// hubsim sweep of a rollout's terrains with their substation: grid-aware (day-ahead and joint) and the
// substation's peak, substationPeakKw. The reference values are computed here by an independent path:
// the terrains resolved per source year and grown by hand, the background scaled by hand, every column
// drawn day by day with drawColumn, and the single-battery minimum peak solved as a linear program by
// HiGHS (tests/support/lp-min-peak.ts, which shares no code with the engine).
import { printedTables } from './support/text-table.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveHub, profileColumn } from '../src/model/resolve.js';
import type { BatteryParams } from '../src/model/resolved.js';
import { loadRollout } from '../src/rollout/load.js';
import { loadSweep } from '../src/sweep/load.js';
import { yearAxis } from '../src/time/axis.js';
import { drawColumn } from '../src/weather/apply.js';
import { dayKeys } from '../src/weather/day-keys.js';
import { drawWeatherYear } from '../src/weather/draw.js';
import { runCli } from './support/cli.js';
import { expectError } from './support/expect-error.js';
import { lpMinimumPeak } from './support/lp-min-peak.js';
import { sweepFile, sweepOnOneAndTwoThreads } from './support/sweep.js';

const ROLLOUT = fileURLToPath(new URL('./fixtures/rollout-small.yaml', import.meta.url));
const HUB = fileURLToPath(new URL('../scenarios/examples/business-park.yaml', import.meta.url));
const SHIPPED = fileURLToPath(new URL('../scenarios/sweeps/mra-20-grid-aware.yaml', import.meta.url));

interface JsonRow {
  terrain: string;
  strategy: string;
  foresight: string;
  batteryEnergyKwh: number;
  stats: Record<string, Record<string, number | null>>;
}

describe('hubsim sweep of a rollout with grid-aware hubs and the substation peak', () => {
  it('runs grid-aware day-ahead (causal) and joint (perfect): the same bytes with 1 and 2 worker threads', async () => {
    const file = sweepFile(`name: grid small
rollout: ${ROLLOUT}
terrains: [park-a, campus-b]
year: 2027
draws: { count: 3, seed: 5 }
batchHubYears: 4
grid:
  battery: { energyKwh: [0, 2000], powerKw: [800] }
  strategies: [{ kind: peak-shaving }, { kind: grid-aware }, { kind: grid-aware, plan: joint }]
`);
    const { stdout, dir, rows } = await sweepOnOneAndTwoThreads(file);
    expect(printedTables(stdout).some((t) => t.headers.some((h) => h.endsWith('P90 subst. peak kW')))).toBe(true);
    // 2 terrains x 2 batteries (none, 2000 kWh) x 3 strategies.
    expect(rows).toHaveLength(12);
    const foresightOf = Object.fromEntries(rows.map((r) => [r.strategy, r.foresight]));
    expect(foresightOf).toEqual({ 'peak-shaving': 'causal', 'grid-aware': 'causal', 'grid-aware-joint': 'perfect' });
    for (const r of rows) for (const s of ['mean', 'p10', 'p50', 'p90']) expect(Number(r[`substationPeakKw_${s}`])).toBeGreaterThan(0);
    // Without a battery every strategy leaves the substation as it is; park-a and campus-b share it
    // and the draws, so their substation peaks without a battery are the same.
    const none = rows.filter((r) => r.batteryEnergyKwh === '0').map((r) => r.substationPeakKw_p90);
    expect(new Set(none).size).toBe(1);
    const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { outcomeUnits: Record<string, string>; rows: JsonRow[] };
    expect(json.outcomeUnits.substationPeakKw).toBe('kW');
    expect(json.rows.find((r) => r.strategy === 'grid-aware-joint')!.foresight).toBe('perfect');
  }, 120_000);

  it('on one draw: joint equals the exact single-battery minimum of the drawn substation (HiGHS), below day-ahead and the reference', async () => {
    const year = 2027;
    const seed = 11;
    const file = sweepFile(`name: grid one draw
rollout: ${ROLLOUT}
terrains: [park-a]
year: ${year}
draws: { count: 1, seed: ${seed} }
grid:
  battery: { energyKwh: [2000], powerKw: [800] }
  strategies: [{ kind: baseline }, { kind: grid-aware }, { kind: grid-aware, plan: joint }]
`);
    const r = await runCli('sweep', file, '--workers', '1', '--json');
    expect(r.code, r.stderr).toBe(0);
    const rows = (JSON.parse(r.stdout) as { rows: JsonRow[] }).rows;
    const peakOf = (strategy: string): number => rows.find((x) => x.strategy === strategy)!.stats.substationPeakKw.p50!;

    // Independent path. Growth to 2027 by hand (tests/fixtures/rollout-small.yaml, base year 2026):
    // business 5% a year: 1.05; industry none: 1; datacenter 1.5 in 2027. Background north: 2% a year.
    const growth: Record<string, number> = { business: 1.05, industry: 1, datacenter: 1.5 };
    const loaded = loadRollout(ROLLOUT);
    const north = loaded.rollout.substations.findIndex((s) => s.id === 'north');
    const terrain = (id: string): number => loaded.rollout.terrains.findIndex((t) => t.id === id);
    /** A terrain's net load in a real year: members' demand x their kind's growth - PV - wind (kW). */
    const netLoad = (i: number, y: number): Float64Array => {
      const { hub, source } = loaded.hubs[i];
      const h = resolveHub({ hub: { ...hub, axis: { ...hub.axis, year: y } }, source });
      const net = new Float64Array(h.axis.steps);
      for (const m of h.members) for (let t = 0; t < net.length; t++) net[t] += m.demandKw[t] * growth[m.kind];
      for (let t = 0; t < net.length; t++) net[t] -= h.pvKw[t] + h.windKw[t];
      return net;
    };
    const sourceYears = [2019, 2023];
    const others = sourceYears.map((y) => {
      const bg = profileColumn(loaded.rollout.substations[north].backgroundLoad, yearAxis(y, 60), loaded.source, ['substations', north, 'backgroundLoad']);
      const campus = netLoad(terrain('campus-b'), y);
      return bg.map((x, t) => x * 1.02 + campus[t]);
    });
    const park = sourceYears.map((y) => netLoad(terrain('park-a'), y));
    const draw = drawWeatherYear(dayKeys(2023), sourceYears.map(dayKeys), seed, 0, 'week');
    const otherKw = drawColumn(draw, others, 24, new Float64Array(8760));
    const parkKw = drawColumn(draw, park, 24, new Float64Array(8760));
    const substationKw = otherKw.map((x, t) => x + parkKw[t]);
    const referenceKw = substationKw.reduce((m, x) => Math.max(m, x), Number.NEGATIVE_INFINITY);
    // Park A's battery of the configuration, with the hub-file defaults (efficiencies 0.95, state of charge 5-95%, starting at 50%).
    const battery: BatteryParams = { capacityKwh: 2000, socMinKwh: 100, socMaxKwh: 1900, socInitialKwh: 1000, chargeKw: 800, dischargeKw: 800, chargeEfficiency: 0.95, dischargeEfficiency: 0.95, selfDischargePerHour: 0 };
    const lp = await lpMinimumPeak(substationKw, battery, 1);
    expect(lp.status).toBe('optimal');

    expect(Math.abs(peakOf('baseline') - referenceKw) / referenceKw).toBeLessThan(1e-9);
    const joint = peakOf('grid-aware-joint');
    expect(Math.abs(joint - lp.peakKw) / lp.peakKw).toBeLessThan(1e-6);
    expect(joint).toBeLessThanOrEqual(peakOf('grid-aware') + 1e-6);
    expect(joint).toBeLessThan(referenceKw);
    expect(rows.find((x) => x.strategy === 'grid-aware-joint')!.foresight).toBe('perfect');
    expect(rows.find((x) => x.strategy === 'grid-aware')!.foresight).toBe('causal');
  }, 180_000);

  it('refuses grid-aware and a substationPeakKw target in a sweep of a hub file: exit 2, one line with a stable code', async () => {
    const cases: [string, string, string][] = [
      [`name: x\nhub: ${HUB}\ngrid: { strategies: [{ kind: grid-aware }] }\n`, 'sweep.unsupportedStrategy', 'grid.strategies[0].kind'],
      [`name: x\nhub: ${HUB}\ngrid: { strategies: [{ kind: baseline }] }\ntarget: { metric: substationPeakKw, atMost: 1000 }\n`, 'sweep.contradiction', 'target.metric'],
    ];
    for (const [body, code, field] of cases) {
      const file = sweepFile(body);
      expectError(() => loadSweep(file), code, { file, field });
      const r = await runCli('sweep', file);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`[${code}]`);
      expect(r.stderr).toContain('describes no substation');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('loads the shipped grid-aware sweep: the terrains of one mra-20 substation, with their substation', () => {
    const loaded = loadSweep(SHIPPED);
    expect(loaded.subjects.length).toBeGreaterThan(1);
    for (const s of loaded.subjects) expect(s.substation?.others.length).toBe(loaded.subjects.length - 1);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulate.js';
import { Setpoints } from '../src/engine/setpoints.js';
import { NO_BATTERY, type ResolvedHub } from '../src/model/resolved.js';
import { LpStrategy, type StrategySpec } from '../src/model/strategy.js';
import { createPlanner, prepareStrategies } from '../src/strategies/registry.js';
import { Lp } from '../src/strategies/lp.js';
import { testHub } from './support/build-hub.js';
import { randomHub } from './support/random-hub.js';

/** The pure-peak objective: only the highest import counts, over the whole axis. */
const PURE_PEAK = LpStrategy.parse({
  kind: 'lp',
  name: 'lp-peak',
  peakImportEurPerKw: 1,
  kwmaxEurPerKwMonth: 0,
  energyPrices: false,
  wearEurPerKwh: 0,
  capViolationEurPerKwh: 0,
  window: 'horizon',
});

beforeAll(async () => {
  await prepareStrategies([PURE_PEAK]);
}, 60_000);

/** A hub of one member whose demand is the net load `net` (kW, hourly from 5 June 2023) with a lossless battery. */
function netHub(net: number[], battery: Partial<typeof NO_BATTERY>): ResolvedHub {
  return testHub({ startMs: Date.UTC(2023, 5, 5), members: [{ id: 'm', demand: net }], battery: { ...NO_BATTERY, chargeEfficiency: 1, dischargeEfficiency: 1, ...battery } });
}

describe('lp strategy (HiGHS)', () => {
  it('with the pure-peak objective equals optimal to 1e-6 relative on random hubs', () => {
    let compared = 0;
    for (let seed = 1; compared < 25 && seed < 200; seed++) {
      const hub = randomHub(seed);
      // The LP keeps socMin in every step; optimal lets self-discharge alone go below it (battery.ts).
      // They are the same problem without self-discharge or with socMin 0.
      if (hub.battery.capacityKwh === 0 || (hub.battery.selfDischargePerHour > 0 && hub.battery.socMinKwh > 0)) continue;
      const lp = simulate(hub, createPlanner(PURE_PEAK, hub));
      const opt = simulate(hub, createPlanner({ kind: 'optimal', guard: false }, hub));
      const a = lp.balance.peakImportKw;
      const b = opt.balance.peakImportKw;
      expect(Math.abs(a - b), `seed ${seed}: lp ${a} optimal ${b}`).toBeLessThanOrEqual(1e-6 * Math.max(1, b));
      expect(lp.diagnostics?.solverStatus).toBe('optimal');
      compared++;
    }
    expect(compared).toBe(25);
  }, 120_000);

  it('billing-month memory: a peak already set this month costs nothing to reach again (hand example)', () => {
    // By hand: one month, battery 100 kWh / 100 kW, efficiencies 1, starting at 50 kWh; objective
    // kWmax only. First window: net 100, 100, 100, 100 kW -> the month's peak so far is 100 kW. Second
    // window: net 50, 150, 50, 50 kW. Knowing the month already peaked at 100 kW, reaching 100 kW again
    // costs nothing, so the plan only shaves 150 -> 100 (discharge 50 kW in the second step). A planner
    // without that memory flattens the window to its mean, (50 + 150 + 50 + 50) / 4 = 75 kW, which the
    // battery allows (it must end at least as full as it started: charge 25 + 25 + 25, discharge 75).
    const net = [100, 100, 100, 100, 50, 150, 50, 50];
    const hub = netHub(net, { capacityKwh: 100, socMaxKwh: 100, socInitialKwh: 50, chargeKw: 100, dischargeKw: 100 });
    const spec = LpStrategy.parse({ kind: 'lp', kwmaxEurPerKwMonth: 1, energyPrices: false, wearEurPerKwh: 1e-6, window: 'horizon' });
    const view = (from: number, to: number, socKwh: number) => ({ hub, from, to, socKwh, lastPeakImportKw: 0, demandKw: hub.demandKw, generationKw: hub.generationKw });

    const withMemory = new Lp('lp', spec, hub, null);
    const out = new Setpoints(net.length);
    withMemory.plan(view(0, 4, 50), out);
    withMemory.plan(view(4, 8, 50), out);
    const gridWith = net.map((x, t) => x + out.batteryKw[t]);
    expect(Math.max(...gridWith.slice(4))).toBeCloseTo(100, 6);
    expect(out.batteryKw[5]).toBeCloseTo(-50, 6);

    const fresh = new Lp('lp', spec, hub, null);
    const out2 = new Setpoints(net.length);
    fresh.plan(view(4, 8, 50), out2);
    const gridWithout = net.map((x, t) => x + out2.batteryKw[t]).slice(4);
    expect(Math.max(...gridWithout)).toBeCloseTo(75, 6);
  });

  it('day-ahead prices move energy: it charges in cheap hours and discharges in dear ones when that pays', () => {
    // By hand: two steps at 100 kW, prices 0 and 100 EUR/MWh, battery 100 kWh / 100 kW full round
    // trip efficiency 1 starting at 0 with no end requirement beyond >= 0: charging 100 kW in step 1
    // costs 0, discharging 100 kW in step 2 saves 100 kWh x 0.1 EUR/kWh = EUR 10 > wear 200 kWh x 0.01.
    const hub = netHub([100, 100], { capacityKwh: 100, socMaxKwh: 100, socInitialKwh: 0, chargeKw: 100, dischargeKw: 100 });
    const spec = LpStrategy.parse({ kind: 'lp', kwmaxEurPerKwMonth: 0, energyPrices: true, wearEurPerKwh: 0.01, window: 'horizon' });
    const planner = new Lp('lp', spec, hub, Float64Array.from([0, 100]));
    const out = new Setpoints(2);
    planner.plan({ hub, from: 0, to: 2, socKwh: 0, lastPeakImportKw: 0, demandKw: hub.demandKw, generationKw: hub.generationKw }, out);
    expect(out.batteryKw[0]).toBeCloseTo(100, 6);
    expect(out.batteryKw[1]).toBeCloseTo(-100, 6);
  });

  it('reports its solver status in run results (deterministic fields only)', async () => {
    const { runHub } = await import('../src/jobs/hub-job.js');
    const { hubResultJson } = await import('../src/report/json.js');
    const hub = randomHub(3);
    const specs: StrategySpec[] = [PURE_PEAK];
    const result = runHub(hub, specs);
    const json = hubResultJson(result) as { strategies: Record<string, { diagnostics?: Record<string, unknown> }> };
    expect(json.strategies['lp-peak'].diagnostics).toEqual({ solverStatus: 'optimal', solves: 1 });
    const timed = hubResultJson(result, { timings: true }) as typeof json;
    expect(timed.strategies['lp-peak'].diagnostics?.solveTimeS).toBeGreaterThan(0);
    // The time is rounded like every figure (12 significant digits): a sum of float seconds as a run gave it.
    const noisy = { ...result, results: result.results.map((r) => ({ ...r, run: { ...r.run, diagnostics: { ...r.run.diagnostics, solveTimeS: 0.6250450670000001 } } })) };
    expect((hubResultJson(noisy, { timings: true }) as typeof json).strategies['lp-peak'].diagnostics?.solveTimeS).toBe(0.625045067);
    const { RunResultsJson } = await import('../src/report/results-schema.js');
    expect(RunResultsJson.safeParse(JSON.parse(JSON.stringify(json))).success).toBe(true);
  });
});

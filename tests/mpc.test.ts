import { describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulate.js';
import { NO_BATTERY, type ResolvedHub } from '../src/model/resolved.js';
import { MpcStrategy } from '../src/model/strategy.js';
import { createPlanner, prepareStrategies } from '../src/strategies/registry.js';
import { localDayIndex, localDayStarts, makeAxis } from '../src/time/axis.js';

/**
 * Ten identical days: 200 kW from 00:00 to 12:00 UTC, 100 kW from 12:00 to 24:00. Starting on
 * 30 April (UTC), day 0 lies in April local time except its last two hours (100 kW), so May's
 * billing month starts with a peak of 100 kW; starting on 1 May, day 0 sets May's peak at 200 kW.
 */
function periodicHub(startDay = 30, startMonth = 3): ResolvedHub {
  const day = [...Array(12).fill(200), ...Array(12).fill(100)] as number[];
  const net = Array.from({ length: 10 }, () => day).flat();
  const axis = makeAxis(Date.UTC(2023, startMonth, startDay), 60, net.length);
  const demandKw = Float64Array.from(net);
  return {
    name: 'periodic',
    axis,
    members: [{ id: 'm', kind: 'business', demandKw, ownConnectionKw: 200 }],
    demandKw,
    pvKw: new Float64Array(net.length),
    windKw: new Float64Array(net.length),
    generationKw: new Float64Array(net.length),
    importCapKw: new Float64Array(net.length).fill(Infinity),
    importCapLowestKw: Infinity,
    exportCapKw: new Float64Array(net.length).fill(Infinity),
    battery: { ...NO_BATTERY, capacityKwh: 600, socMaxKwh: 600, socInitialKwh: 300, chargeKw: 1000, dischargeKw: 1000, chargeEfficiency: 1, dischargeEfficiency: 1 },
    flexible: [],
    dayIndex: localDayIndex(axis),
    dayStarts: localDayStarts(localDayIndex(axis)),
    strategies: [],
  };
}

describe('mpc strategy', () => {
  it('with an exact forecast (identical days, same hour yesterday) reaches the day-ahead minimum peak computed by hand', async () => {
    // By hand: battery 600 kWh, starting at 300 kWh, 1000 kW, efficiencies 1. A day of 12 h at 200 kW
    // then 12 h at 100 kW, planned to end full. The first half of day 1 can only use the 300 kWh
    // stored: 12 (200 - P) <= 300, so P >= 175 kW; the second half then recharges 12 (P - 100) =
    // 900 kWh >= the 600 kWh to full. From day 2 on the day starts full and 150 kW would do, but
    // May's peak is 175 kW by then (day 1), and shaving below it buys nothing. So from day 1 on (day
    // 0 has no "yesterday" to forecast from, and the battery idles) the import never exceeds 175 kW
    // and every day ends full.
    const hub = periodicHub();
    const spec = MpcStrategy.parse({ kind: 'mpc', forecast: 'yesterday', guard: false });
    await prepareStrategies([spec], [hub]);
    const run = simulate(hub, createPlanner(spec, hub));
    const grid = Array.from(run.recorder.gridKw);
    expect(Math.max(...grid.slice(0, 24))).toBe(200); // day 0: no forecast, no action
    expect(Math.max(...grid.slice(24))).toBeCloseTo(175, 6);
    for (let d = 1; d < 10; d++) expect(run.recorder.socKwh[24 * d + 23]).toBeCloseTo(600, 6);
    expect(run.diagnostics?.plans).toBe(9);
  });

  it('carries the month peak forward: once the month has peaked, it does not shave below that peak', async () => {
    // Starting on 1 May, day 0 (no forecast, battery idle) sets May's peak at 200 kW. Shaving later
    // days to 175 kW would not lower May's kWmax, so the target stays at 200 kW and the battery only
    // recharges: the import still reaches 200 kW and never goes above it.
    const hub = periodicHub(1, 4);
    const spec = MpcStrategy.parse({ kind: 'mpc', forecast: 'yesterday', guard: false });
    await prepareStrategies([spec], [hub]);
    const run = simulate(hub, createPlanner(spec, hub));
    const later = Array.from(run.recorder.gridKw).slice(24);
    expect(Math.max(...later)).toBeCloseTo(200, 6);
    expect(Array.from(run.recorder.batteryKw).slice(24).every((p) => p >= 0)).toBe(true);
  });

  it('plans the days its own forecast cannot cover yet (last week needs 7 days) with same hour yesterday', async () => {
    // The case of the first test with same hour last week: days 1-6 have no last week, and are
    // planned with yesterday, so the import stays at 175 kW from day 1 on as there.
    const hub = periodicHub();
    const spec = MpcStrategy.parse({ kind: 'mpc', forecast: 'last-week', guard: false });
    await prepareStrategies([spec], [hub]);
    const run = simulate(hub, createPlanner(spec, hub));
    expect(Math.max(...Array.from(run.recorder.gridKw).slice(24))).toBeCloseTo(175, 6);
    expect(run.diagnostics?.plans).toBe(9);
  });

  it('is deterministic: the same run twice gives the same columns', async () => {
    const hub = periodicHub();
    const spec = MpcStrategy.parse({ kind: 'mpc', forecast: 'last-week', horizonHours: 48 });
    await prepareStrategies([spec], [hub]);
    const a = simulate(hub, createPlanner(spec, hub));
    const b = simulate(hub, createPlanner(spec, hub));
    expect(Array.from(a.recorder.gridKw)).toEqual(Array.from(b.recorder.gridKw));
  });
});

describe('hubsim run --regret', () => {
  it('prints perfect foresight, MPC with the model and with both naive forecasts side by side, and writes them to JSON', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { main } = await import('../src/cli/program.js');
    process.env.HUBSIM_CACHE_DIR = mkdtempSync(join(tmpdir(), 'hubsim-regret-'));
    let stdout = '';
    const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true } };
    const code = await main(['run', 'scenarios/examples/business-park.yaml', '--strategy', 'optimal,lp,mpc', '--regret', '--json'], io);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { strategies: Record<string, unknown>; regret: { strategy: string; peakImportKw: number; extraPeakKw: number; costEur: number }[] };
    expect(Object.keys(json.strategies)).toEqual(['optimal', 'lp', 'mpc+guard']);
    expect(json.regret.map((r) => r.strategy)).toEqual(['perfect-foresight', 'mpc-model', 'mpc-last-week', 'mpc-yesterday']);
    const pf = json.regret[0];
    expect(pf.extraPeakKw).toBe(0);
    // The optimal strategy of the main run and perfect foresight in the regret table are the same plan.
    const optimal = json.strategies.optimal as { metrics: { peakImportKw: number } };
    expect(pf.peakImportKw).toBeCloseTo(optimal.metrics.peakImportKw, 6);
    for (const r of json.regret) expect(r.costEur).toBeGreaterThan(0);
    delete process.env.HUBSIM_CACHE_DIR;
  }, 180_000);
});

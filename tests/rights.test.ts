// Dutch transport rights (issue 18, point 1; docs/contracts.md): TBTR (the renamed time blocks),
// TDTR restricted day-ahead from the grid operator's last-week forecast in call blocks, non-firm
// limited in real time; their tariff discounts and overrun penalties. Every hand-computed value comes
// from the arithmetic in the comment next to it, not from running the code.
import { describe, expect, it } from 'vitest';
import { caseFiles, lines } from './support/case-files.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simulate } from '../src/engine/simulate.js';
import { settleFlex } from '../src/economics/flex-revenue.js';
import { stepCalendar } from '../src/flex/blocks.js';
import { withCongestion } from '../src/flex/contract-caps.js';
import { FORECAST_LAG_DAYS, forecastCalls, lastWeekSignal, nonFirmLimits, tdtrRestrictions, type SignalBefore } from '../src/flex/rights.js';
import { localDayIndex, localDayStarts, makeAxis, yearAxis, type TimeAxis } from '../src/time/axis.js';
import { NonFirm, Tdtr } from '../src/model/contract.js';
import { loadHub } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import type { ResolvedHub } from '../src/model/resolved.js';
import { StrategySpec } from '../src/model/strategy.js';
import { createPlanner } from '../src/strategies/registry.js';
import { computeMetrics } from '../src/results/metrics.js';
import { dayAheadPrices } from '../src/profiles/prices.js';
import { testHub } from './support/build-hub.js';
import { runCli } from './support/cli.js';
import { expectError } from './support/expect-error.js';
import { rng } from './support/random.js';

const { dir: DIR, write: hubFile } = caseFiles('hubsim-rights-');
const load = (p: string): ResolvedHub => resolveHub(loadHub(p));

/**
 * A hand axis: 15 local days from Monday 2023-01-09 00:00 local (2023-01-08T23:00Z), hourly, 360
 * steps; winter, so every day has 24 hours and local hour = step mod 24.
 */
const HAND = lines(
  'name: rights',
  'axis:',
  '  start: "2023-01-08T23:00:00Z"',
  '  steps: 360',
  'members:',
  '  - { id: a, profile: 900 }',
  'connection: { importCapKw: 1000, exportCapKw: 500 }',
);

describe('TDTR: restrictions announced the day before from last week, in call blocks', () => {
  it('restricts the block of last week\'s congestion, misses congestion last week did not have, and announces at the start of the day before', () => {
    /*
     * Signal (kW): 200 on day 0 at hour 17 (step 17), 300 on day 2 hour 9 (step 57), 100 on day 7
     * hour 22 (step 190), 100 on day 9 hour 17 (step 233). callBlockHours 4: blocks [0,4), ...,
     * [16,20), [20,24). Forecast of day d = signal of day d - 7 at the same hour:
     *   day 7 hour 17 (step 185) <- step 17 (200)   -> block [16,20) of day 7: steps 184..187,
     *     an over-call (day 7 has no congestion at 17 h);
     *   day 7 hour 22 has congestion but day 0 hour 22 had none: a miss;
     *   day 9 hour 9 (step 225)  <- step 57 (300)   -> block [8,12) of day 9: steps 224..227;
     *   day 9 hour 17 (step 233): day 2 hour 17 had none: a miss (it would forecast day 16, off the axis);
     *   day 14 hour 22 <- step 190 (day 7)          -> block [20,24) of day 14: steps 356..359.
     * Budget floor(0.15 x 360) = 54 steps: 12 used, all fit.
     * Announced at the start of the day before: day 6 = step 144, day 8 = step 192, day 13 = step 312.
     */
    const signal = new Array(360).fill(0);
    signal[17] = 200;
    signal[57] = 300;
    signal[190] = 100;
    signal[233] = 100;
    const p = hubFile(HAND + lines('contract:', '  tdtr: { importCapKw: 600 }', 'flexMarket:', `  congestionKw: [${signal.join(', ')}]`));
    const hub = load(p);
    const tdtr = hub.contract!.tdtr!;
    const restricted = [...tdtr.restricted.keys()].filter((t) => tdtr.restricted[t] === 1);
    expect(restricted).toEqual([184, 185, 186, 187, 224, 225, 226, 227, 356, 357, 358, 359]);
    expect([184, 224, 356].map((t) => tdtr.announcedAtStep[t])).toEqual([144, 192, 312]);
    expect(hub.importCapKw[185]).toBe(600);
    expect(hub.importCapKw[233]).toBe(1000);
    // The export cap is untouched: the right limits import only.
    expect(hub.exportCapKw[185]).toBe(500);
  });

  it('over a year restricts in at most maxRestrictedShare of the steps of the import_cap_kw series, each announced before its day', async () => {
    /*
     * The flex-park example's congestion blocks (winter weekday late afternoons, 16-19 h local, in
     * January, February and December: about 64 weekdays x 3 h) with a TDTR of 2,500 kW restricted in
     * at most 2% of the 8,760 steps: floor(0.02 x 8760) = 175 steps, so the budget binds (4-hour
     * blocks: at most 43 of them).
     */
    const p = hubFile(
      lines(
        'name: tdtr year',
        'axis: { year: 2023, stepMinutes: 60 }',
        'members:',
        '  - { id: a, profile: { shape: nedu-e3b, annualKwh: 12000000 } }',
        'connection: { importCapKw: 3000 }',
        'battery: { energyKwh: 2000, powerKw: 800 }',
        'contract:',
        '  tdtr: { importCapKw: 2500, maxRestrictedShare: 0.02, callBlockHours: 4 }',
        'flexMarket:',
        '  congestionBlocks:',
        '    - { months: [1, 2, 12], days: weekday, fromHour: 16, toHour: 19, requestKw: 600 }',
        'strategies:',
        '  - { kind: peak-shaving, thresholdKw: 2400, guard: true }',
      ),
    );
    const out = path.join(DIR, 'tdtr-year-out');
    const r = await runCli('run', p, '--out', out, '--series');
    expect(r.code, r.stderr).toBe(0);
    const csv = fs.readFileSync(path.join(out, 'series-peak-shaving_guard.csv'), 'utf8').trim().split('\n');
    const header = csv[0].split(',');
    const cap = csv.slice(1).map((l) => Number(l.split(',')[header.indexOf('import_cap_kw')]));
    const restrictedSteps = cap.filter((c) => c < 3000).length;
    expect(restrictedSteps).toBeGreaterThan(0);
    expect(restrictedSteps).toBeLessThanOrEqual(0.02 * cap.length);
    expect(cap.every((c) => c === 3000 || c === 2500)).toBe(true);
    // The series' restrictions are the operator's, and each was announced before its local day began.
    const hub = load(p);
    const tdtr = hub.contract!.tdtr!;
    cap.forEach((c, t) => {
      expect(c === 2500, `step ${t}`).toBe(tdtr.restricted[t] === 1);
      if (tdtr.restricted[t] === 1) {
        const day = hub.dayIndex[t];
        expect(tdtr.announcedAtStep[t]).toBe(hub.dayStarts[day - 1]);
        expect(tdtr.announcedAtStep[t]).toBeLessThan(hub.dayStarts[day]);
      }
    });
    const metrics = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).strategies['peak-shaving+guard'].metrics;
    expect(metrics.tdtrHoursRestricted).toBe(restrictedSteps);
    // Discount: (3000 - 2500) kW x EUR 15/kW/yr x 8760 h / 8760 = EUR 7,500.
    expect(metrics.tdtrDiscountEur).toBeCloseTo(7500, 9);
  });

  it('is causal: changing the signal from day k on changes no restriction before day k + 7', () => {
    const hub = load(hubFile(HAND));
    const hour = stepCalendar(hub.axis).hour;
    const terms = Tdtr.parse({ importCapKw: 600, maxRestrictedShare: 1, callBlockHours: 3 });
    const draw = rng(18);
    for (let trial = 0; trial < 30; trial++) {
      const a = Float64Array.from({ length: 360 }, () => (draw() < 0.1 ? 100 * draw() : 0));
      const k = 1 + Math.floor(draw() * 13);
      const b = Float64Array.from(a);
      for (let t = hub.dayStarts[k]; t < 360; t++) b[t] = draw() < 0.5 ? 500 : 0;
      const ra = tdtrRestrictions(terms, lastWeekSignal(a, hub.dayStarts, hour), hub.dayStarts, hour).restricted;
      const rb = tdtrRestrictions(terms, lastWeekSignal(b, hub.dayStarts, hour), hub.dayStarts, hour).restricted;
      const until = Math.min(360, hub.dayStarts[Math.min(k + 7, 15)]);
      expect(Array.from(rb.subarray(0, until)), `trial ${trial}, k ${k}`).toEqual(Array.from(ra.subarray(0, until)));
    }
  });

  it('prices import above a restriction as an overrun, and only up to the firm cap', () => {
    /*
     * Steady 900 kW net load, no battery, baseline. Restricted steps (first test): 12 of them at a
     * 600 kW cap -> 12 x (min(900, 1000) - 600) kWh = 3,600 kWh x EUR 0.5 = EUR 1,800 penalty.
     * Discount: 400 kW x 15 x 360/8760 = 246.575... EUR. flexRevenueEur = 246.575... - 1,800.
     */
    const signal = new Array(360).fill(0);
    signal[17] = 200;
    signal[57] = 300;
    signal[190] = 100;
    signal[233] = 100;
    const hub = load(hubFile(HAND + lines('contract:', '  tdtr: { importCapKw: 600 }', 'flexMarket:', `  congestionKw: [${signal.join(', ')}]`)));
    const run = simulate(hub, createPlanner(StrategySpec.parse({ kind: 'baseline' }), hub));
    const s = settleFlex(hub, run.recorder, undefined);
    expect(s.contractPenaltyEur).toBeCloseTo(1800, 9);
    expect(s.tdtrDiscountEur).toBeCloseTo((400 * 15 * 360) / 8760, 9);
    expect(s.tdtrHoursRestricted).toBe(12);
    expect(s.tdtrDaysRestricted).toBe(3);
    expect(s.flexRevenueEur).toBeCloseTo((400 * 15 * 360) / 8760 - 1800, 9);
  });
});

describe('non-firm: limited in real time in congested steps, up to maxHoursPerYear', () => {
  it('limits each congested step on its side until the hours run out', () => {
    /*
     * n = 10 steps; import signal > 0 at steps 1, 2, 5; export signal > 0 at steps 2, 7.
     * Import cap only: limited at 1, 2, 5. maxHoursPerYear 2628 -> floor(2628 x 10 / 8760) = 3 steps.
     * With an export cap too: the congested steps in time order are 1, 2, 5, 7; the budget of 3 ends
     * after step 5, so step 7 is not limited.
     */
    const imp = Float64Array.from([0, 5, 5, 0, 0, 5, 0, 0, 0, 0]);
    const exp = Float64Array.from([0, 0, 5, 0, 0, 0, 0, 5, 0, 0]);
    const importOnly = nonFirmLimits(NonFirm.parse({ importCapKw: 10, maxHoursPerYear: 2628 }), imp, exp);
    expect(Array.from(importOnly.importLimited)).toEqual([0, 1, 1, 0, 0, 1, 0, 0, 0, 0]);
    expect(Array.from(importOnly.exportLimited)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const both = nonFirmLimits(NonFirm.parse({ importCapKw: 10, exportCapKw: 0, maxHoursPerYear: 2628 }), imp, exp);
    expect(Array.from(both.importLimited)).toEqual([0, 1, 1, 0, 0, 1, 0, 0, 0, 0]);
    expect(Array.from(both.exportLimited)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('writes the limit into the caps in force, earns its discount and prices the overrun', () => {
    /*
     * Member 900 kW; import signal 50 kW in steps 10..13.
     * nonFirm importCapKw 700: caps in force 700 in steps 10..13, 1000 elsewhere.
     * Discount: (1000 - 700) kW x EUR 25/kW/yr x 360/8760.
     */
    const signal = new Array(360).fill(0).map((_, t) => (t >= 10 && t < 14 ? 50 : 0));
    const hub = load(hubFile(HAND + lines('contract:', '  nonFirm: { importCapKw: 700 }', 'flexMarket:', `  congestionKw: [${signal.join(', ')}]`)));
    expect(Array.from(hub.importCapKw.subarray(8, 16))).toEqual([1000, 1000, 700, 700, 700, 700, 1000, 1000]);
    const run = simulate(hub, createPlanner(StrategySpec.parse({ kind: 'baseline' }), hub));
    const s = settleFlex(hub, run.recorder, undefined);
    expect(s.nonFirmHoursLimited).toBe(4);
    expect(s.nonFirmDiscountEur).toBeCloseTo((300 * 25 * 360) / 8760, 9);
    // 4 steps x (900 - 700) kWh x EUR 0.5
    expect(s.contractPenaltyEur).toBeCloseTo(400, 9);
  });

  it('a non-firm export cap lowers the export cap in force in the steps of feed-in congestion', () => {
    const hub = load(hubFile(HAND + lines('contract:', '  nonFirm: { exportCapKw: 100 }')));
    const exportSignal = new Float64Array(360);
    exportSignal[30] = 80;
    const congested = withCongestion(hub, new Float64Array(360), exportSignal);
    expect(Array.from(congested.exportCapKw.subarray(29, 32))).toEqual([500, 100, 500]);
    expect(Array.from(congested.importCapKw.subarray(29, 32))).toEqual([1000, 1000, 1000]);
  });
});

describe('TBTR: the fixed blocks, renamed from contract.timeBlocks', () => {
  it('refuses the old name with the new one', () => {
    const p = hubFile(HAND + lines('contract:', '  timeBlocks:', '    - { fromHour: 17, toHour: 20, importCapKw: 800 }'));
    const e = expectError(() => loadHub(p), 'hub.renamedField', { file: p, line: 9, field: 'contract.timeBlocks' });
    expect(e.message).toContain('contract.tbtr');
  });

  it('earns the discount on the lowest block cap below the firm caps', () => {
    /*
     * Blocks 800 kW import (17-20 h) and 600 kW import with 300 kW export (7-9 h): the right gives up
     * (1000 - 600) + (500 - 300) = 600 kW; at EUR 10/kW/yr over 360 h: 600 x 10 x 360 / 8760.
     */
    const hub = load(
      hubFile(HAND + lines('contract:', '  tbtr:', '    - { fromHour: 17, toHour: 20, importCapKw: 800 }', '    - { fromHour: 7, toHour: 9, importCapKw: 600, exportCapKw: 300 }')),
    );
    expect(hub.contract!.givenUpKw.tbtr).toBe(600);
    const run = simulate(hub, createPlanner(StrategySpec.parse({ kind: 'baseline' }), hub));
    expect(settleFlex(hub, run.recorder, undefined).tbtrDiscountEur).toBeCloseTo((600 * 10 * 360) / 8760, 9);
    // Import above a TBTR block is above the cap but not priced (as above the firm cap).
    expect(settleFlex(hub, run.recorder, undefined).contractPenaltyEur).toBe(0);
  });
});

describe('feed-in (export) CBCs', () => {
  /**
   * A hand hub of 24 hourly steps from local midnight of Tuesday 2023-01-10 (2023-01-09T23:00Z):
   * demand 100 kW; generation 600 kW in local hours 10-13 (steps 10..13), else 0; so net load
   * x = -500 kW (500 kW export) in steps 10..13. Firm caps 1000 kW import and export. Battery
   * 1000 kWh, 300 kW, efficiencies 1, empty at the start.
   */
  const JAN_10_LOCAL = Date.UTC(2023, 0, 9, 23);
  function exportHub(contract: unknown): ResolvedHub {
    return testHub({
      name: 'export',
      startMs: JAN_10_LOCAL,
      members: [{ id: 'a', demand: new Array(24).fill(100) }],
      pv: Array.from({ length: 24 }, (_, t) => (t >= 10 && t < 14 ? 600 : 0)),
      importCapKw: 1000,
      exportCapKw: 1000,
      contract,
      battery: { capacityKwh: 1000, socMinKwh: 0, socMaxKwh: 1000, socInitialKwh: 0, chargeKw: 300, dischargeKw: 300, chargeEfficiency: 1, dischargeEfficiency: 1, selfDischargePerHour: 0 },
      valueOfLostLoadEurPerKwh: 20,
    });
  }
  /** Export CBC-T: export at most 200 kW in local hours 11-12 (steps 11, 12). */
  const CBC = { cbcT: { direction: 'export', exportCapKw: 200, blocks: [{ fromHour: 11, toHour: 13 }] } };
  const exportPeakInBlock = (grid: Float64Array): number => Math.max(-grid[11], -grid[12]);

  it('lowers the export cap in force in its blocks only, and leaves import alone', () => {
    const hub = exportHub(CBC);
    expect(Array.from(hub.exportCapKw.subarray(9, 15))).toEqual([1000, 1000, 200, 200, 1000, 1000]);
    expect(hub.importCapKw.every((c) => c === 1000)).toBe(true);
  });

  it('lowers the export peak in its blocks: by curtailment (congestion management) and by charging the battery (flex)', () => {
    /*
     * Baseline: export 500 kW in steps 11, 12. Penalty: (min(500, 1000) - 200) kW x 2 h = 600 kWh x
     * EUR 0.5 = EUR 300; activation 0 (nothing kept off the grid); availability (1000 - 200)/1000 MW x
     * EUR 20,000/MW/yr x 24/8760.
     * congestion (no battery): curtails 300 kW in steps 11, 12 -> export 200; activation on
     * min(500, 1000) - max(200, 200) = 300 kW x 2 h = 600 kWh x EUR 100/MWh = EUR 60; no penalty.
     * flex with level 100 kW (no markets): x = 100 <= 100 in steps 0..9, so the battery stays empty;
     * in step 10 it charges 300 (room 100 - (-500) = 600, limit 300); in steps 11, 12 it charges 300
     * again, so export is 500 - 300 = 200 = the cap, nothing curtailed; activation EUR 60 as above.
     */
    const availability = 0.8 * 20_000 * (24 / 8760);
    const base = exportHub({});
    const baseRun = simulate(base, createPlanner(StrategySpec.parse({ kind: 'baseline' }), base));
    expect(exportPeakInBlock(baseRun.recorder.gridKw)).toBeCloseTo(500, 9);

    const hub = exportHub(CBC);
    const none = simulate(hub, createPlanner(StrategySpec.parse({ kind: 'baseline' }), hub));
    const s0 = settleFlex(hub, none.recorder, undefined);
    expect(s0.contractPenaltyEur).toBeCloseTo(300, 9);
    expect(s0.cbcTActivationEur).toBe(0);
    expect(s0.cbcTAvailabilityEur).toBeCloseTo(availability, 9);

    const congestion = simulate(hub, createPlanner(StrategySpec.parse({ kind: 'congestion' }), hub));
    expect(exportPeakInBlock(congestion.recorder.gridKw)).toBeCloseTo(200, 9);
    expect(congestion.recorder.curtailedKw[11]).toBeCloseTo(300, 9);
    const s1 = settleFlex(hub, congestion.recorder, undefined);
    expect(s1.cbcTActivationEur).toBeCloseTo(60, 9);
    expect(s1.contractPenaltyEur).toBeCloseTo(0, 9);

    const flex = simulate(hub, createPlanner(StrategySpec.parse({ kind: 'flex', thresholdKw: 100, gopacs: false, arbitrage: false }), hub));
    expect(exportPeakInBlock(flex.recorder.gridKw)).toBeCloseTo(200, 9);
    expect(flex.recorder.batteryKw[11]).toBeCloseTo(300, 9);
    expect(flex.recorder.curtailedKw[11] + flex.recorder.curtailedKw[12]).toBeCloseTo(0, 9);
    expect(settleFlex(hub, flex.recorder, undefined).cbcTActivationEur).toBeCloseTo(60, 9);
  });

  it('an export CBC-A is called from the feed-in congestion signal, not the import one', () => {
    const hub = exportHub({ cbcA: { direction: 'export', exportCapKw: 250, calls: 'signal' } });
    const importSignal = new Float64Array(24);
    importSignal[18] = 100;
    const exportSignal = new Float64Array(24);
    exportSignal[12] = 100;
    const called = withCongestion(hub, importSignal, exportSignal);
    expect([...called.contract!.cbcA!.called.keys()].filter((t) => called.contract!.cbcA!.called[t] === 1)).toEqual([12]);
    expect(called.exportCapKw[12]).toBe(250);
    expect(called.importCapKw[18]).toBe(1000);
  });
});

describe('CBC-A called day-ahead from the operator\'s forecast, settled on an observable baseline', () => {
  /*
   * The hand axis (15 days from Monday 2023-01-09, 900 kW, firm cap 1000 kW); CBC-A cap 600 kW,
   * default fees (activation EUR 100/MWh), penalty EUR 0.5/kWh, call blocks of 4 h.
   * Signal: 200 kW at step 17 (day 0, 17 h) and 100 kW at step 190 (day 7, 22 h).
   * Calls (forecast = the same hour a week before): day 7 block [16,20) (steps 184..187) from step 17;
   * day 14 block [20,24) (steps 356..359) from step 190. Missed: step 17 (the first week has no
   * forecast) and step 190 (day 0 at 22 h was not congested): 2 h. Neither called block is
   * congested: over-called 8 h. 2 call days, 8 h.
   */
  const signal = new Array(360).fill(0);
  signal[17] = 200;
  signal[190] = 100;
  const file = (battery: string[], strategy: string): string =>
    hubFile(HAND + lines(...battery, 'contract:', '  cbcA: { importCapKw: 600 }', 'flexMarket:', `  congestionKw: [${signal.join(', ')}]`, 'strategies:', `  - ${strategy}`));

  it('calls whole blocks from last week, missing and over-calling, and the penalty follows (no battery)', () => {
    /*
     * Baseline (no control): import 900 in the 8 called steps, above the 600 kW cap:
     * penalty 8 x (min(900, 1000) - 600) kWh x EUR 0.5 = EUR 1,200. Observable baseline: the mean
     * import at the same hour on the last 5 uncalled weekdays = 900; activation from min(900, 1000)
     * down to max(900, 600): 0.
     */
    const hub = load(file([], '{ kind: baseline }'));
    const called = hub.contract!.cbcA!.called;
    expect([...called.keys()].filter((t) => called[t] === 1)).toEqual([184, 185, 186, 187, 356, 357, 358, 359]);
    const run = simulate(hub, createPlanner(StrategySpec.parse({ kind: 'baseline' }), hub));
    const s = settleFlex(hub, run.recorder, undefined);
    expect([s.cbcAHoursCalled, s.cbcADaysCalled, s.cbcAMissedHours, s.cbcAOvercalledHours]).toEqual([8, 2, 2, 8]);
    expect(s.contractPenaltyEur).toBeCloseTo(1200, 9);
    expect(s.cbcAEnergyKwh).toBe(0);
  });

  it('a battery keeps the called cap; activation is paid from the baseline the operator metered', () => {
    /*
     * flex, level 1000 kW, no markets; battery 2000 kWh, 400 kW, efficiencies 1, full at the start.
     * Day 7 steps 184..187: holds 600 -> discharges 300 kW x 4 h = 1,200 kWh. Day 7 has a request
     * (step 190), so the battery refills only up to the day's median net load (900): not at all.
     * Day 8 (no request): refills 100 kW (1000 - 900) for 12 h -> full again, import 1000 in hours
     * 0-11. Day 14 steps 356..359: discharges 300 kW x 4 h.
     * Baselines: day 7 from days 4, 3, 2, 1, 0 (weekdays, uncalled) at 16-19 h: 900. Day 14 from
     * days 11, 10, 9, 8, 4 (day 7 called, 5-6 and 12-13 weekend) at 20-23 h: 900 (day 8 charged in
     * hours 0-11 only). Activation: 8 x (900 - 600) kWh = 2,400 kWh x EUR 100/MWh = EUR 240; no penalty.
     */
    const battery = ['battery: { energyKwh: 2000, powerKw: 400, chargeEfficiency: 1, dischargeEfficiency: 1, socMin: 0, socMax: 1, socInitial: 1 }'];
    const hub = load(file(battery, '{ kind: flex, thresholdKw: 1000, gopacs: false, arbitrage: false }'));
    const run = simulate(hub, createPlanner(hub.strategies[0], hub));
    expect(Array.from(run.recorder.gridKw.subarray(184, 188))).toEqual([600, 600, 600, 600]);
    expect(Array.from(run.recorder.gridKw.subarray(356, 360))).toEqual([600, 600, 600, 600]);
    const s = settleFlex(hub, run.recorder, undefined);
    expect(s.cbcAEnergyKwh).toBeCloseTo(2400, 9);
    expect(s.cbcAActivationEur).toBeCloseTo(240, 9);
    expect(s.contractPenaltyEur).toBeCloseTo(0, 9);
  });

  it('calls on day d read no signal of day d - 6 or later', () => {
    const hub = load(hubFile(HAND));
    const hour = stepCalendar(hub.axis).hour;
    const draw = rng(1806);
    for (let trial = 0; trial < 30; trial++) {
      const a = Float64Array.from({ length: 360 }, () => (draw() < 0.1 ? 100 : 0));
      const k = 1 + Math.floor(draw() * 13);
      const b = Float64Array.from(a);
      for (let t = hub.dayStarts[k]; t < 360; t++) b[t] = draw() < 0.5 ? 500 : 0;
      const ca = forecastCalls(lastWeekSignal(a, hub.dayStarts, hour), hub.dayStarts, hour, 4, 365);
      const cb = forecastCalls(lastWeekSignal(b, hub.dayStarts, hour), hub.dayStarts, hour, 4, 365);
      const until = hub.dayStarts[Math.min(k + 7, 15)];
      expect(Array.from(cb.subarray(0, until)), `trial ${trial}, k ${k}`).toEqual(Array.from(ca.subarray(0, until)));
    }
  });
});

describe('the operator\'s forecast of a year\'s first week reads the last week of the year before', () => {
  /** The last FORECAST_LAG_DAYS + 1 local days of a signal on an axis, as a rollout keeps them (flex-requests.ts). */
  const lastDays = (signal: Float64Array, dayStarts: Int32Array, hour: Uint8Array): SignalBefore => {
    const days = dayStarts.subarray(dayStarts.length - 2 - FORECAST_LAG_DAYS);
    const from = days[0];
    return { signalKw: signal.slice(from), dayStarts: days.map((s) => s - from), hour: hour.slice(from) };
  };
  const daysOf = (axis: TimeAxis): Int32Array => localDayStarts(localDayIndex(axis));

  it('is the forecast on one axis through both years, to the bit (hourly and 15-minute, random signals)', () => {
    /*
     * 2022 and 2023 as UTC years, one after the other: the year before's axis ends with 1 January
     * 2023 00:00-01:00 local (23:00Z), the first hour of the next axis's first local day. On one axis
     * through both that hour and the next axis's first 23 hours are one local day, and its day d - 7
     * is 25 December.
     */
    const draw = rng(2712);
    for (const stepMinutes of [60, 15]) {
      const before = yearAxis(2022, stepMinutes);
      const year = yearAxis(2023, stepMinutes);
      const joined = makeAxis(before.startMs, stepMinutes, before.steps + year.steps);
      const joinedStarts = daysOf(joined);
      const joinedHour = stepCalendar(joined).hour;
      const yearStarts = daysOf(year);
      const yearHour = stepCalendar(year).hour;
      const beforeStarts = daysOf(before);
      const beforeHour = stepCalendar(before).hour;
      for (let trial = 0; trial < 10; trial++) {
        const signal = Float64Array.from({ length: joined.steps }, () => (draw() < 0.2 ? 1 + 500 * draw() : 0));
        const through = lastWeekSignal(signal, joinedStarts, joinedHour).subarray(before.steps);
        const remembered = lastDays(signal.subarray(0, before.steps), beforeStarts, beforeHour);
        const own = signal.subarray(before.steps);
        expect(lastWeekSignal(own, yearStarts, yearHour, remembered), `${stepMinutes} min, trial ${trial}`).toEqual(through);
        // Without the year before the first seven days have no forecast, and only they and day 7's
        // first hour (which reads 1 January 00:00 local, left in the year before) differ.
        const alone = lastWeekSignal(own, yearStarts, yearHour);
        expect(alone.subarray(0, yearStarts[FORECAST_LAG_DAYS]).every((x) => x === 0)).toBe(true);
        const fragment = before.steps - beforeStarts[beforeStarts.length - 2];
        expect(alone.subarray(yearStarts[FORECAST_LAG_DAYS] + fragment)).toEqual(through.subarray(yearStarts[FORECAST_LAG_DAYS] + fragment));
      }
    }
  });

  it('reads nothing of the year it forecasts before day d - 7: changing the year from day k on changes no forecast before day k + 7', () => {
    const before = yearAxis(2022);
    const year = yearAxis(2023);
    const remembered = lastDays(Float64Array.from({ length: before.steps }, (_, t) => (t % 11 === 0 ? 300 : 0)), daysOf(before), stepCalendar(before).hour);
    const starts = daysOf(year);
    const hour = stepCalendar(year).hour;
    const draw = rng(2713);
    for (let trial = 0; trial < 20; trial++) {
      const a = Float64Array.from({ length: year.steps }, () => (draw() < 0.1 ? 100 * draw() : 0));
      const k = Math.floor(draw() * 20);
      const b = Float64Array.from(a);
      for (let t = starts[k]; t < year.steps; t++) b[t] = draw() < 0.5 ? 500 : 0;
      const until = starts[k + 7];
      const fa = lastWeekSignal(a, starts, hour, remembered).subarray(0, until);
      expect(lastWeekSignal(b, starts, hour, remembered).subarray(0, until), `trial ${trial}, k ${k}`).toEqual(fa);
    }
  });

  it('restricts a TDTR right and calls CBC-A on 1 January from 25 December, announced at the start of 31 December', () => {
    /*
     * The 2023 axis (hourly, starts 2023-01-01T00:00Z = 01:00 local). The year before's signal: 200 kW
     * on 25 December 2022 at 17:00 local (16:00Z). Its forecast on 1 January 2023 is 200 kW at 17:00
     * local = step 16, in the 4-hour call block [16, 20) local = steps 15..18. Announced at the start
     * of 31 December local = 2022-12-30T23:00Z, 25 hours before the axis: step -25.
     */
    const steps = 8760;
    const hub = testHub({
      startMs: Date.UTC(2023, 0, 1),
      members: [{ id: 'a', demand: new Float64Array(steps).fill(500) }],
      importCapKw: 1000,
      contract: { tdtr: { importCapKw: 600, callBlockHours: 4 }, cbcA: { importCapKw: 700, callBlockHours: 4 } },
    });
    const before = yearAxis(2022);
    const starts = daysOf(before);
    const signal = new Float64Array(before.steps);
    signal[(Date.UTC(2022, 11, 25, 16) - before.startMs) / 3_600_000] = 200;
    const m = lastDays(signal, starts, stepCalendar(before).hour);
    const none = new Float64Array(steps);
    const measured = { congestionKw: m.signalKw, exportCongestionKw: new Float64Array(m.signalKw.length), dayStarts: m.dayStarts, hour: m.hour };
    const told = withCongestion(hub, none, none, undefined, measured).contract!;
    const stepsWhere = (xs: Uint8Array): number[] => [...xs.keys()].filter((t) => xs[t] === 1);
    expect(stepsWhere(told.tdtr!.restricted)).toEqual([15, 16, 17, 18]);
    expect([15, 16, 17, 18].map((t) => told.tdtr!.announcedAtStep[t])).toEqual([-25, -25, -25, -25]);
    expect(stepsWhere(told.cbcA!.called)).toEqual([15, 16, 17, 18]);
    // Without the year before: nothing in the first week (nor anywhere, with no signal this year).
    const alone = withCongestion(hub, none, none).contract!;
    expect(stepsWhere(alone.tdtr!.restricted)).toEqual([]);
    expect(stepsWhere(alone.cbcA!.called)).toEqual([]);
  });
});

describe('ACM use-it-or-lose-it: both criteria, per member and for the group', () => {
  /*
   * Members (constant demand kW / ownConnectionKw):
   *   a 300 / 2000: uses 15% (<= 50%) and leaves 1700 unused (>= 1 MW): both criteria, 1700 kW;
   *   b 600 / 1000: 60%, 400 unused: neither;
   *   c 100 / 250:  40%: the 50% criterion only, 150 kW;
   *   d 1500 / 2600: 58%, 1100 unused: the 1 MW criterion only, 1100 kW.
   * membersUnderused 2 (a, c), membersUnusedAboveThreshold 2 (a, d), membersReclaimableKw 1700 +
   * 150 + 1100 = 2950. Collective peak (baseline) 2500 kW.
   */
  const file = (cap: number, level?: string): string =>
    hubFile(
      lines(
        'name: acm',
        'axis: { start: "2023-01-08T23:00:00Z", steps: 24 }',
        'members:',
        '  - { id: a, profile: 300, ownConnectionKw: 2000 }',
        '  - { id: b, profile: 600, ownConnectionKw: 1000 }',
        '  - { id: c, profile: 100, ownConnectionKw: 250 }',
        '  - { id: d, profile: 1500, ownConnectionKw: 2600 }',
        `connection: { importCapKw: ${cap}${level === undefined ? '' : `, voltageLevel: ${level}`} }`,
        'strategies: [{ kind: baseline }]',
      ),
    );
  const acm = (p: string): number[] => {
    const hub = load(p);
    const m = computeMetrics(hub, simulate(hub, createPlanner(hub.strategies[0], hub)));
    return ['acmUnderused', 'acmUnusedKw', 'acmUnusedAboveThreshold', 'acmReclaimableKw', 'membersUnderused', 'membersUnusedAboveThreshold', 'membersReclaimableKw'].map((k) => m[k]!);
  };

  it('MV (default): 1 MW unused is enough', () => {
    // Cap 5000: 2500 <= 2500 (50%) and 2500 unused >= 1000: both; reclaimable 2500.
    expect(acm(file(5000))).toEqual([1, 2500, 1, 2500, 2, 2, 2950]);
    // Cap 3600: 2500 > 1800, 1100 unused >= 1000: the 1 MW criterion only; reclaimable 1100.
    expect(acm(file(3600))).toEqual([0, 1100, 1, 1100, 2, 2, 2950]);
    // Cap 3000: 2500 > 1500, 500 unused: neither; nothing to reclaim.
    expect(acm(file(3000))).toEqual([0, 500, 0, 0, 2, 2, 2950]);
  });

  it('results.json names each member with its own figures (the member sums above are theirs)', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rights-acm-')), 'out');
    const r = await runCli('run', file(5000), '--out', out);
    expect(r.code).toBe(0);
    const members = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).hub.members;
    const pick = (m: Record<string, unknown>) => [m.id, m.peakKw, m.acmUnusedKw, m.acmUnderused, m.acmUnusedAboveThreshold, m.acmReclaimableKw];
    // By hand, from the table above.
    expect(members.map(pick)).toEqual([
      ['a', 300, 1700, true, true, 1700],
      ['b', 600, 400, false, false, 0],
      ['c', 100, 150, true, false, 150],
      ['d', 1500, 1100, false, true, 1100],
    ]);
  });

  it('HV from 110 kV: 10 MW unused is needed, the 50% criterion still holds', () => {
    // Members: a and c by 50%, d no longer (1100 < 10000): 2, 0, 1700 + 150 = 1850.
    expect(acm(file(5000, 'HV-110kV-and-above'))).toEqual([1, 2500, 0, 2500, 2, 0, 1850]);
    expect(acm(file(3600, 'HV-110kV-and-above'))).toEqual([0, 1100, 0, 0, 2, 0, 1850]);
  });
});

describe('GOPACS intraday: a request known leadTimeHours ahead, answered from the battery state then', () => {
  /*
   * 48 hourly steps from local midnight of Tuesday 2023-01-10. Day 0 net load: 100 kW in steps 0-2,
   * 1000 kW in step 3, 500 kW in steps 4-23 (median 500); day 1: 100 kW. Import cap 2000, flex level
   * 1000 kW, no arbitrage. Battery 2000 kWh, 1000 kW, efficiencies 1, empty at the start. One battery
   * bid of 1000 kW at a spread of EUR 100/MWh; a 1000 kW request in step 3.
   * leadTimeHours 2: the request is known at step 1. Step 0: no request known, the battery refills to
   * the level: 1000 - 100 = 900 kW (stored 900 at the start of step 1). Steps 1, 2: a request is known,
   * refill only to the day's median (500): 400 kW each (stored 1700 at the start of step 3). Step 3:
   * the bid is answered from the energy stored at the start of step 1, 900 kWh: 900 kW clear, import
   * 1000 - 900 = 100. Day-ahead (leadTimeHours null): the request is known all day, steps 0-2 charge
   * 400 each (1200 stored), and 1000 kW clear from the state at step 3 itself: import 0.
   * Settlement (intraday): spread 0.9 MWh x 100 = EUR 90; energy leg 0.9 MWh x the day-ahead price of
   * step 3; the 900 kWh are bought back when the battery next charges: not on day 0 (net 500 = the
   * median), but at step 24 (day 1, refill to the level: 900 kW, stored 800 + 900): 0.9 MWh x the
   * price of step 24.
   */
  const net = [100, 100, 100, 1000, ...new Array(20).fill(500), ...new Array(24).fill(100)];
  const request = new Array(48).fill(0);
  request[3] = 1000;
  const file = (lead: string, demand = net): string =>
    hubFile(
      lines(
        'name: gopacs intraday',
        'axis: { start: "2023-01-09T23:00:00Z", steps: 48 }',
        'members:',
        `  - { id: a, profile: [${demand.join(', ')}] }`,
        'connection: { importCapKw: 2000 }',
        'battery: { energyKwh: 2000, powerKw: 1000, chargeEfficiency: 1, dischargeEfficiency: 1, socMin: 0, socMax: 1, socInitial: 0 }',
        'flexMarket:',
        `  gopacs: { bids: [{ resource: battery, kw: 1000, priceEurPerMwh: 100 }], leadTimeHours: ${lead} }`,
        `  congestionKw: [${request.join(', ')}]`,
        'strategies: [{ kind: flex, plan: perfect, thresholdKw: 1000, arbitrage: false }]',
      ),
    );
  const run = (p: string) => {
    const hub = load(p);
    const planner = createPlanner(hub.strategies[0], hub);
    const r = simulate(hub, planner);
    return { hub, r, pos: planner.positions!()! };
  };

  it('clears only what the battery held two hours before the step', () => {
    const intraday = run(file('2'));
    expect(Array.from(intraday.r.recorder.batteryKw.subarray(0, 4))).toEqual([900, 400, 400, -900]);
    expect(intraday.pos.gopacsBatteryKw[3]).toBeCloseTo(900, 9);
    expect(intraday.r.recorder.gridKw[3]).toBeCloseTo(100, 9);
    const dayAhead = run(file('null'));
    expect(dayAhead.pos.gopacsBatteryKw[3]).toBeCloseTo(1000, 9);
    expect(dayAhead.r.recorder.gridKw[3]).toBeCloseTo(0, 9);
  });

  it('does not read the battery after the request arrived: a change in step 2 leaves the cleared volume alone', () => {
    const changed = [...net];
    changed[2] = 450; // step 2 now charges 50 kW instead of 400
    const a = run(file('2'));
    const b = run(file('2', changed));
    expect(b.r.recorder.batteryKw[2]).toBeCloseTo(50, 9);
    expect(b.pos.gopacsBatteryKw[3]).toBe(a.pos.gopacsBatteryKw[3]);
  });

  it('pays the spread, sells the energy at the day-ahead reference and buys the refill at the price of its hour', () => {
    const { hub, r, pos } = run(file('2'));
    const prices = dayAheadPrices(hub.axis);
    expect(r.recorder.batteryKw[24]).toBeCloseTo(900, 9);
    const s = settleFlex(hub, r.recorder, pos);
    expect(s.gopacsRevenueEur).toBeCloseTo(90, 9);
    expect(s.gopacsEnergyEur).toBeCloseTo(0.9 * prices[3], 9);
    expect(s.gopacsRefillCostEur).toBeCloseTo(0.9 * prices[24], 9);
  });
});

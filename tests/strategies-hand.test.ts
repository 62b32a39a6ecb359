import { describe, expect, it } from 'vitest';
import { FLAG } from '../src/engine/flags.js';
import { simulate, type RecordedRun } from '../src/engine/simulate.js';
import { runHub } from '../src/jobs/hub-job.js';
import type { BatteryParams, ResolvedHub } from '../src/model/resolved.js';
import { StrategySpec } from '../src/model/strategy.js';
import { computeMetrics } from '../src/results/metrics.js';
import { createPlanner } from '../src/strategies/registry.js';
import { testHub, type TestHub } from './support/build-hub.js';

/*
 * Small cases worked out by hand for every strategy. Every expected value below comes from the
 * arithmetic in the comment next to it, not from running the code. Notation: x = demand - generation
 * (net load), p = battery power at the grid side (> 0 charge), soc = stored energy at the end of the
 * step, grid = x - shed + curtailed + p (> 0 import).
 */

const JAN_10 = Date.UTC(2023, 0, 10); // 2023-01-10T00:00Z = 01:00 in Amsterdam (UTC+1 in winter)
// The hubs are built by testHub (tests/support/build-hub.ts), hourly unless stepMinutes says otherwise.

function battery(p: Partial<BatteryParams> & { capacityKwh: number }): BatteryParams {
  return {
    socMinKwh: 0,
    socMaxKwh: p.capacityKwh,
    socInitialKwh: 0,
    chargeKw: 0,
    dischargeKw: 0,
    chargeEfficiency: 1,
    dischargeEfficiency: 1,
    selfDischargePerHour: 0,
    ...p,
  };
}

function run(hub: ResolvedHub, spec: StrategySpec): RecordedRun {
  return simulate(hub, createPlanner(spec, hub));
}

/** Elementwise equality to 1e-9 by default (absolute, the values are a few hundred kW at most). */
function expectSeries(actual: ArrayLike<number>, expected: number[], what: string, tolerance = 1e-9): void {
  expect(actual.length, what).toBe(expected.length);
  for (let t = 0; t < expected.length; t++) {
    expect(Math.abs(actual[t] - expected[t]), `${what}[${t}]: ${actual[t]} vs ${expected[t]}`).toBeLessThanOrEqual(tolerance);
  }
}

describe('baseline', () => {
  /*
   * m1 [100, 200, 150, 50] + m2 [80, 40, 160, 30] = demand [180, 240, 310, 80] kW; PV [0, 100, 60, 120].
   * grid = demand - generation = [180, 140, 250, -40]: peak import 250 kW (step 2) = the coincident
   * peak; export 40 kW in step 3. The battery idles (it has one, half full, and stays so).
   */
  const hub = testHub({
    startMs: JAN_10,
    members: [
      { id: 'm1', demand: [100, 200, 150, 50] },
      { id: 'm2', demand: [80, 40, 160, 30] },
    ],
    pv: [0, 100, 60, 120],
    battery: battery({ capacityKwh: 100, socInitialKwh: 50, chargeKw: 50, dischargeKw: 50 }),
  });

  it('grid = demand - generation, the battery idles, peak = coincident peak', () => {
    const rec = run(hub, { kind: 'baseline' }).recorder;
    expectSeries(rec.gridKw, [180, 140, 250, -40], 'grid');
    expectSeries(rec.batteryKw, [0, 0, 0, 0], 'battery');
    expectSeries(rec.socKwh, [50, 50, 50, 50], 'soc');
    const m = computeMetrics(hub, run(hub, { kind: 'baseline' }));
    expect(m.peakImportKw).toBe(250);
    expect(m.coincidentPeakKw).toBe(250);
    expect(m.peakExportKw).toBe(40);
    expect(m.peakReductionKw).toBe(0);
    // importEnergyKwh = 180 + 140 + 250 = 570 kWh (1 h steps); exportEnergyKwh = 40 kWh.
    expect(m.importEnergyKwh).toBeCloseTo(570, 9);
    expect(m.exportEnergyKwh).toBeCloseTo(40, 9);
  });
});

describe('peak shaving with thresholdKw', () => {
  it('efficiency 1: discharges above the threshold, recharges below it, the power limit binds once', () => {
    /*
     * Threshold 200 kW. Battery 200 kWh (socMin 0, socMax 200), initial 100 kWh, charge 100 kW,
     * discharge 80 kW, efficiencies 1. Net load x = [150, 260, 300, 120, 180] kW, 1 h steps.
     *   t0: x 150 < 200: charge min(200-150, 100 kW, room 200-100) = 50  -> soc 150, grid 200
     *   t1: x 260 > 200: discharge min(60, 80 kW, 150 kWh/1 h) = 60     -> soc  90, grid 200
     *   t2: x 300 > 200: discharge min(100, 80 kW, 90) = 80 (power)     -> soc  10, grid 220
     *   t3: x 120 < 200: charge min(80, 100 kW, room 190) = 80          -> soc  90, grid 200
     *   t4: x 180 < 200: charge min(20, 100 kW, room 110) = 20          -> soc 110, grid 200
     * Peak import 220 kW (the discharge power limit in t2).
     */
    const hub = testHub({
      startMs: JAN_10,
      members: [{ id: 'm1', demand: [150, 260, 300, 120, 180] }],
      battery: battery({ capacityKwh: 200, socInitialKwh: 100, chargeKw: 100, dischargeKw: 80 }),
    });
    const r = run(hub, StrategySpec.parse({ kind: 'peak-shaving', thresholdKw: 200, guard: false }));
    expectSeries(r.recorder.batteryKw, [50, -60, -80, 80, 20], 'battery');
    expectSeries(r.recorder.socKwh, [150, 90, 10, 90, 110], 'soc');
    expectSeries(r.recorder.gridKw, [200, 200, 220, 200, 200], 'grid');
    expect(computeMetrics(hub, r).peakImportKw).toBe(220);
  });

  it('efficiency 0.9 both ways, SOC computed by hand, the energy limit binds', () => {
    /*
     * Threshold 100 kW. Battery 100 kWh, socMin 10, socMax 90, initial 50 kWh, 50 kW both ways,
     * eta_c = eta_d = 0.9, no self-discharge. x = [60, 150, 140, 40] kW, 1 h steps.
     *   t0: x 60: headroom 40 kW; room (90-50)/0.9 = 44.44 kW, limit 50 -> charge 40
     *       soc = 50 + 0.9 x 40 = 86, grid 100
     *   t1: x 150: gap 50; available (86-10) x 0.9 = 68.4 kW, limit 50 -> discharge 50
     *       soc = 86 - 50/0.9 = 86 - 55.555... = 30.444..., grid 100
     *   t2: x 140: gap 40; available (30.444... - 10) x 0.9 = 18.4 kW -> discharge 18.4
     *       soc = 30.444... - 18.4/0.9 = 30.444... - 20.444... = 10 (socMin), grid 140 - 18.4 = 121.6
     *   t3: x 40: headroom 60; room (90-10)/0.9 = 88.9 kW, limit 50 -> charge 50
     *       soc = 10 + 0.9 x 50 = 55, grid 90
     * Losses: charged 90 kWh, discharged 68.4 kWh, stored +5 kWh: 90 - 68.4 - 5 = 16.6 kWh
     * (= 0.1 x 90 on the way in + 68.4/0.9 - 68.4 = 7.6 on the way out).
     */
    const hub = testHub({
      startMs: JAN_10,
      members: [{ id: 'm1', demand: [60, 150, 140, 40] }],
      battery: battery({
        capacityKwh: 100,
        socMinKwh: 10,
        socMaxKwh: 90,
        socInitialKwh: 50,
        chargeKw: 50,
        dischargeKw: 50,
        chargeEfficiency: 0.9,
        dischargeEfficiency: 0.9,
      }),
    });
    const r = run(hub, StrategySpec.parse({ kind: 'peak-shaving', thresholdKw: 100, guard: false }));
    expectSeries(r.recorder.batteryKw, [40, -50, -18.4, 50], 'battery');
    expectSeries(r.recorder.socKwh, [86, 86 - 50 / 0.9, 10, 55], 'soc');
    expectSeries(r.recorder.gridKw, [100, 100, 121.6, 90], 'grid');
    const m = computeMetrics(hub, r);
    expect(m.peakImportKw).toBeCloseTo(121.6, 9);
    expect(m.batteryChargeKwh).toBeCloseTo(90, 9);
    expect(m.batteryDischargeKwh).toBeCloseTo(68.4, 9);
    expect(m.batteryLossesKwh).toBeCloseTo(16.6, 9);
    // The controller holding 100 kW asked for 40 kW in t2 (got 18.4, empty) and 60 kW in t3 (got 50,
    // the power limit): two steps where the battery could not hold the level.
    expect(m.stepsBatteryLimited).toBe(2);
  });
});

describe('self-consumption', () => {
  it('charges from the surplus, discharges into the load, within power and energy limits', () => {
    /*
     * Demand 50 kW flat, PV [0, 120, 100, 20, 0]: x = [50, -70, -50, 30, 50] kW, 1 h steps.
     * Battery 100 kWh (socMin 0, socMax 100), initial 20 kWh, charge 60 kW, discharge 40 kW, eta 1.
     *   t0: x 50 > 0: discharge min(50, 40 kW, 20 kWh) = 20   -> soc   0, grid 30
     *   t1: x -70:    charge min(70, 60 kW, room 100) = 60    -> soc  60, grid -10
     *   t2: x -50:    charge min(50, 60 kW, room 40) = 40     -> soc 100, grid -10
     *   t3: x 30:     discharge min(30, 40 kW, 100) = 30      -> soc  70, grid 0
     *   t4: x 50:     discharge min(50, 40 kW, 70) = 40       -> soc  30, grid 10
     * Generation 240 kWh, exported 20 kWh, nothing curtailed: self-consumption (240 - 20)/240 = 11/12.
     */
    const hub = testHub({
      startMs: JAN_10,
      members: [{ id: 'm1', demand: [50, 50, 50, 50, 50] }],
      pv: [0, 120, 100, 20, 0],
      battery: battery({ capacityKwh: 100, socInitialKwh: 20, chargeKw: 60, dischargeKw: 40 }),
    });
    const r = run(hub, { kind: 'self-consumption', guard: false });
    expectSeries(r.recorder.batteryKw, [-20, 60, 40, -30, -40], 'battery');
    expectSeries(r.recorder.socKwh, [0, 60, 100, 70, 30], 'soc');
    expectSeries(r.recorder.gridKw, [30, -10, -10, 0, 10], 'grid');
    const m = computeMetrics(hub, r);
    expect(m.exportEnergyKwh).toBeCloseTo(20, 9);
    expect(m.selfConsumptionRatio).toBeCloseTo(11 / 12, 12);
    // Baseline for comparison: export 70 + 50 + 0 = 120 kWh (t3: x 30 > 0), (240 - 120)/240 = 0.5.
    expect(computeMetrics(hub, run(hub, { kind: 'baseline' })).selfConsumptionRatio).toBeCloseTo(0.5, 12);
  });
});

describe('congestion management', () => {
  it('sheds min(excess, share x member load) and stops when the local day budget is spent', () => {
    /*
     * Start 2023-01-10T20:00Z = 21:00 in Amsterdam (UTC+1), six 1 h steps at 21, 22, 23, 00, 01, 02 local:
     * local day index [0, 0, 0, 1, 1, 1] (the local day changes at 23:00Z, not at the UTC midnight).
     * m1 [300, 400, 300, 300, 300, 300] + m2 100 flat = demand [400, 500, 400, 400, 400, 400] kW, no
     * generation, no battery. Import cap 350 kW. Flexible: 20 % of m1, at most 2 steps per local day:
     * available [60, 80, 60, 60, 60, 60] kW. Excess over the cap [50, 150, 50, 50, 50, 50].
     *   t0 (day 0): shed min(50, 60) = 50, first step of day 0        -> grid 350
     *   t1 (day 0): shed min(150, 80) = 80, second (last) step        -> grid 420
     *   t2 (day 0): budget spent, shed 0                               -> grid 400
     *   t3 (day 1): budget renewed, shed min(50, 60) = 50              -> grid 350
     *   t4 (day 1): shed 50, second step                                -> grid 350
     *   t5 (day 1): budget spent                                       -> grid 400
     * Shed 50 + 80 + 50 + 50 = 230 kWh in 4 h; above the cap in t1, t2, t5: 3 h, 70 + 50 + 50 = 170 kWh.
     */
    const hub = testHub({
      startMs: Date.UTC(2023, 0, 10, 20),
      members: [
        { id: 'm1', demand: [300, 400, 300, 300, 300, 300] },
        { id: 'm2', demand: [100, 100, 100, 100, 100, 100] },
      ],
      importCapKw: 350,
      flexibleLoad: [{ member: 'm1', share: 0.2, maxHoursPerDay: 2 }],
    });
    expect(Array.from(hub.dayIndex)).toEqual([0, 0, 0, 1, 1, 1]);
    const r = run(hub, { kind: 'congestion' });
    expectSeries(r.recorder.shedKw, [50, 80, 0, 50, 50, 0], 'shed');
    expectSeries(r.recorder.gridKw, [350, 420, 400, 350, 350, 400], 'grid');
    expect(Array.from(r.recorder.flags).map((f) => (f & FLAG.importAboveCap ? 1 : 0))).toEqual([0, 1, 1, 0, 0, 1]);
    const m = computeMetrics(hub, r);
    expect(m.energyShedKwh).toBeCloseTo(230, 9);
    expect(m.hoursShed).toBe(4);
    expect(m.hoursAboveImportCap).toBe(3);
    expect(m.energyAboveImportCapKwh).toBeCloseTo(170, 9);
    // The shedding controller holds 350 kW but could not in t1 (150 asked, 80 there), t2 and t5
    // (50 asked, budget spent): three steps, the same as those above the cap.
    expect(m.stepsShedLimited).toBe(3);
  });

  it('curtails PV and wind above the export cap', () => {
    /*
     * Demand 100 kW flat, PV [0, 300, 500, 250]: uncontrolled grid [100, -200, -400, -150] kW.
     * Export cap 150 kW: curtail [0, 200-150, 400-150, 0] = [0, 50, 250, 0] -> grid [100, -150, -150, -150].
     * Curtailed 300 kWh; exported 3 x 150 = 450 kWh; self-consumption (1050 - 300 - 450)/1050 = 2/7.
     */
    const hub = testHub({
      startMs: JAN_10,
      members: [{ id: 'm1', demand: [100, 100, 100, 100] }],
      pv: [0, 300, 500, 250],
      exportCapKw: 150,
    });
    const r = run(hub, { kind: 'congestion' });
    expectSeries(r.recorder.curtailedKw, [0, 50, 250, 0], 'curtailed');
    expectSeries(r.recorder.gridKw, [100, -150, -150, -150], 'grid');
    const m = computeMetrics(hub, r);
    expect(m.energyCurtailedKwh).toBeCloseTo(300, 9);
    expect(m.exportEnergyKwh).toBeCloseTo(450, 9);
    expect(m.hoursAboveExportCap).toBe(0);
    expect(m.selfConsumptionRatio).toBeCloseTo(2 / 7, 12);
  });
});

describe('optimal', () => {
  it('perfect foresight reaches the hand-computed minimum peak with the greedy schedule', () => {
    /*
     * The case of tests/optimal-lp.test.ts: load [100, 100, 300, 100] kW, 1 h steps, battery 100 kWh
     * (socMin 0, socMax 100), initial 50, 1000 kW both ways, eta 1. Step 2 needs 300 - P <= 100 kWh
     * stored, so P >= 200, and P = 200 is reachable. The schedule at P = 200 charges as much as the
     * headroom P - x, the power and the room allow and discharges x - P above P:
     *   t0: charge min(100, room 50) = 50 -> soc 100, grid 150
     *   t1: battery full                  -> soc 100, grid 100
     *   t2: discharge 100                 -> soc   0, grid 200
     *   t3: charge min(100, room 100)     -> soc 100, grid 200
     * Bisection stops within 1e-10 relative above 200 kW, hence the 1e-6 tolerance.
     */
    const hub = testHub({
      startMs: JAN_10,
      members: [{ id: 'm1', demand: [100, 100, 300, 100] }],
      battery: battery({ capacityKwh: 100, socInitialKwh: 50, chargeKw: 1000, dischargeKw: 1000 }),
    });
    const r = run(hub, { kind: 'optimal', guard: false });
    expectSeries(r.recorder.batteryKw, [50, 0, -100, 100], 'battery', 1e-6);
    expectSeries(r.recorder.socKwh, [100, 100, 0, 100], 'soc', 1e-6);
    expectSeries(r.recorder.gridKw, [150, 100, 200, 200], 'grid', 1e-6);
    expect(computeMetrics(hub, r).peakImportKw).toBeCloseTo(200, 6);
  });
});

describe('peak shaving with guard: true', () => {
  it('the battery shaves what it can, the guard sheds the rest down to the import cap', () => {
    /*
     * m1 [200, 400, 400, 200] kW, 1 h steps, local day 0 throughout. Import cap 300 kW, threshold 300.
     * Flexible: 25 % of m1 (available [50, 100, 100, 50]), 4 steps a day. Battery 100 kWh, initial 60,
     * 50 kW both ways, eta 1.
     *   t0: x 200: charge min(100, 50 kW, room 40) = 40        -> soc 100, grid 240
     *   t1: x 400: discharge min(100, 50 kW, 100) = 50         -> soc  50, grid 350 > 300:
     *       guard sheds min(350 - 300, 100) = 50               -> grid 300
     *   t2: x 400: discharge 50                                -> soc   0, grid 350, shed 50 -> 300
     *   t3: x 200: charge min(100, 50 kW, room 100) = 50       -> soc  50, grid 250
     * Without the guard the peak is 350 kW (t1, t2); with it 300 kW, shedding 100 kWh.
     */
    const hub = testHub({
      startMs: JAN_10,
      members: [{ id: 'm1', demand: [200, 400, 400, 200] }],
      importCapKw: 300,
      flexibleLoad: [{ member: 'm1', share: 0.25, maxHoursPerDay: 4 }],
      battery: battery({ capacityKwh: 100, socInitialKwh: 60, chargeKw: 50, dischargeKw: 50 }),
    });
    const { results } = runHub(hub, [
      StrategySpec.parse({ kind: 'peak-shaving', thresholdKw: 300, guard: false }),
      StrategySpec.parse({ kind: 'peak-shaving', thresholdKw: 300, guard: true }),
    ]);
    const [plain, guarded] = results;
    expect(guarded.strategy).toBe('peak-shaving+guard');
    expectSeries(plain.run.recorder.gridKw, [240, 350, 350, 250], 'grid without guard');
    expectSeries(guarded.run.recorder.batteryKw, [40, -50, -50, 50], 'battery');
    expectSeries(guarded.run.recorder.socKwh, [100, 50, 0, 50], 'soc');
    expectSeries(guarded.run.recorder.shedKw, [0, 50, 50, 0], 'shed');
    expectSeries(guarded.run.recorder.gridKw, [240, 300, 300, 250], 'grid with guard');
    expect(plain.metrics.peakImportKw).toBe(350);
    expect(guarded.metrics.peakImportKw).toBe(300);
    expect(guarded.metrics.energyShedKwh).toBeCloseTo(100, 9);
    expect(guarded.metrics.hoursAboveImportCap).toBe(0);
  });
});

describe('metrics on one run, by hand', () => {
  it('peak-shaving+guard with PV, caps, a flexible load and a battery', () => {
    /*
     * 1 h steps, local day 0 throughout.
     *   m1 [300, 400, 100, 300] kW, own connection 450 kW; m2 [100, 100, 100, 170], own connection 200 kW.
     *   demand [400, 500, 200, 470], PV [0, 0, 400, 0]: x = [400, 500, -200, 470].
     *   Import cap 400, export cap 100. Flexible: 10 % of m1 = [30, 40, 10, 30] kW, 1 step a day.
     *   Battery 100 kWh, initial 50, charge 50 kW, discharge 100 kW, eta 1. Threshold 400 kW.
     * Peak shaving:
     *   t0: x 400 = threshold: charge min(0, ...) = 0                  -> soc 50, grid 400
     *   t1: x 500: discharge min(100, 100 kW, 50 kWh) = 50            -> soc  0, grid 450
     *   t2: x -200: charge min(600, 50 kW, room 100) = 50             -> soc 50, grid -150
     *   t3: x 470: discharge min(70, 100 kW, 50 kWh) = 50             -> soc  0, grid 420
     * Guard:
     *   t0: grid 400 is not above the cap: nothing.
     *   t1: excess 50, shed min(50, 40) = 40 (the day's only step)     -> grid 410
     *   t2: export 150 > 100: curtail min(50, 400) = 50                 -> grid -100
     *   t3: excess 20, budget spent                                     -> grid 420
     * Metrics:
     *   coincidentPeakKw = max x = 500; peakImportKw = 420
     *   peakReductionKw = 500 - 420 = 80; peakReductionPct = 80/500 = 16 %
     *   sumOfMemberPeaksKw = 400 + 170 = 570
     *   memberContractedKw = 450 + 200 = 650 (an input); the peak 420 is above the cap 400: the hub
     *   is short by 20 kW and frees nothing, so diversityKw, controlKw and capacityFreedKw are empty;
     *   contractHeadroomKw = 400 - 420 = -20
     *   hoursAboveImportCap = 2 (t1 410, t3 420); energyAboveImportCapKwh = 10 + 20 = 30
     *   energyShedKwh = 40; energyCurtailedKwh = 50
     *   equivalentFullCycles = discharged (50 + 50) / 100 kWh = 1
     *   selfConsumptionRatio = (400 - 50 curtailed - 100 exported) / 400 = 0.625
     *   importEnergyKwh = 400 + 410 + 420 = 1230; batteryLossesKwh = 50 - 100 - (0 - 50) = 0
     */
    const spec: TestHub = {
      startMs: JAN_10,
      members: [
        { id: 'm1', demand: [300, 400, 100, 300], ownConnectionKw: 450 },
        { id: 'm2', demand: [100, 100, 100, 170], ownConnectionKw: 200 },
      ],
      pv: [0, 0, 400, 0],
      importCapKw: 400,
      exportCapKw: 100,
      flexibleLoad: [{ member: 'm1', share: 0.1, maxHoursPerDay: 1 }],
      battery: battery({ capacityKwh: 100, socInitialKwh: 50, chargeKw: 50, dischargeKw: 100 }),
    };
    const hub = testHub(spec);
    const r = run(hub, StrategySpec.parse({ kind: 'peak-shaving', thresholdKw: 400, guard: true }));
    expectSeries(r.recorder.batteryKw, [0, -50, 50, -50], 'battery');
    expectSeries(r.recorder.shedKw, [0, 40, 0, 0], 'shed');
    expectSeries(r.recorder.curtailedKw, [0, 0, 50, 0], 'curtailed');
    expectSeries(r.recorder.gridKw, [400, 410, -100, 420], 'grid');
    const m = computeMetrics(hub, r);
    expect(m.coincidentPeakKw).toBe(500);
    expect(m.peakImportKw).toBeCloseTo(420, 9);
    expect(m.peakReductionKw).toBeCloseTo(80, 9);
    expect(m.peakReductionPct).toBeCloseTo(16, 9);
    expect(m.sumOfMemberPeaksKw).toBe(570);
    expect(m.memberContractedKw).toBe(650);
    expect([m.diversityKw, m.controlKw, m.capacityFreedKw]).toEqual([null, null, null]);
    expect(m.capacityShortKw).toBeCloseTo(20, 9);
    expect(m.contractHeadroomKw).toBeCloseTo(-20, 9);
    /*
     * The same hub with an import cap of 500 kW: the guard sheds nothing (t1 450 <= 500), so the grid
     * is [400, 450, -100, 420] and the peak 450. diversityKw = 570 - 500 = 70 (what sharing one
     * connection frees), controlKw = 500 - 450 = 50, capacityFreedKw = 120 = 570 - 450;
     * contractHeadroomKw = 500 - 450 = 50 is not part of it.
     */
    const roomy = testHub({ ...spec, importCapKw: 500 });
    const wide = computeMetrics(roomy, run(roomy, StrategySpec.parse({ kind: 'peak-shaving', thresholdKw: 400, guard: true })));
    expect(wide.peakImportKw).toBeCloseTo(450, 9);
    expect(wide.diversityKw).toBeCloseTo(70, 9);
    expect(wide.controlKw).toBeCloseTo(50, 9);
    expect(wide.capacityFreedKw).toBeCloseTo(120, 9);
    expect(wide.contractHeadroomKw).toBeCloseTo(50, 9);
    expect(wide.capacityShortKw).toBe(0);
    expect(m.hoursAboveImportCap).toBe(2);
    expect(m.energyAboveImportCapKwh).toBeCloseTo(30, 9);
    expect(m.energyShedKwh).toBeCloseTo(40, 9);
    expect(m.energyCurtailedKwh).toBeCloseTo(50, 9);
    expect(m.equivalentFullCycles).toBeCloseTo(1, 12);
    expect(m.selfConsumptionRatio).toBeCloseTo(0.625, 12);
    expect(m.importEnergyKwh).toBeCloseTo(1230, 9);
    expect(m.exportEnergyKwh).toBeCloseTo(100, 9);
    expect(m.batteryLossesKwh).toBeCloseTo(0, 9);
    expect(m.importCapKw).toBe(400);
    expect(m.exportCapKw).toBe(100);
  });
});

describe('15-minute steps: energy = power x 0.25 h', () => {
  it('peak shaving over one hour of quarter-hours', () => {
    /*
     * stepMinutes 15, so dt = 0.25 h. x = [140, 140, 60, 60] kW, threshold 100 kW, import cap 90 kW.
     * Battery 20 kWh, full (20 kWh), 40 kW both ways, eta 1.
     *   t0: gap 40; available 20 kWh / 0.25 h = 80 kW, limit 40 -> discharge 40: 40 x 0.25 = 10 kWh, soc 10
     *   t1: gap 40; available 10 / 0.25 = 40 kW                 -> discharge 40: soc 0
     *   t2: headroom 40; room 20 / 0.25 = 80 kW, limit 40       -> charge 40: +10 kWh, soc 10
     *   t3: charge 40                                            -> soc 20
     * grid 100 kW throughout. Energies: demand (140 + 140 + 60 + 60) x 0.25 = 100 kWh, import
     * 4 x 100 x 0.25 = 100 kWh, discharged 2 x 40 x 0.25 = 20 kWh = 1 full cycle of 20 kWh, charged
     * 20 kWh. Above the 90 kW cap in all 4 steps: 4 x 0.25 = 1 h and 4 x 10 x 0.25 = 10 kWh.
     */
    const hub = testHub({
      startMs: JAN_10,
      stepMinutes: 15,
      members: [{ id: 'm1', demand: [140, 140, 60, 60] }],
      importCapKw: 90,
      battery: battery({ capacityKwh: 20, socInitialKwh: 20, chargeKw: 40, dischargeKw: 40 }),
    });
    expect(hub.axis.stepHours).toBe(0.25);
    const r = run(hub, StrategySpec.parse({ kind: 'peak-shaving', thresholdKw: 100, guard: false }));
    expectSeries(r.recorder.batteryKw, [-40, -40, 40, 40], 'battery');
    expectSeries(r.recorder.socKwh, [10, 0, 10, 20], 'soc');
    expectSeries(r.recorder.gridKw, [100, 100, 100, 100], 'grid');
    const m = computeMetrics(hub, r);
    expect(m.demandEnergyKwh).toBeCloseTo(100, 9);
    expect(m.importEnergyKwh).toBeCloseTo(100, 9);
    expect(m.batteryDischargeKwh).toBeCloseTo(20, 9);
    expect(m.batteryChargeKwh).toBeCloseTo(20, 9);
    expect(m.equivalentFullCycles).toBeCloseTo(1, 12);
    expect(m.hoursAboveImportCap).toBe(1);
    expect(m.energyAboveImportCapKwh).toBeCloseTo(10, 9);
    // loadFactor = mean import / peak = (100 kWh / 1 h) / 100 kW = 1.
    expect(m.loadFactor).toBeCloseTo(1, 12);
  });
});

describe('peak-shaving remembers the month\'s measured peak', () => {
  /*
   * Three local days from 2023-01-30 00:00 Amsterdam (2023-01-29T23:00Z): Jan 30 and 31, then
   * February 1. Net load 80 kW, with 150 kW in hours 10-12 every day and 200 kW in hour 16 of Jan 31.
   * Battery 60 kWh (full at the start), 100 kW both ways, lossless; thresholdKw 100.
   *
   * Jan 30 (month peak so far 0, holds 100): h10 discharges 50 (soc 10), grid 100; h11 discharges
   *   the last 10, grid 140; h12 grid 150 (empty); h13-15 recharge 20 each (soc 20, 40, 60), grid 100;
   *   h16-23 full, grid 80. The meter's peak that day: 150.
   * Jan 31 (same month: holds max(100, 150) = 150): hours 10-12 are at the level, grid 150, no
   *   discharge; h16 discharges 50 (soc 10), grid 150; h17 recharges up to 150 but only 50 fit
   *   (soc 60), grid 130; then 80. (Holding 100 again would have emptied the battery by h11 and
   *   recharged it to 60 by h15: h16 grid 200 - 60 = 140, no better than the month's 150 already paid.)
   * Feb 1 (a new month: holds 100 again): as Jan 30.
   */
  const day = (extra: Record<number, number>) => Array.from({ length: 24 }, (_, h) => extra[h] ?? (h >= 10 && h <= 12 ? 150 : 80));
  const hub = testHub({
    startMs: Date.UTC(2023, 0, 29, 23),
    members: [{ id: 'm', demand: [...day({}), ...day({ 16: 200 }), ...day({})] }],
    battery: battery({ capacityKwh: 60, socInitialKwh: 60, chargeKw: 100, dischargeKw: 100 }),
  });
  it('holds the month\'s peak once the meter has measured it, and lets it go in a new month', () => {
    const r = run(hub, StrategySpec.parse({ kind: 'peak-shaving', thresholdKw: 100, guard: false }));
    const first = day({}).map((x, h) => (h === 10 ? 100 : h === 11 ? 140 : h >= 13 && h <= 15 ? 100 : x));
    const second = day({ 16: 200 }).map((x, h) => (h === 16 ? 150 : h === 17 ? 130 : x));
    expectSeries(r.recorder.gridKw, [...first, ...second, ...first], 'grid');
    expect(r.balance.peakImportKw).toBe(150);
  });
});

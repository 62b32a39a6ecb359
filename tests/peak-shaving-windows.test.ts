import { describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulate.js';
import type { Planner } from '../src/engine/planner.js';
import { NO_BATTERY, type BatteryParams, type ResolvedHub } from '../src/model/resolved.js';
import { StrategySpec, strategyName } from '../src/model/strategy.js';
import { PeakShaving, peakShavingLevels } from '../src/strategies/peak-shaving.js';
import { createPlanner, preparePreviousYear } from '../src/strategies/registry.js';
import { testHub } from './support/build-hub.js';
import { propertyHubs, propertyTimeout } from './support/property-hubs.js';
import { rng } from './support/random.js';

/*
 * A peak shaver plans each local day from the meter's peak of the days before it (the month's peak,
 * src/strategies/peak-shaving.ts). A batch run plans each day as the engine's held-level pass
 * reaches it (Planner.heldLevels, Physics.holdWindows); a recorded run, and the reference here, plan
 * them through the engine's day windows (plan). Over random hubs of several weeks across month boundaries, with one level or two,
 * a recharge share below 1, the guard on and off, an import cap that varies or none, with the year
 * before in memory or learning first, all three must give the same grid exchange and sums, to the bit.
 */

/** The same planner through the engine's windows only: what it plans, without Planner.heldLevels. */
function throughWindows(inner: Planner): Planner {
  return {
    name: inner.name,
    windowSteps: inner.windowSteps,
    ...(inner.windowStarts !== undefined ? { windowStarts: inner.windowStarts } : {}),
    plan: (view, out) => inner.plan(view, out),
  };
}

/** Demand, generation and caps of `days` local days from `startMs`, drawn from `r`. */
function randomColumns(r: () => number, days: number, stepMinutes: number) {
  const steps = (days * 24 * 60) / stepMinutes;
  const dt = stepMinutes / 60;
  const base = 50 + r() * 500;
  const swing = r() * base;
  const demand = new Float64Array(steps);
  for (let t = 0; t < steps; t++) {
    const hour = (t * dt) % 24;
    const day = Math.floor((t * dt) / 24);
    // Weekdays heavier than weekends, a peak in the afternoon, noise and now and then a spike.
    const week = day % 7 < 5 ? 1 : 0.6;
    const spike = r() < 0.01 ? r() * base : 0;
    demand[t] = Math.max(0, week * (base + swing * Math.sin(((hour - 9) / 24) * 2 * Math.PI)) + (r() - 0.5) * 0.4 * base + spike);
  }
  const pvKwp = r() < 0.5 ? r() * 1.5 * base : 0;
  const pv = new Float64Array(steps);
  for (let t = 0; t < steps; t++) pv[t] = pvKwp * Math.max(0, Math.sin(((((t * dt) % 24) - 6) / 12) * Math.PI)) * (0.4 + 0.6 * r());
  return { demand, pv };
}

function randomBattery(r: () => number, scale: number): BatteryParams {
  if (r() < 0.08) return NO_BATTERY;
  const capacityKwh = 20 + r() * 6 * scale;
  const socMin = r() * 0.2;
  const socMax = 0.8 + r() * 0.2;
  const power = capacityKwh * (0.1 + r());
  return {
    capacityKwh,
    socMinKwh: socMin * capacityKwh,
    socMaxKwh: socMax * capacityKwh,
    socInitialKwh: (socMin + r() * (socMax - socMin)) * capacityKwh,
    chargeKw: power * (0.5 + r()),
    dischargeKw: power * (0.5 + r()),
    chargeEfficiency: 0.85 + r() * 0.15,
    dischargeEfficiency: 0.85 + r() * 0.15,
    selfDischargePerHour: r() < 0.5 ? r() * 0.002 : 0,
  };
}

/** A random hub of 20-70 days around month ends, and the same hub's days just before it (its year before). */
function randomCase(seed: number): { hub: ResolvedHub; previous: ResolvedHub; specs: StrategySpec[] } {
  const r = rng(seed);
  const stepMinutes = r() < 0.75 ? 60 : 15;
  const days = 20 + Math.floor(r() * 50);
  const previousDays = 3 + Math.floor(r() * 30);
  // Local midnight (Europe/Amsterdam) of a day in the last fortnight of a month: the billing month changes within the run.
  const month = Math.floor(r() * 12);
  const startMs = Date.UTC(2023, month, 15 + Math.floor(r() * 14)) - (month >= 3 && month <= 9 ? 2 : 1) * 3_600_000;
  const cols = randomColumns(r, days, stepMinutes);
  const before = randomColumns(r, previousDays, stepMinutes);
  let peak = 0;
  for (let t = 0; t < cols.demand.length; t++) peak = Math.max(peak, cols.demand[t] - cols.pv[t]);
  // An import cap: none, one level, or a level lowered in the evening hours and on some days.
  const capKind = r();
  const capLevel = peak * (0.6 + 0.5 * r());
  const cap = (steps: number): Float64Array | undefined => {
    if (capKind < 0.3) return undefined;
    const out = new Float64Array(steps).fill(capLevel);
    if (capKind > 0.6) for (let t = 0; t < steps; t++) if (((t * stepMinutes) / 60) % 24 >= 16 && ((t * stepMinutes) / 60) % 24 < 20) out[t] = capLevel * (0.5 + 0.4 * r());
    return out;
  };
  const battery = randomBattery(r, peak);
  // Flexible load for the guard to shed, sometimes owed back later (recoverWithinHours).
  const flexibleLoad = r() < 0.5 ? [{ member: 'm0', share: 0.1 + r() * 0.4, maxHoursPerDay: 1 + r() * 6, ...(r() < 0.3 ? { recoverWithinHours: 1 + Math.floor(r() * 4) } : {}) }] : undefined;
  const exportCap = r() < 0.3 ? r() * peak * 0.3 : undefined;
  const hub = testHub({
    name: `windows-${seed}`,
    startMs,
    stepMinutes,
    members: [{ id: 'm0', demand: cols.demand }],
    pv: cols.pv,
    importCapKw: cap(cols.demand.length),
    exportCapKw: exportCap,
    battery,
    flexibleLoad,
  });
  const previous = testHub({
    name: `windows-${seed}-before`,
    startMs: startMs - previousDays * 86_400_000,
    stepMinutes,
    members: [{ id: 'm0', demand: before.demand }],
    pv: before.pv,
    importCapKw: cap(before.demand.length),
    battery,
  });
  const specs: StrategySpec[] = [];
  for (let k = 0; k < 4; k++) {
    const marginShare = r() < 0.35 ? 0 : r();
    const rechargeBelowShare = r() < 0.5 ? 1 : 0.3 + 0.7 * r();
    const guard = r() < 0.5;
    specs.push(StrategySpec.parse({ kind: 'peak-shaving', name: `ps-${k}`, windowDays: 1 + Math.floor(r() * 28), marginShare, rechargeBelowShare, guard }));
  }
  // The levels that are not sized online: a given level (not lowered to the cap) and the hindsight bound.
  specs.push(StrategySpec.parse({ kind: 'peak-shaving', name: 'ps-kw', thresholdKw: peak * r(), rechargeBelowShare: r() < 0.5 ? 1 : 0.5, guard: r() < 0.5 }));
  specs.push(StrategySpec.parse({ kind: 'peak-shaving', name: 'ps-hindsight', thresholdFrom: 'hindsight', guard: r() < 0.5 }));
  return { hub, previous, specs };
}

/** Whether two columns hold the same numbers, bit for bit. */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe('the peak shaver planned as the held-level pass reaches each day', () => {
  it(`gives the run of its day windows, to the bit, on ${propertyHubs(150)} random hubs`, () => {
    let runs = 0;
    let inPass = 0;
    let remembered = 0;
    let shed = 0;
    for (let seed = 1; seed <= propertyHubs(150); seed++) {
      const { hub, previous, specs } = randomCase(seed);
      const n = hub.axis.steps;
      for (const spec of specs) {
        for (const remembers of [false, true]) {
          if (spec.kind !== 'peak-shaving') continue;
          const named = StrategySpec.parse({ ...spec, name: `${strategyName(spec)}${remembers ? '-memory' : ''}` });
          if (remembers) preparePreviousYear(named, hub, previous);
          const where = `seed ${seed} ${strategyName(named)}`;
          const planner = createPlanner(named, hub);
          if (planner.heldLevels !== undefined) inPass++;
          const gridPass = new Float64Array(n);
          const gridWindows = new Float64Array(n);
          const pass = simulate(hub, planner, { record: false, gridKw: gridPass });
          const windows = simulate(hub, throughWindows(createPlanner(named, hub)), { record: false, gridKw: gridWindows });
          const recorded = simulate(hub, createPlanner(named, hub));
          expect(sameBits(gridPass, gridWindows), `${where}: grid, pass against windows`).toBe(true);
          expect(sameBits(gridPass, recorded.recorder.gridKw), `${where}: grid, pass against recorded`).toBe(true);
          expect(pass.balance, where).toEqual(windows.balance);
          expect(pass.balance, where).toEqual(recorded.balance);
          // The memory of the month's peak is exercised: the same levels with every day a month of its own run otherwise.
          const peakShaving = named as Extract<StrategySpec, { kind: 'peak-shaving' }>;
          const l = peakShavingLevels(peakShaving, hub);
          const ownMonths = Int32Array.from({ length: hub.dayStarts.length - 1 }, (_, d) => d);
          const forgetful = new PeakShaving('forgetful', l.dischargeAboveKw, l.chargeBelowKw, l.cappedByImportCap, peakShaving.rechargeBelowShare, hub.dayIndex, hub.dayStarts, ownMonths);
          const gridForgetful = new Float64Array(n);
          simulate(hub, forgetful, { record: false, gridKw: gridForgetful });
          if (!sameBits(gridPass, gridForgetful)) remembered++;
          if (pass.balance.shedKwh > 0) shed++;
          runs++;
        }
      }
    }
    expect(runs).toBeGreaterThan(propertyHubs(150) * 10);
    expect(inPass).toBeGreaterThan(runs / 2);
    expect(remembered).toBeGreaterThan(runs / 10);
    expect(shed).toBeGreaterThan(0);
  }, propertyTimeout(120_000));
});

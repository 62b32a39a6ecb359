// Causality: a controller decides at step t only from data before t (and forecasts made from such
// data). For every causal strategy, changing the net load after a step t (and the rest of the
// substation's load, which the grid-aware signal reads) must leave everything the run did at and
// before t exactly as it was: battery power, state of charge, shedding, curtailment, shifted load
// recovered and rebounding, flags and grid exchange, to the bit. A day-ahead planner's setpoints
// (the grid-aware signal's levels) must not change up to the end of the day the change starts in:
// that day was planned before the change became known. The perfect-foresight bounds (optimal, peak
// shaving sized in hindsight, the joint grid-aware plan) fail it, which shows the test can fail.
//
// Covered, by kind (src/strategies/registry.ts FACTORIES) and option (src/model/strategy.ts):
//   baseline; congestion; self-consumption, guard off and on;
//   peak-shaving: thresholdFrom online (windowDays, marginShare, one level or two, rechargeBelowShare),
//     design-year, a fixed thresholdKw; guard off and on; with the days before its run (a rollout's
//     previous year, a sweep's year drawn before, hubsim run's designYear) and without (it learns);
//   mpc: forecast yesterday, last-week and model (the trained forecaster applied to the hub,
//     forecaster.ts applyTo), horizonHours 24 and 48, marginQuantile 0.9 and null, guard off and on,
//     with the days measured before its axis (designYear in hubsim run) and without;
//   flex plan forecast: each day planned on the days before, at the online peak shaver's levels (with
//     the days before and without) or a fixed thresholdKw, guard off and on (the random hubs have no
//     contract or flex market: the levels, the reserve and the refill are what runs);
//   grid-aware plan day-ahead: the signal of a hub alone on its substation (registry.ts
//     prepareSubstation, grid-aware.ts aloneSignal), marginQuantile 0.9 and null, guard off and on,
//     with the days before (and the substation's other load over them) and without;
// on hubs whose flexible load is lost when shed, or shifted (recoverWithinHours) for some or all of
// it, on hourly and 15-minute axes.
// Not causal, so not here but among the bounds: optimal, lp, flex plan perfect, peak-shaving with
// threshold hindsight or thresholdQuantile, grid-aware plan joint (foresight() says 'perfect').
import { describe, expect, it } from 'vitest';
import { simulate, type RecordedRun } from '../src/engine/simulate.js';
import { dailyNetLoad, shippedWeather } from '../src/forecast/features.js';
import type { Forecaster } from '../src/forecast/forecaster.js';
import type { ResolvedHub } from '../src/model/resolved.js';
import { foresight, StrategySpec, strategyName } from '../src/model/strategy.js';
import { forecastKindsOf, lastDaysMeasured, MPC_MEMORY_DAYS, naiveDayForecast, setDayForecast, setMeasuredBefore } from '../src/strategies/day-forecasts.js';
import { endsWithHead, type DaysBefore } from '../src/strategies/days-before.js';
import { gridSignal } from '../src/strategies/grid-aware.js';
import { createPlanner, prepareDaysBefore, preparePreviousYear, prepareSubstation } from '../src/strategies/registry.js';
import { testHub, variantOf } from './support/build-hub.js';
import { propertyHubs, propertyTimeout } from './support/property-hubs.js';
import { randomHubSpec } from './support/random-hub.js';
import { rng } from './support/random.js';

const CAUSAL: StrategySpec[] = [
  { kind: 'baseline' },
  { kind: 'congestion' },
  { kind: 'self-consumption', guard: false },
  { kind: 'self-consumption', guard: true },
  { kind: 'peak-shaving', guard: false },
  { kind: 'peak-shaving', guard: true },
  { kind: 'peak-shaving', name: 'one-level', marginShare: 0, guard: false },
  { kind: 'peak-shaving', name: 'two-threshold', rechargeBelowShare: 0.8, guard: true },
  { kind: 'peak-shaving', name: 'windowed', windowDays: 2, marginShare: 0.05, guard: false },
  { kind: 'peak-shaving', name: 'fixed', thresholdKw: 300, guard: true },
  { kind: 'peak-shaving', name: 'design', thresholdFrom: 'design-year', guard: false },
  { kind: 'peak-shaving', name: 'design-two', thresholdFrom: 'design-year', rechargeBelowShare: 0.7, guard: true },
  { kind: 'mpc', forecast: 'yesterday' },
  { kind: 'mpc', name: 'mpc-yesterday-48', forecast: 'yesterday', horizonHours: 48, marginQuantile: null },
  { kind: 'mpc', forecast: 'last-week', horizonHours: 48, guard: false },
  { kind: 'flex' },
  { kind: 'flex', name: 'flex-fixed', thresholdKw: 300, guard: false },
  { kind: 'grid-aware', guard: false },
  { kind: 'grid-aware', guard: true },
  { kind: 'grid-aware', name: 'grid-aware-no-margin', marginQuantile: null, guard: false },
].map((s) => StrategySpec.parse(s));

/** MPC on the trained model (its own test: the forecaster trains for a second or so per hub). */
const MODEL: StrategySpec[] = [
  { kind: 'mpc', forecast: 'model' },
  { kind: 'mpc', name: 'mpc-model-48', forecast: 'model', horizonHours: 48, guard: false },
  { kind: 'mpc', name: 'mpc-model-bare', forecast: 'model', marginQuantile: null, guard: false },
].map((s) => StrategySpec.parse(s));

const YESTERDAY = StrategySpec.parse({ kind: 'mpc', forecast: 'yesterday' });

const BOUNDS: StrategySpec[] = [
  { kind: 'optimal', guard: false },
  { kind: 'peak-shaving', name: 'hindsight', thresholdFrom: 'hindsight', guard: false },
  { kind: 'grid-aware', plan: 'joint', guard: false },
  { kind: 'flex', plan: 'perfect' },
].map((s) => StrategySpec.parse(s));

const DAY_MS = 86_400_000;
/**
 * Local days before the axis a hub remembers when it has them: more than any strategy reads but a
 * design year (grid-aware 35, an online peak shaver 28, MPC 15).
 */
const BEFORE_DAYS = 42;
const SHIFTS = ['none', 'mixed', 'all'] as const;

/** The loads a run reads: the hub's own and the rest of its substation's (background and other terrains, kW). */
interface Loads {
  readonly hub: ResolvedHub;
  readonly otherKw: Float64Array;
}

/** A random hub on one substation, and the same with its loads changed after a step. */
interface Scenario extends Loads {
  /** A step drawn for the hub: the loads after it are changed. */
  readonly after: number;
  /** The loads changed from step `after` + 1 on (the same for the same step). */
  changedAfter(after: number): Loads;
  /** The days before the axis (BEFORE_DAYS, their last ending where the axis begins), or null: the controllers learn. */
  readonly before: DaysBefore | null;
  /** The same days as a hub (MPC reads them through lastDaysMeasured, the model trains on them). */
  readonly beforeHub: ResolvedHub | null;
}

interface ScenarioOptions {
  shift: (typeof SHIFTS)[number];
  withBefore: boolean;
  /** The first month the axis may start in (0: January); the model reads shipped 2023 weather over the days before too. */
  firstMonth?: number;
}

/**
 * A random hub (randomHubSpec) on an axis of 10-20 days from a UTC midnight in 2023 (MPC plans at UTC
 * midnights), with BEFORE_DAYS days before it when asked, and the rest of its substation: a daily
 * shape with noise, 1-5 times the hub's mean demand. Changed after a step: from the next on, every
 * member's demand, the PV, the wind and the substation's other load scaled, more or less (the
 * flexible loads' available power follows their members' demand).
 */
function scenario(seed: number, { shift, withBefore, firstMonth = 0 }: ScenarioOptions): Scenario {
  const base = randomHubSpec(seed, shift);
  const r = rng(seed + 1000);
  const stepsPerDay = Math.round((24 * 60) / base.stepMinutes);
  const days = 10 + Math.floor(r() * 11);
  // Any day of a month: a month's start in the axis sets the month's peak, which MPC and peak shaving remember, back to none.
  const startMs = Date.UTC(2023, firstMonth + Math.floor(r() * (12 - firstMonth)), 1 + Math.floor(r() * 28));
  const lead = withBefore ? BEFORE_DAYS * stepsPerDay : 0;
  const total = lead + days * stepsPerDay;
  const stretch = (c: ArrayLike<number>): Float64Array => Float64Array.from({ length: total }, (_, t) => c[t % c.length]);
  const members = base.members.map((m) => ({ ...m, demand: stretch(m.demand) }));
  const pv = stretch(base.pv);
  const wind = stretch(base.wind);
  const importCapKw = stretch(base.importCapKw);
  const exportCapKw = stretch(base.exportCapKw);
  const o = rng(seed + 2000);
  let meanDemand = 0;
  for (const m of base.members) for (const v of m.demand) meanDemand += v / m.demand.length;
  const level = (1 + 4 * o()) * meanDemand;
  const phase = o() * 24;
  const dt = base.stepMinutes / 60;
  const otherAll = Float64Array.from({ length: total }, (_, t) => level * (1 + 0.4 * Math.sin((2 * Math.PI * (t * dt - phase)) / 24) + 0.2 * (o() - 0.5)));

  // The steps [from, to) of the columns given as a hub (the axis is [lead, total), the days before [0, lead)).
  const on = (from: number, to: number, cols: { members: typeof members; pv: Float64Array; wind: Float64Array }): ResolvedHub =>
    testHub({
      ...base,
      startMs: startMs - (lead - from) * (DAY_MS / stepsPerDay),
      members: cols.members.map((m) => ({ ...m, demand: m.demand.subarray(from, to) })),
      pv: cols.pv.subarray(from, to),
      wind: cols.wind.subarray(from, to),
      importCapKw: importCapKw.subarray(from, to),
      exportCapKw: exportCapKw.subarray(from, to),
    });
  const hub = on(lead, total, { members, pv, wind });
  const after = Math.floor(rng(seed + 7)() * (hub.axis.steps - 2));
  const changed = new Map<number, Loads>();
  const changedAfter = (step: number): Loads => {
    let loads = changed.get(step);
    if (loads !== undefined) return loads;
    const c = rng(seed + step);
    const change = (x: Float64Array, low: number): Float64Array => x.map((v, i) => (i > lead + step ? v * (low + (2 - low) * c()) : v));
    const cols = { members: members.map((m) => ({ ...m, demand: change(m.demand, 0.3) })), pv: change(pv, 0.3), wind: change(wind, 0.3) };
    loads = { hub: on(lead, total, cols), otherKw: change(otherAll, 0.5).slice(lead) };
    changed.set(step, loads);
    return loads;
  };
  const otherKw = otherAll.slice(lead);
  if (!withBefore) return { hub, otherKw, after, changedAfter, before: null, beforeHub: null };
  const beforeHub = on(0, lead, { members, pv, wind });
  const before: DaysBefore = {
    dayStarts: beforeHub.dayStarts,
    demandKw: beforeHub.demandKw,
    generationKw: beforeHub.generationKw,
    substationOtherKw: otherAll.slice(0, lead),
    endsWithHead: endsWithHead(beforeHub.axis),
  };
  return { hub, otherKw, after, changedAfter, before, beforeHub };
}

/**
 * One run of a strategy on the scenario's loads (or changed ones), given what the strategy's
 * callers give it: the days before (prepareDaysBefore, a sweep's and a rollout's), else a design
 * year (the unchanged hub stands in for it, the same for both runs); the substation's other load;
 * MPC's day-ahead forecasts, the model's from `forecaster` (trained on the days before).
 */
function runOn(s: Scenario, loads: Loads, spec: StrategySpec, forecaster: Forecaster | null = null): { run: RecordedRun; hub: ResolvedHub } {
  // A fresh object per run: what a strategy is given is kept per hub object.
  const hub = variantOf(loads.hub, {});
  if (s.before !== null) prepareDaysBefore(spec, hub, s.before);
  else if (spec.kind === 'peak-shaving' && spec.thresholdFrom === 'design-year') preparePreviousYear(spec, hub, s.hub);
  prepareSubstation(spec, hub, loads.otherKw, s.before);
  if (spec.kind === 'mpc') {
    const kinds = forecastKindsOf(spec);
    const model = kinds.includes('model');
    const measured = s.beforeHub === null ? undefined : lastDaysMeasured(s.beforeHub, MPC_MEMORY_DAYS, model ? shippedWeather(dailyNetLoad(s.beforeHub)) : null);
    for (const kind of kinds) setDayForecast(hub, kind, kind === 'model' ? forecaster!.applyTo(hub, { before: measured }) : naiveDayForecast(hub, kind, measured));
    if (measured !== undefined) setMeasuredBefore(hub, measured.netKw);
  }
  return { run: simulate(hub, createPlanner(spec, hub)), hub };
}

const RECORDED = ['gridKw', 'batteryKw', 'socKwh', 'shedKw', 'curtailedKw', 'recoveredKw', 'reboundKw', 'flags'] as const;

/** The first step at which two runs differ in anything they recorded, or -1. */
function firstDifference(a: RecordedRun, b: RecordedRun): number {
  for (let t = 0; t < a.recorder.steps; t++) for (const c of RECORDED) if (!Object.is(a.recorder[c][t], b.recorder[c][t])) return t;
  return -1;
}

/** The first step at which two hubs' grid-aware day-ahead levels differ, or -1. */
function firstSignalDifference(a: ResolvedHub, b: ResolvedHub, name: string): number {
  const x = gridSignal(a, name);
  const y = gridSignal(b, name);
  if (x.kind !== 'levels' || y.kind !== 'levels') throw new Error(`${name}: a day-ahead signal was expected`);
  for (let t = 0; t < x.importKw.length; t++) if (!Object.is(x.importKw[t], y.importKw[t]) || !Object.is(x.rechargeKw[t], y.rechargeKw[t])) return t;
  return -1;
}

/**
 * A second step to change the loads after, where the unchanged run acted: a step that recovered or
 * rebounded shifted load, else one that shed, else one where the battery moved (a one-step look-ahead
 * shows only where the step's decision reads the next); -1 when the run did none of these.
 */
function actedStep(run: RecordedRun, seed: number): number {
  const rec = run.recorder;
  const last = rec.steps - 2;
  for (const acted of [(t: number) => rec.recoveredKw[t] > 0 || rec.reboundKw[t] > 0, (t: number) => rec.shedKw[t] > 0, (t: number) => rec.batteryKw[t] !== 0]) {
    const steps: number[] = [];
    for (let t = 0; t <= last; t++) if (acted(t)) steps.push(t);
    if (steps.length > 0) return steps[Math.floor(rng(seed + 13)() * steps.length)];
  }
  return -1;
}

/**
 * The violations of one strategy on one scenario, changed after its drawn step, after a step where
 * the unchanged run acted (actedStep) and after each of `more`: a recorded step at or before the
 * step changed after that differs, and for the grid-aware day-ahead signal a level that differs
 * before the end of the local day the change starts in. Empty when causal.
 */
function violations(s: Scenario, seed: number, spec: StrategySpec, forecaster: Forecaster | null = null, more: readonly number[] = []): { messages: string[]; a: RecordedRun } {
  const a = runOn(s, s, spec, forecaster);
  const messages: string[] = [];
  for (const after of new Set([s.after, actedStep(a.run, seed), ...more])) {
    if (after < 0) continue;
    const b = runOn(s, s.changedAfter(after), spec, forecaster);
    const first = firstDifference(a.run, b.run);
    if (first !== -1 && first <= after) messages.push(`step ${first} differs, the change starts after ${after}`);
    if (spec.kind === 'grid-aware' && spec.plan === 'day-ahead') {
      const planned = s.hub.dayStarts[s.hub.dayIndex[after + 1] + 1];
      const level = firstSignalDifference(a.hub, b.hub, strategyName(spec));
      if (level !== -1 && level < planned) messages.push(`the signal's level at step ${level} differs, before the end of the day planned (step ${planned}); the change starts after ${after}`);
    }
  }
  return { messages, a: a.run };
}

/** A violation: the hub's seed, the strategy's name and what differed. */
interface Violation {
  readonly seed: number;
  readonly strategy: string;
  readonly message: string;
}

/** How many violations on how many hubs, by strategy, and the first 20. */
function summary(failures: readonly Violation[]): string {
  const seeds = new Map<string, Set<number>>();
  for (const f of failures) seeds.set(f.strategy, (seeds.get(f.strategy) ?? new Set()).add(f.seed));
  const hubs = new Set(failures.map((f) => f.seed)).size;
  const per = [...seeds].map(([name, s]) => `${name} on ${s.size}`).join('; ');
  return `${failures.length} violations on ${hubs} hubs (${per}):\n${failures
    .slice(0, 20)
    .map((f) => `seed ${f.seed}, ${f.strategy}: ${f.message}`)
    .join('\n')}`;
}

/** The scenario's shifting and days before for hub `seed`: every combination in turn. */
function optionsOf(seed: number): ScenarioOptions {
  return { shift: SHIFTS[seed % 3], withBefore: Math.floor(seed / 3) % 2 === 1 };
}

describe('causality: later net load never changes an earlier step', () => {
  const hubs = propertyHubs(300);
  it(
    `holds for every causal rule, peak shaver, naive MPC and grid-aware signal on ${hubs} random hubs (shifting none, mixed, all; with and without the days before)`,
    () => {
      let checked = 0;
      let recovered = 0;
      let signalledEarly = 0;
      const failures: Violation[] = [];
      for (let seed = 1; seed <= hubs; seed++) {
        const s = scenario(seed, optionsOf(seed));
        for (const spec of CAUSAL) {
          expect(foresight(spec), strategyName(spec)).toBe('causal');
          const { messages, a } = violations(s, seed, spec);
          for (const message of messages) failures.push({ seed, strategy: strategyName(spec), message: `${message} (${JSON.stringify(optionsOf(seed))})` });
          if (a.recorder.recoveredKw.some((v) => v > 0)) recovered++;
          // With the days before, the signal acts in the first week (it would wait a week without them).
          if (spec.kind === 'grid-aware' && s.before !== null && a.recorder.batteryKw.subarray(0, s.hub.dayStarts[Math.min(6, s.hub.dayStarts.length - 1)]).some((p) => p > 0)) signalledEarly++;
          checked++;
        }
      }
      expect(failures.length, summary(failures)).toBe(0);
      expect(checked).toBe(hubs * CAUSAL.length);
      // The cases do reach what they are meant to: shifted load recovered, and a signal from the days before.
      expect(recovered).toBeGreaterThan(0);
      expect(signalledEarly).toBeGreaterThan(0);
    },
    propertyTimeout(60_000),
  );

  // Not scaled by HUBSIM_PROPERTY_HUBS: each hub trains a forecaster.
  const modelHubs = 5;
  it(
    `holds for MPC on the trained forecast model, trained on the days before, on ${modelHubs} random hubs (with and without those days in memory)`,
    async () => {
      const { trainOrLoadForecaster } = await import('../src/forecast/forecaster.js');
      const failures: Violation[] = [];
      // Hubs on which MPC on the model ran otherwise than on same hour yesterday: the model did plan.
      let modelled = 0;
      for (let seed = 1; seed <= modelHubs; seed++) {
        // From March: the days before lie in 2023 too, whose weather the model reads.
        const s = scenario(seed, { shift: SHIFTS[seed % 3], withBefore: true, firstMonth: 2 });
        // The model learns the days before the axis, never the axis itself (a rollout trains on the
        // other weather year, hubsim run on trainYear); a few epochs: a weak model is a model all the same.
        const forecaster = await trainOrLoadForecaster(s.beforeHub!, { epochs: 5, cacheDir: null });
        // Each UTC day changed from its last step on too: a forecast that read the day it plans would
        // move the day's target, and the run would differ between its midnight and that step (the
        // month's peak so far holds the target on most days, so a drawn step alone rarely shows it).
        const perDay = Math.round(24 / s.hub.axis.stepHours);
        const lateInEachDay = Array.from({ length: Math.floor(s.hub.axis.steps / perDay) }, (_, d) => (d + 1) * perDay - 2);
        // Without the days in memory (hubsim run without designYear) as with them (a rollout, a sweep).
        for (const memory of [true, false]) {
          const t = memory ? s : { ...s, before: null, beforeHub: null };
          for (const spec of MODEL) {
            expect(foresight(spec), strategyName(spec)).toBe('causal');
            const { messages, a } = violations(t, seed, spec, forecaster, lateInEachDay);
            for (const message of messages) failures.push({ seed, strategy: `${strategyName(spec)}${memory ? ' with the days before' : ''}`, message });
            if (spec === MODEL[0] && firstDifference(a, runOn(t, t, YESTERDAY).run) !== -1) modelled++;
          }
        }
      }
      expect(failures.length, summary(failures)).toBe(0);
      expect(modelled).toBeGreaterThan(0);
    },
  );

  it('fails for the perfect-foresight bounds (optimal, peak shaving sized in hindsight, the joint grid-aware plan): the test can fail', () => {
    for (const spec of BOUNDS) {
      expect(foresight(spec)).toBe('perfect');
      let violated = 0;
      for (let seed = 1; seed <= propertyHubs(40); seed++) {
        const s = scenario(seed, optionsOf(seed));
        if (s.hub.battery.capacityKwh === 0) continue;
        const after = Math.floor(s.hub.axis.steps / 2);
        const a = runOn(s, s, spec).run;
        const b = runOn(s, s.changedAfter(after), spec).run;
        const first = firstDifference(a, b);
        if (first !== -1 && first <= after) violated++;
      }
      expect(violated, strategyName(spec)).toBeGreaterThan(0);
    }
  });
});

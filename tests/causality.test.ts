// Causality: a controller decides at step t only from data before t (and forecasts made from such
// data). For every causal strategy, changing the net load after a step t must leave everything the
// run did at and before t exactly as it was: battery power, state of charge, shedding, curtailment and
// grid exchange, to the bit. The perfect-foresight bounds (optimal, and peak shaving sized in hindsight)
// fail it, which shows the test can fail.
import { describe, expect, it } from 'vitest';
import { simulate, type RecordedRun } from '../src/engine/simulate.js';
import { hubOf, type ResolvedHub } from '../src/model/resolved.js';
import { foresight, StrategySpec, strategyName } from '../src/model/strategy.js';
import { createPlanner } from '../src/strategies/registry.js';
import { preparePreviousYear } from '../src/strategies/peak-shaving.js';
import { naiveDayForecast, setDayForecast } from '../src/strategies/day-forecasts.js';
import { testHub } from './support/build-hub.js';
import { randomHubSpec } from './support/random-hub.js';
import { rng } from './support/random.js';
import { propertyHubs } from './support/property-hubs.js';

const CAUSAL: StrategySpec[] = [
  { kind: 'baseline' },
  { kind: 'congestion' },
  { kind: 'self-consumption', guard: false },
  { kind: 'self-consumption', guard: true },
  { kind: 'peak-shaving', guard: false },
  { kind: 'peak-shaving', guard: true },
  { kind: 'peak-shaving', name: 'two-threshold', rechargeBelowShare: 0.8, guard: true },
  { kind: 'peak-shaving', name: 'windowed', windowDays: 2, marginShare: 0.05, guard: false },
  { kind: 'peak-shaving', name: 'fixed', thresholdKw: 300, guard: true },
  { kind: 'peak-shaving', name: 'design', thresholdFrom: 'design-year', guard: false },
  { kind: 'mpc', forecast: 'yesterday' },
  { kind: 'mpc', forecast: 'last-week', horizonHours: 48, guard: false },
].map((s) => StrategySpec.parse(s));

const BOUNDS: StrategySpec[] = [{ kind: 'optimal', guard: false }, { kind: 'peak-shaving', name: 'hindsight', thresholdFrom: 'hindsight', guard: false }].map((s) => StrategySpec.parse(s));

/** The hub with its net load changed from step `after` + 1 on (demand scaled, more or less). */
function changedAfter(hub: ResolvedHub, after: number, seed: number): ResolvedHub {
  const r = rng(seed);
  const demandKw = Float64Array.from(hub.demandKw);
  for (let t = after + 1; t < demandKw.length; t++) demandKw[t] *= 0.3 + 1.7 * r();
  return hubOf({ ...hub, demandKw });
}

/** A random hub on an axis that starts at a UTC midnight (MPC plans at UTC midnights), 10-20 days. */
function hubFromMidnight(seed: number): ResolvedHub {
  const base = randomHubSpec(seed);
  const r = rng(seed + 1000);
  const stepsPerDay = Math.round((24 * 60) / base.stepMinutes);
  const days = 10 + Math.floor(r() * 11);
  const steps = days * stepsPerDay;
  const startMs = Date.UTC(2023, Math.floor(r() * 12), 1);
  const stretch = (c: ArrayLike<number>): Float64Array => Float64Array.from({ length: steps }, (_, t) => c[t % c.length]);
  return testHub({
    ...base,
    startMs,
    members: base.members.map((m) => ({ ...m, demand: stretch(m.demand) })),
    pv: stretch(base.pv),
    wind: stretch(base.wind),
    importCapKw: stretch(base.importCapKw),
    exportCapKw: stretch(base.exportCapKw),
  });
}

function runOn(hub: ResolvedHub, spec: StrategySpec, design: ResolvedHub): RecordedRun {
  if (spec.kind === 'mpc') {
    setDayForecast(hub, spec.forecast, naiveDayForecast(hub, spec.forecast as 'yesterday' | 'last-week'));
    if (spec.horizonHours === 48) setDayForecast(hub, 'last-week', naiveDayForecast(hub, 'last-week'));
  }
  // A design year is other data the controller had before: here the unchanged hub itself.
  if (spec.kind === 'peak-shaving' && spec.thresholdFrom === 'design-year') preparePreviousYear(hub, spec, design);
  return simulate(hub, createPlanner(spec, hub));
}

/** The first step at which two runs differ in anything they recorded, or -1. */
function firstDifference(a: RecordedRun, b: RecordedRun): number {
  const cols = ['gridKw', 'batteryKw', 'socKwh', 'shedKw', 'curtailedKw'] as const;
  for (let t = 0; t < a.recorder.steps; t++) for (const c of cols) if (!Object.is(a.recorder[c][t], b.recorder[c][t])) return t;
  return -1;
}

describe('causality: later net load never changes an earlier step', () => {
  it(`holds for every causal strategy on ${propertyHubs(150)} random hubs (axes of 10-20 days from a UTC midnight)`, () => {
    let checked = 0;
    const hubs = propertyHubs(150);
    for (let seed = 1; seed <= hubs; seed++) {
      const hub = hubFromMidnight(seed);
      const after = Math.floor(rng(seed + 7)() * (hub.axis.steps - 2));
      const changed = changedAfter(hub, after, seed);
      for (const spec of CAUSAL) {
        expect(foresight(spec), strategyName(spec)).toBe('causal');
        const a = runOn(hub, spec, hub);
        const b = runOn(changed, spec, hub);
        const first = firstDifference(a, b);
        expect(first === -1 || first > after, `seed ${seed}, ${strategyName(spec)}: step ${first} differs, the change starts after ${after}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(hubs * CAUSAL.length);
  });

  it('fails for the perfect-foresight bounds (optimal, peak shaving sized in hindsight): the test can fail', () => {
    for (const spec of BOUNDS) {
      expect(foresight(spec)).toBe('perfect');
      let violated = 0;
      for (let seed = 1; seed <= propertyHubs(40); seed++) {
        const hub = hubFromMidnight(seed);
        if (hub.battery.capacityKwh === 0) continue;
        const after = Math.floor(hub.axis.steps / 2);
        const a = runOn(hub, spec, hub);
        const b = runOn(changedAfter(hub, after, seed), spec, hub);
        const first = firstDifference(a, b);
        if (first !== -1 && first <= after) violated++;
      }
      expect(violated, strategyName(spec)).toBeGreaterThan(0);
    }
  });
});

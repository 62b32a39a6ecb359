import { describe, expect, it } from 'vitest';
import { quantileSorted } from 'simple-statistics';
import { clockDayOf, FLEX_MEMORY_DAYS, flexMemory, flexMemoryOf, ForecastMisses, MISS_WINDOW_DAYS, missesBefore, plannedNetLoad } from '../src/strategies/flex-forecast.js';
import { StrategySpec, strategyName } from '../src/model/strategy.js';
import type { DaysBefore } from '../src/strategies/days-before.js';
import { simulate, type RecordedRun } from '../src/engine/simulate.js';
import { loadHub } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import type { ResolvedHub } from '../src/model/resolved.js';
import { hubInYear } from '../src/jobs/hub-job.js';
import { createPlanner, daysRemembered, prepareDaysBefore, preparePreviousYear } from '../src/strategies/registry.js';
import { MARGIN_MIN_DAYS } from '../src/strategies/forecast-errors.js';
import { rng } from './support/random.js';
import type { PlanView } from '../src/engine/planner.js';
import { testHub, variantOf } from './support/build-hub.js';

// The causal flex plan's forecast copies the day before (and the week before) at the same local clock
// time. The expected values come from the platform's own time zone data (Intl, Europe/Amsterdam),
// not from hubsim's summer-time rule: each step's load is its local clock time in slots since
// midnight, so a forecast that reads the right step reads its own slot back.

const wall = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Minutes since local midnight of an instant, by Intl. */
function localMinutes(ms: number): number {
  const [h, m] = wall.format(new Date(ms)).split(':').map(Number);
  return h * 60 + m;
}

function clockHub(year: number, stepMinutes: number) {
  const startMs = Date.UTC(year, 0, 1);
  const steps = Math.round((Date.UTC(year + 1, 0, 1) - startMs) / (stepMinutes * 60_000));
  const slot = Float64Array.from({ length: steps }, (_, t) => localMinutes(startMs + t * stepMinutes * 60_000) / stepMinutes);
  const hub = testHub({ startMs, stepMinutes, members: [{ id: 'clock', demand: slot }] });
  const view: PlanView = { hub, from: 0, to: steps, socKwh: 0, lastPeakImportKw: 0, demandKw: hub.demandKw, generationKw: hub.generationKw };
  return { hub, view, slot };
}

describe('the causal flex forecast reads the days before at the same local clock time', () => {
  for (const stepMinutes of [60, 15]) {
    it(`on every day of 2023 on ${stepMinutes}-minute steps, its summer-time days and its short first local day included`, () => {
      const { hub, view, slot } = clockHub(2023, stepMinutes);
      const clock = clockDayOf(hub);
      const days = hub.dayStarts.length - 1;
      let checked = 0;
      let spring = 0;
      let firstDay = 0;
      /** What a forecast reads of day `ref` at slot s (the value is the slot read), and how it found it. */
      const readOf = (ref: number, s: number): { value: number; how: 'same' | 'before-first' | 'lacking' } => {
        const has = new Set<number>();
        for (let u = hub.dayStarts[ref]; u < hub.dayStarts[ref + 1]; u++) has.add(slot[u]);
        if (has.has(s)) return { value: s, how: 'same' };
        const lowest = Math.min(...has);
        // Before the day's first step (a UTC year's first local day begins at 01:00): its first step.
        if (s < lowest) return { value: lowest, how: 'before-first' };
        // A time the day lacks (02:00-03:00 on the last Sunday of March): the latest before it.
        return { value: Math.max(...[...has].filter((x) => x < s)), how: 'lacking' };
      };
      for (let d = 1; d < days; d++) {
        const start = hub.dayStarts[d];
        const end = hub.dayStarts[d + 1];
        const out = new Float64Array(end - start);
        const from = new Int32Array(end - start);
        plannedNetLoad(view, start, end, true, out, from, clock);
        for (let t = start; t < end; t++) {
          const dayBefore = readOf(d - 1, slot[t]);
          // The higher of the day before and (from the eighth day) the week before.
          const expected = d >= 7 ? Math.max(dayBefore.value, readOf(d - 7, slot[t]).value) : dayBefore.value;
          expect(out[t - start]).toBe(expected);
          // The step it names is the day before's, at the time read.
          expect(from[t - start]).toBeGreaterThanOrEqual(hub.dayStarts[d - 1]);
          expect(from[t - start]).toBeLessThan(start);
          expect(slot[from[t - start]]).toBe(dayBefore.value);
          if (dayBefore.how === 'lacking') spring++;
          if (dayBefore.how === 'before-first') firstDay++;
          checked++;
        }
      }
      expect(checked).toBe(hub.axis.steps - hub.dayStarts[1]);
      // The Monday after the clocks go forward reads the 23-hour Sunday: its 02:00 hour is not there.
      expect(spring).toBe(60 / stepMinutes);
      // 2 January's first hour reads 1 January from 01:00 local.
      expect(firstDay).toBe(60 / stepMinutes);
    });
  }

  it('on the 25-hour day reads the first of the hour the day before has twice, and the day after it the same clock time', () => {
    const { hub, view } = clockHub(2023, 60);
    // 29 October 2023: the clocks go back at 01:00 UTC; 02:00-03:00 local comes twice.
    const october = hub.dayIndex[Math.round((Date.UTC(2023, 9, 29, 12) - Date.UTC(2023, 0, 1)) / 3_600_000)];
    const clock = clockDayOf(hub);
    const start = hub.dayStarts[october + 1];
    const end = hub.dayStarts[october + 2];
    const out = new Float64Array(end - start);
    const from = new Int32Array(end - start);
    plannedNetLoad(view, start, end, true, out, from, clock);
    expect(hub.dayStarts[october + 1] - hub.dayStarts[october]).toBe(25);
    // 02:00 on the Monday reads the first 02:00 of the Sunday (its third step), 10:00 its eleventh hour-step.
    expect(from[2]).toBe(hub.dayStarts[october] + 2);
    expect(from[10]).toBe(hub.dayStarts[october] + 11);
    expect(out[10]).toBe(10);
  });

  it('plans the first local day on nothing: everything reserved for the levels', () => {
    const { hub, view } = clockHub(2023, 60);
    const end = hub.dayStarts[1];
    const out = new Float64Array(end);
    const from = new Int32Array(end);
    plannedNetLoad(view, 0, end, true, out, from, clockDayOf(hub));
    expect([...out].every((x) => x === Number.POSITIVE_INFINITY)).toBe(true);
    expect([...from].every((u) => u === -1)).toBe(true);
  });
});

describe("the causal flex plan's margin: a quantile of its forecast's misses over the last 28 days", () => {
  it('equals the quantile of the window recomputed from scratch, every day of a year of random misses (days of 23-25 steps, repeated values)', () => {
    const c = rng(28);
    const misses = new ForecastMisses(MISS_WINDOW_DAYS, 25);
    const days: number[][] = [];
    let checked = 0;
    for (let d = 0; d < 365; d++) {
      const n = d % 50 === 3 ? 23 : d % 50 === 4 ? 25 : 24;
      // Misses with ties (rounded to 10 kW) and signs of both kinds; demand minus a generation of 0 minus the plan.
      const demand = Float64Array.from({ length: n }, () => Math.round((c() - 0.6) * 80) * 10);
      const planned = new Float64Array(n);
      misses.addDay(demand, new Float64Array(n), 0, planned, n);
      days.push([...demand]);
      for (const p of [0.5, 0.9, 0.98]) {
        const window = days.slice(-MISS_WINDOW_DAYS).flat().sort((a, b) => a - b);
        const expected = days.length < MARGIN_MIN_DAYS ? 0 : Math.max(0, quantileSorted(window, p));
        expect(misses.marginKw(p), `day ${d}, p ${p}`).toBe(expected);
        checked++;
      }
    }
    expect(checked).toBe(3 * 365);
  });
});

/** Days before a run of random load: `days` local days of 24 steps, one of 23 (a short day) at `shortDay`. */
function randomDaysBefore(seed: number, days: number, shortDay: number): DaysBefore {
  const c = rng(seed);
  const lengths = Array.from({ length: days }, (_, d) => (d === shortDay ? 23 : 24));
  const dayStarts = Int32Array.from([0, ...lengths.map((_, d) => lengths.slice(0, d + 1).reduce((a, b) => a + b, 0))]);
  const n = dayStarts[days];
  return { dayStarts, demandKw: Float64Array.from({ length: n }, () => 200 + 800 * c()), generationKw: Float64Array.from({ length: n }, () => 300 * c()), substationOtherKw: null, endsWithHead: false };
}

describe("the causal flex plan's margin starts from the misses of the days before its run", () => {
  it('each of the last 28 days before: its net load less the higher of the day before and the week before at the same step of the day (recomputed by hand)', () => {
    const before = randomDaysBefore(5, 40, 30);
    const days = before.dayStarts.length - 1;
    const net = (u: number): number => before.demandKw[u] - before.generationKw[u];
    const got = missesBefore(before);
    expect(got.length).toBe(MISS_WINDOW_DAYS);
    got.forEach((misses, i) => {
      const d = days - MISS_WINDOW_DAYS + i;
      const start = before.dayStarts[d];
      expect(misses.length).toBe(before.dayStarts[d + 1] - start);
      for (let k = 0; k < misses.length; k++) {
        // The day copied at step k of the day, or its last step where it is shorter (the 23-step day 30).
        const at = (day: number): number => Math.min(before.dayStarts[day] + k, before.dayStarts[day + 1] - 1);
        const forecast = Math.max(net(at(d - 1)), net(at(d - 7)));
        expect(misses[k], `day ${d} step ${k}`).toBe(net(start + k) - forecast);
      }
    });
  });

  it('with fewer days before than the window: the first has no forecast, the next six the day before alone', () => {
    const before = randomDaysBefore(6, 10, -1);
    const net = (u: number): number => before.demandKw[u] - before.generationKw[u];
    const got = missesBefore(before);
    expect(got.length).toBe(9);
    // Day 3 (got[2]) reads day 2 alone; day 8 (got[7]) the higher of day 7 and day 1.
    expect(got[2][5]).toBe(net(3 * 24 + 5) - net(2 * 24 + 5));
    expect(got[7][5]).toBe(net(8 * 24 + 5) - Math.max(net(7 * 24 + 5), net(24 + 5)));
  });

  it("the window holds the days before and then the run's days: its quantile equals the one recomputed from scratch over the last 28 days of both", () => {
    const before = randomDaysBefore(7, FLEX_MEMORY_DAYS, 12);
    const remembered = missesBefore(before);
    const misses = new ForecastMisses(MISS_WINDOW_DAYS, 25);
    const days: number[][] = remembered.map((d) => [...d]);
    for (const d of remembered) misses.addMisses(d);
    const c = rng(8);
    for (let d = 0; d <= 40; d++) {
      const window = days.slice(-MISS_WINDOW_DAYS).flat().sort((a, b) => a - b);
      for (const p of [0.5, 0.98]) expect(misses.marginKw(p), `run day ${d}, p ${p}`).toBe(Math.max(0, quantileSorted(window, p)));
      const demand = Float64Array.from({ length: 24 }, () => (c() - 0.5) * 600);
      misses.addDay(demand, new Float64Array(24), 0, new Float64Array(24), 24);
      days.push([...demand]);
    }
  });

  it('a causal flex strategy remembers them (36 days asked of a sweep: the window, the week before it, the head of a first local day); plan perfect remembers nothing', () => {
    const hub = testHub({ startMs: Date.UTC(2023, 0, 1), members: [{ id: 'a', demand: new Float64Array(24 * 14).fill(500) }] });
    const before = randomDaysBefore(9, FLEX_MEMORY_DAYS, -1);
    const causal = StrategySpec.parse({ kind: 'flex' });
    const perfect = StrategySpec.parse({ kind: 'flex', plan: 'perfect' });
    const plain = StrategySpec.parse({ kind: 'flex', name: 'flex-plain', marginQuantile: null });
    for (const spec of [causal, perfect, plain]) prepareDaysBefore(spec, hub, before);
    expect(flexMemory(hub, strategyName(causal))!.misses.length).toBe(MISS_WINDOW_DAYS);
    expect(flexMemory(hub, strategyName(plain))!.dayStarts.length).toBe(8);
    expect(flexMemory(hub, strategyName(perfect))).toBe(null);
    expect(daysRemembered(causal)).toBe(MISS_WINDOW_DAYS + 8);
    expect(daysRemembered(plain)).toBe(MISS_WINDOW_DAYS + 8);
    expect(daysRemembered(perfect)).toBe(0);
  });

  it('leaves out a head of a local day at the end of the days before (a UTC year ends at 01:00 local, its last day an hour), and keeps a whole last day', () => {
    const before = randomDaysBefore(10, 40, -1);
    const withHead: DaysBefore = { ...before, dayStarts: Int32Array.from([...before.dayStarts.subarray(0, 40), before.dayStarts[40] - 23]), endsWithHead: true };
    const m = flexMemoryOf(withHead);
    expect(m.dayStarts.length - 1).toBe(7);
    expect(m.misses.length).toBe(MISS_WINDOW_DAYS);
    // The last day remembered ends where the head begins.
    const lastStart = withHead.dayStarts[38];
    expect(m.netKw[m.netKw.length - 1]).toBe(withHead.demandKw[lastStart + 23] - withHead.generationKw[lastStart + 23]);
    expect(m.misses[MISS_WINDOW_DAYS - 1].length).toBe(24);
    const w = flexMemoryOf(before);
    expect(w.netKw[w.netKw.length - 1]).toBe(before.demandKw[before.demandKw.length - 1] - before.generationKw[before.demandKw.length - 1]);
  });

  it('a run from local midnight given a UTC year before (hubsim run\'s designYear) leaves out that year\'s last hour too (an audit)', () => {
    const spec = StrategySpec.parse({ kind: 'flex' });
    const previous = testHub({ startMs: Date.UTC(2022, 10, 1), members: [{ id: 'a', demand: new Float64Array(24 * 61).fill(500) }] });
    expect(previous.dayStarts[previous.dayStarts.length - 1] - previous.dayStarts[previous.dayStarts.length - 2]).toBe(1);
    const hub = testHub({ startMs: Date.UTC(2022, 11, 31, 23), members: [{ id: 'a', demand: new Float64Array(24 * 14).fill(500) }] });
    preparePreviousYear(spec, hub, previous);
    const memory = flexMemory(hub, strategyName(spec))!;
    expect(memory.dayStarts[7] - memory.dayStarts[6]).toBe(24);
    expect(memory.misses[MISS_WINDOW_DAYS - 1].length).toBe(24);
  });

  it("plans the run's first week on the days before: day 0 on the last of them at the same clock time, day 3 the higher of day 2 and the week before (by hand)", () => {
    // A UTC year: the first local day runs from 01:00 (23 steps), so its step k is clock slot k + 1.
    const c = rng(12);
    const steps = 24 * 14;
    const hub = testHub({ startMs: Date.UTC(2023, 0, 1), members: [{ id: 'a', demand: Float64Array.from({ length: steps }, () => 300 + 700 * c()) }] });
    const before = randomDaysBefore(13, 10, -1);
    const memory = flexMemoryOf(before);
    const mem = (day: number, slot: number): number => memory.netKw[memory.dayStarts[day] + slot];
    const view: PlanView = { hub, from: 0, to: steps, socKwh: 0, lastPeakImportKw: 0, demandKw: hub.demandKw, generationKw: hub.generationKw };
    const clock = clockDayOf(hub);
    const d0 = hub.dayStarts[1];
    const out = new Float64Array(25);
    const from = new Int32Array(25);
    plannedNetLoad(view, 0, d0, true, out, from, clock, memory);
    expect(d0).toBe(23);
    for (let k = 0; k < d0; k++) expect(out[k], `day 0 step ${k}`).toBe(Math.max(mem(6, k + 1), mem(0, k + 1)));
    expect([...from.subarray(0, d0)].every((u) => u === -1)).toBe(true);
    const s3 = hub.dayStarts[3];
    plannedNetLoad(view, s3, s3 + 24, true, out, from, clock, memory);
    const net = (t: number): number => hub.demandKw[t] - hub.generationKw[t];
    // Day 2 starts at local midnight (step 47); the week before day 3 is the days before's day 3 of 7.
    for (let k = 0; k < 24; k++) expect(out[k], `day 3 step ${k}`).toBe(Math.max(net(hub.dayStarts[2] + k), mem(3, k)));
    // Without the days before: day 0 on nothing, day 3 on the day before alone.
    plannedNetLoad(view, s3, s3 + 24, true, out, from, clock, null);
    for (let k = 0; k < 24; k++) expect(out[k]).toBe(net(hub.dayStarts[2] + k));
  });
});

// An audit found the random hubs of tests/causality.test.ts without a flex market, where the margin
// never acts: a planted read of the run's own last day into the memory passed them. On flex-park
// (2023, the days before from its hub on 2019's axis, as designYear gives them) the memory moves the
// run, and later load never moves an earlier step or position (the planted read fails this).
describe('flex on flex-park starting from the days before (designYear 2019)', () => {
  const RECORDED = ['gridKw', 'batteryKw', 'socKwh', 'shedKw', 'curtailedKw', 'flags'] as const;
  /** The first step at which two runs differ in what they recorded or in their market positions, or -1. */
  function firstDiff(a: RecordedRun, b: RecordedRun): number {
    let first = Number.POSITIVE_INFINITY;
    for (const c of RECORDED) {
      const t = a.recorder[c].findIndex((v, i) => !Object.is(v, b.recorder[c][i]));
      if (t >= 0) first = Math.min(first, t);
    }
    const pa = (a.positions ?? {}) as unknown as Record<string, ArrayLike<number>>;
    const pb = (b.positions ?? {}) as unknown as Record<string, ArrayLike<number>>;
    for (const k of Object.keys(pa)) {
      for (let t = 0; t < Math.min(pa[k].length, first); t++) {
        if (!Object.is(pa[k][t], pb[k][t])) {
          first = t;
          break;
        }
      }
    }
    return first === Number.POSITIVE_INFINITY ? -1 : first;
  }

  it('the memory changes the run, and load changed after a step never changes it or an earlier one', () => {
    const loaded = loadHub('scenarios/examples/flex-park.yaml');
    const base = resolveHub(loaded);
    const previous = hubInYear(loaded, 2019);
    const run = (h: ResolvedHub, spec: StrategySpec, remember = true): RecordedRun => {
      const hub = variantOf(h, {});
      if (remember) preparePreviousYear(spec, hub, previous);
      return simulate(hub, createPlanner(spec, hub));
    };
    const bad: string[] = [];
    for (const spec of [StrategySpec.parse({ kind: 'flex' }), StrategySpec.parse({ kind: 'flex', name: 'q9', marginQuantile: 0.9 })]) {
      const a = run(base, spec);
      expect(firstDiff(a, run(base, spec, false)), `${strategyName(spec)}: the memory moves the run`).toBeGreaterThanOrEqual(0);
      for (const after of [5, 30, 47, 100, 150, 170, 200, 300, 500, 1000, 4000]) {
        const c = rng(after + 1);
        const demandKw = base.demandKw.map((v, i) => (i > after ? v * (0.5 + c()) : v));
        const f = firstDiff(a, run(variantOf(base, { demandKw }), spec));
        if (f !== -1 && f <= after) bad.push(`${strategyName(spec)} after ${after}: step ${f} differs`);
      }
    }
    expect(bad).toEqual([]);
  }, 600_000);
});

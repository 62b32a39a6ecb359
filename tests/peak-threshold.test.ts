import { describe, expect, it } from 'vitest';
import { StrategySpec } from '../src/model/strategy.js';
import { autoThreshold, dailyLevels, historyLevels, LEARNING_DAYS, onlineDayLevels, onlineLevels, peakShavingLevels, peakShavingThreshold } from '../src/strategies/peak-shaving.js';
import { preparePreviousYear } from '../src/strategies/registry.js';
import { randomHub } from './support/random-hub.js';
import { testHub } from './support/build-hub.js';

/**
 * A day's level is defined (src/strategies/peak-shaving.ts) as the lowest T >= 0 with, on the day,
 * sum(max(0, net - T)) dt <= (socMax - socMin) eta_d, T >= max(net) - dischargeKw, and
 * sum(max(0, net - T)) <= eta_c eta_d sum(min(max(0, T - net), chargeKw)) (the energy above T can be
 * charged back below T the same day); the year's threshold is the lowest T that meets this on every
 * local day. The code sorts and solves each piece exactly; here T is found independently by bisection
 * on that definition (all three conditions get easier as T rises).
 */
function byDefinition(net: Float64Array, dayIndex: Int32Array, usableKwh: number, dischargeKw: number, chargeKw: number, roundTrip: number, dt: number): number {
  let maxNet = 0;
  for (const x of net) maxNet = Math.max(maxNet, x);
  const fits = (T: number): boolean => {
    const above = new Map<number, number>();
    const below = new Map<number, number>();
    for (let t = 0; t < net.length; t++) {
      above.set(dayIndex[t], (above.get(dayIndex[t]) ?? 0) + Math.max(0, net[t] - T));
      below.set(dayIndex[t], (below.get(dayIndex[t]) ?? 0) + Math.min(Math.max(0, T - net[t]), chargeKw));
    }
    for (const [day, a] of above) {
      if (a * dt > usableKwh + 1e-9) return false;
      if (a > roundTrip * (below.get(day) ?? 0) + 1e-9) return false;
    }
    return maxNet - T <= dischargeKw + 1e-9;
  };
  let lo = 0;
  let hi = maxNet;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

describe('default peak-shaving threshold', () => {
  it('equals the definition (by bisection) on 200 random hubs', () => {
    let checked = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const hub = randomHub(seed);
      const b = hub.battery;
      if (b.capacityKwh === 0) continue;
      const net = new Float64Array(hub.axis.steps);
      for (let t = 0; t < net.length; t++) net[t] = hub.demandKw[t] - hub.generationKw[t];
      const usable = (b.socMaxKwh - b.socMinKwh) * b.dischargeEfficiency;
      const expected = byDefinition(net, hub.dayIndex, usable, b.dischargeKw, b.chargeKw, b.chargeEfficiency * b.dischargeEfficiency, hub.axis.stepHours);
      const got = autoThreshold(hub.demandKw, hub.generationKw, hub.dayStarts, b, hub.axis.stepHours);
      expect(Math.abs(got - expected), `seed ${seed}: ${got} vs ${expected}`).toBeLessThanOrEqual(1e-6 * Math.max(1, expected));
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('is the highest of the day levels (dailyLevels) on 200 random hubs', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const hub = randomHub(seed);
      const [levels] = dailyLevels(hub.demandKw, hub.generationKw, hub.dayStarts, hub.battery, hub.axis.stepHours);
      const auto = autoThreshold(hub.demandKw, hub.generationKw, hub.dayStarts, hub.battery, hub.axis.stepHours);
      let maxNet = 0;
      for (let t = 0; t < hub.axis.steps; t++) maxNet = Math.max(maxNet, hub.demandKw[t] - hub.generationKw[t]);
      expect(Math.abs(Math.min(Math.max(...levels), maxNet) - auto), `seed ${seed}`).toBeLessThanOrEqual(1e-9 * Math.max(1, auto));
    }
  });

  it('from the days that can be highest equals the highest of every day level, to the bit (random hubs and batteries)', () => {
    let pruned = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const base = randomHub(seed);
      // The hub's own battery, and one ten times smaller and ten times larger (same power): small
      // batteries make many days' levels close to the highest, large ones make few days count.
      for (const scale of [1, 0.1, 10]) {
        const b = base.battery;
        const battery = { ...b, capacityKwh: b.capacityKwh * scale, socMinKwh: b.socMinKwh * scale, socMaxKwh: b.socMaxKwh * scale, socInitialKwh: b.socInitialKwh * scale };
        const [levels] = dailyLevels(base.demandKw, base.generationKw, base.dayStarts, battery, base.axis.stepHours);
        let highest = 0;
        for (const l of levels) if (l > highest) highest = l;
        const auto = autoThreshold(base.demandKw, base.generationKw, base.dayStarts, battery, base.axis.stepHours);
        expect(Object.is(auto, highest), `seed ${seed}, battery x${scale}: ${auto} against ${highest}`).toBe(true);
        if (levels.length > 1) pruned++;
      }
    }
    expect(pruned).toBeGreaterThan(300);
  });

  it('is lowered to the import cap where the hub has one; thresholdKw wins; hindsight and design-year hold one level', () => {
    const spec = (s: object) => StrategySpec.parse({ kind: 'peak-shaving', ...s }) as Extract<StrategySpec, { kind: 'peak-shaving' }>;
    const hub = randomHub(7);
    for (const from of ['online', 'hindsight']) {
      const auto = peakShavingThreshold(spec({ thresholdFrom: from }), hub);
      // (an online threshold has no level in its first week: +Infinity, the cap alone holds then)
      for (let t = 0; t < hub.axis.steps; t++) if (auto[t] !== Number.POSITIVE_INFINITY) expect(auto[t]).toBeLessThanOrEqual(hub.importCapKw[t]);
    }
    const fixed = peakShavingThreshold(spec({ thresholdKw: 123 }), hub);
    expect(new Set(fixed)).toEqual(new Set([123]));
    const hindsight = peakShavingThreshold(spec({ thresholdFrom: 'hindsight' }), hub);
    const auto = autoThreshold(hub.demandKw, hub.generationKw, hub.dayStarts, hub.battery, hub.axis.stepHours);
    for (let t = 0; t < hub.axis.steps; t++) expect(hindsight[t]).toBe(Math.min(auto, hub.importCapKw[t]));
    // design-year: sized on another hub (the design year's data), held all year
    const design = spec({ thresholdFrom: 'design-year', name: 'ps-design' });
    expect(() => peakShavingThreshold(design, hub)).toThrow(/design year/);
    const other = randomHub(8);
    preparePreviousYear(design, hub, other);
    const sized = autoThreshold(other.demandKw, other.generationKw, other.dayStarts, hub.battery, other.axis.stepHours);
    const held = peakShavingThreshold(design, hub);
    for (let t = 0; t < hub.axis.steps; t++) expect(held[t]).toBe(Math.min(sized, hub.importCapKw[t]));
  });
});

/** The levels an online controller discharges above, by their definition: L_d + marginShare x (P_d - L_d)+ (kW). */
function raiseLevels(levels: Float64Array, dayMax: Float64Array, marginShare: number): Float64Array {
  return levels.map((l, d) => l + marginShare * (dayMax[d] > l ? dayMax[d] - l : 0));
}

describe('the online threshold (by hand)', () => {
  it('holds the highest level of the days before, learning its first week without history', () => {
    // Day levels 100, 80, 120, 90, 50, 70, 60, 40, 30 kW and a window of 2 days. Without history the
    // first LEARNING_DAYS = 7 days have no level (+Infinity); day 7: max(L5, L6) = 70; day 8:
    // max(L6, L7) = 60.
    const levels = Float64Array.from([100, 80, 120, 90, 50, 70, 60, 40, 30]);
    expect(LEARNING_DAYS).toBe(7);
    expect([...onlineDayLevels(levels, 2)]).toEqual([...Array(7).fill(Number.POSITIVE_INFINITY), 70, 60]);
    // With the last two days of the year before (110, 95) it holds from the first day:
    // day 0: max(110, 95) = 110; day 1: max(95, L0) = 100; day 2: max(L0, L1) = 100; day 3: 120.
    expect([...onlineDayLevels(levels, 2, Float64Array.from([110, 95]))].slice(0, 4)).toEqual([110, 100, 100, 120]);
  });

  it('online levels from the days that can be highest equal those from every day, to the bit (random hubs, windows, margins, histories)', () => {
    const same = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
    for (let seed = 1; seed <= 200; seed++) {
      const hub = randomHub(seed);
      const dt = hub.axis.stepHours;
      const [levels, dayMax] = dailyLevels(hub.demandKw, hub.generationKw, hub.dayStarts, hub.battery, dt);
      for (const [windowDays, marginShare] of [[28, 0.5], [1, 0], [3, 1], [5, 0.999], [2, 0.2]]) {
        for (const withHistory of [false, true]) {
          // A history of windowDays days before the first, around the year's own levels.
          const full = withHistory ? Float64Array.from({ length: windowDays }, (_, k) => levels[k % levels.length] * (0.8 + 0.1 * (k % 4))) : null;
          const history = full === null ? null : { full, raised: full.map((x, k) => x * (1 + 0.05 * (k % 3))) };
          const charge = onlineDayLevels(levels, windowDays, history?.full ?? null);
          const discharge = marginShare === 0 ? charge : onlineDayLevels(raiseLevels(levels, dayMax, marginShare), windowDays, history?.raised ?? null);
          const got = onlineLevels(hub.demandKw, hub.generationKw, hub.dayStarts, hub.battery, dt, windowDays, marginShare, history);
          expect(same(got.charge, charge), `seed ${seed}, ${windowDays} days, margin ${marginShare}, history ${withHistory}: recharge levels`).toBe(true);
          expect(same(got.discharge ?? got.charge, discharge), `seed ${seed}, ${windowDays} days, margin ${marginShare}, history ${withHistory}: discharge levels`).toBe(true);
        }
      }
    }
  });

  it('the year before\'s levels from the days that can be highest give the same online levels, to the bit, as from every day (random hubs, windows, margins)', () => {
    const same = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
    for (let seed = 1; seed <= 100; seed++) {
      const hub = randomHub(seed);
      const previous = randomHub(seed + 1000);
      const dt = hub.axis.stepHours;
      const [levels, dayMax] = dailyLevels(hub.demandKw, hub.generationKw, hub.dayStarts, hub.battery, dt);
      for (const [windowDays, marginShare] of [[28, 0.5], [1, 0], [3, 1], [5, 0.999], [2, 0.2], [400, 0.5]]) {
        // The last windowDays days of the year before (all of them when it has fewer).
        const days = previous.dayStarts.length - 1;
        const starts = previous.dayStarts.subarray(Math.max(0, days - windowDays));
        const [before, beforeMax] = dailyLevels(previous.demandKw, previous.generationKw, starts, hub.battery, dt);
        const every = { full: before, raised: raiseLevels(before, beforeMax, marginShare) };
        const pruned = historyLevels(previous.demandKw, previous.generationKw, starts, hub.battery, dt, marginShare);
        const what = `seed ${seed}, ${windowDays} days, margin ${marginShare}`;
        // Each day worked out is its exact level; the others are below a later day's.
        for (let d = 0; d < before.length; d++) {
          if (pruned.full[d] !== Number.NEGATIVE_INFINITY) expect(Object.is(pruned.full[d], before[d]), `${what}: day ${d}`).toBe(true);
          else expect(before.subarray(d + 1).some((l) => l > before[d]), `${what}: day ${d} left out`).toBe(true);
        }
        const charge = onlineDayLevels(levels, windowDays, every.full);
        const discharge = marginShare === 0 ? charge : onlineDayLevels(raiseLevels(levels, dayMax, marginShare), windowDays, every.raised);
        const got = onlineLevels(hub.demandKw, hub.generationKw, hub.dayStarts, hub.battery, dt, windowDays, marginShare, pruned);
        expect(same(got.charge, charge), `${what}: recharge levels`).toBe(true);
        expect(same(got.discharge ?? got.charge, discharge), `${what}: discharge levels`).toBe(true);
      }
    }
  });

  it('a day\'s level is the lowest import the full battery can hold that day (by bisection on 200 random hubs)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const hub = randomHub(seed);
      const b = hub.battery;
      if (b.capacityKwh === 0) continue;
      const dt = hub.axis.stepHours;
      const [levels] = dailyLevels(hub.demandKw, hub.generationKw, hub.dayStarts, b, dt);
      const usable = (b.socMaxKwh - b.socMinKwh) * b.dischargeEfficiency;
      for (let d = 0; d + 1 < hub.dayStarts.length; d++) {
        const net = Float64Array.from({ length: hub.dayStarts[d + 1] - hub.dayStarts[d] }, (_, k) => hub.demandKw[hub.dayStarts[d] + k] - hub.generationKw[hub.dayStarts[d] + k]);
        const expected = byDefinition(net, new Int32Array(net.length), usable, b.dischargeKw, b.chargeKw, b.chargeEfficiency * b.dischargeEfficiency, dt);
        expect(Math.abs(levels[d] - expected), `seed ${seed} day ${d}`).toBeLessThanOrEqual(1e-6 * Math.max(1, expected));
      }
    }
  });
});

describe('the online threshold remembers whole local days', () => {
  it("on a UTC year (from 01:00 local) the last day before the run is the head of its first local day: the 28 days remembered are the whole days before it (an audit)", () => {
    const spec = StrategySpec.parse({ kind: 'peak-shaving', name: 'ps-whole-days' }) as Extract<StrategySpec, { kind: 'peak-shaving' }>;
    const utcDays = (startMs: number, days: number, demand: (t: number) => number) =>
      testHub({ startMs, members: [{ id: 'a', demand: Float64Array.from({ length: 24 * days }, (_, t) => demand(t)) }] });
    // 30 UTC days before 2023: local days 0 (23 h, from 01:00), 1-29 (whole), 30 (the hour 00:00-01:00 of 1 January).
    const previousStart = Date.UTC(2022, 11, 2);
    const flat = utcDays(previousStart, 30, () => 500);
    expect(flat.dayStarts.length - 1).toBe(31);
    expect(flat.dayStarts[31] - flat.dayStarts[30]).toBe(1);
    // A peak of 900 kW on local day 2, the oldest of the 28 whole days before the run (2-29).
    const peakAt = flat.dayStarts[2] + 12;
    const previous = utcDays(previousStart, 30, (t) => (t === peakAt ? 900 : 500));
    // With no battery a day's level is its highest net load: day 0 holds the highest of the 28 whole
    // days, on a UTC year and on a run from local midnight given the same UTC days (hubsim run's
    // designYear; an audit found it kept the hour).
    for (const startMs of [Date.UTC(2023, 0, 1), Date.UTC(2022, 11, 31, 23)]) {
      const hub = utcDays(startMs, 14, () => 500);
      preparePreviousYear(spec, hub, previous);
      expect(peakShavingLevels(spec, hub).chargeBelowKw[0], new Date(startMs).toISOString()).toBe(900);
    }
  });
});

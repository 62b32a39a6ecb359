import { describe, expect, it } from 'vitest';
import { attributeByShare, attributionWeights } from '../src/economics/attribution.js';
import { deferralYears } from '../src/economics/deferral.js';
import { avoidedReinforcement, gridMoney } from '../src/economics/grid-value.js';
import { growthFactor } from '../src/economics/growth.js';
import { addSettlement, forecastLagSteps } from '../src/economics/imbalance.js';
import { hubCapexEur } from '../src/economics/hub-cost.js';
import { atEndOf, atStartOf, paybackYear, purchaseYears, residualShare } from '../src/economics/present-value.js';
import { reinforcementPlan, resolveLevels, SubstationGrid } from '../src/economics/reinforcement.js';
import { HubsimError } from '../src/errors.js';
import { DEFAULT_REINFORCEMENT, HubCapex, ReinforcementLevel as ReinforcementLevelSchema, type ReinforcementLevel } from '../src/model/economics.js';

/*
 * Small cases worked out by hand for every economics function. Every expected value comes from the
 * arithmetic in the comment next to it (or from docs/sources.md), not from running the code.
 */

const level = (name: string): ReinforcementLevel => resolveLevels([name], DEFAULT_REINFORCEMENT)[0];
const MV = level('MV network'); // EUR 1.38M per 2 MW
const MV_HV = level('MV/HV transformer'); // EUR 0.5M per 2 MW
const HV = level('HV network'); // EUR 7.28M per 20 MW
const LV = level('LV network'); // EUR 183,200 per 0.2 MW

describe('reinforcementPlan: each voltage level keeps its own capacity (ETM network calculation)', () => {
  // The shortest lead time: ordered at the end of year y, in service from y + 1.
  const nextYear = (l: ReinforcementLevel): ReinforcementLevel => ({ ...l, leadTimeYears: 1 });

  it('buys whole steps per level when the level is short, and keeps the unused part of a step', () => {
    // Firm 10 MW, no margin: needed = peak.
    // 2025: 9 <= 10, fine. 2026: 11 > 10: MV needs 1 MW -> ceil(1 / 2) = 1 step (12 MW), 1.38M;
    //       MV/HV the same, 0.5M. 2027: 11.5 MW fits both levels' 12 MW: nothing bought (the ETM's
    //       "keeps the unused part"). 2028: 14 > 12: 2 MW -> 1 step each, 1.88M; both at 14 MW.
    const plan = reinforcementPlan({ years: [2025, 2026, 2027, 2028], peakKw: [9000, 11_000, 11_500, 14_000], initialKw: 10_000, levels: [nextYear(MV), nextYear(MV_HV)] });
    expect(plan.orders.map((o) => [o.year, o.level, o.steps, o.costEur, o.levelCapacityKw, o.inServiceYear])).toEqual([
      [2026, 'MV network', 1, 1_380_000, 12_000, 2027],
      [2026, 'MV/HV transformer', 1, 500_000, 12_000, 2027],
      [2028, 'MV network', 1, 1_380_000, 14_000, 2029],
      [2028, 'MV/HV transformer', 1, 500_000, 14_000, 2029],
    ]);
    // Overloaded against what was in service when each peak came: 2026 (11 > 10) and 2028 (14 > 12).
    expect(plan.overloadedYears).toEqual([2026, 2028]);
    expect(plan.usableKwByYear).toEqual([10_000, 10_000, 12_000, 12_000]);
  });

  it('buys a 20 MW HV step once for a 2 MW shortfall and does not buy it again the next year', () => {
    // 10 MW, peaks 12 then 14 MW. MV: 2026 1 step (12 MW), 2027 1 step (14 MW); HV: 2026 1 step of
    // 20 MW (30 MW), 2027 nothing: 14 <= 30. The old single shared capacity bought HV again in 2027.
    const plan = reinforcementPlan({ years: [2026, 2027], peakKw: [12_000, 14_000], initialKw: 10_000, levels: [nextYear(MV), nextYear(HV)] });
    expect(plan.orders.map((o) => [o.year, o.level, o.steps, o.addedMw, o.costEur])).toEqual([
      [2026, 'MV network', 1, 2, 1_380_000],
      [2026, 'HV network', 1, 20, 7_280_000],
      [2027, 'MV network', 1, 2, 1_380_000],
    ]);
    // The weakest level limits the substation: in 2027 min(MV 12, HV 30) = 12 MW in service.
    expect(plan.usableKwByYear).toEqual([10_000, 12_000]);
    // 1.38M + 7.28M + 1.38M = 10.04M
    expect(plan.orders.reduce((s, o) => s + o.costEur, 0)).toBe(10_040_000);
  });

  it('orders at the lead time: in service later, overloaded while it waits, and not ordered twice', () => {
    // MV with a 3-year lead time, 10 MW firm, peak 12 MW from 2026 on. 2026: overloaded, 1 step
    // ordered, in service 2029. 2027 and 2028: still overloaded (10 MW in service) but the order
    // covers the need: nothing more is ordered. 2029: 12 MW in service, no overload.
    const plan = reinforcementPlan({ years: [2026, 2027, 2028, 2029], peakKw: [12_000, 12_000, 12_000, 12_000], initialKw: 10_000, levels: [{ ...MV, leadTimeYears: 3 }] });
    expect(plan.orders.map((o) => [o.year, o.steps, o.inServiceYear])).toEqual([[2026, 1, 2029]]);
    expect(plan.overloadedYears).toEqual([2026, 2027, 2028]);
    expect(plan.usableKwByYear).toEqual([10_000, 10_000, 10_000, 12_000]);
  });

  it('plans with the margin: needed = peak / (1 - margin), overloaded above capacity x (1 - margin)', () => {
    // 10 MW firm, margin 0.2: usable 8 MW. Peak 9 MW: overloaded; needed 9 / 0.8 = 11.25 MW ->
    // MV ceil(1.25 / 2) = 1 step (12 MW, usable 9.6 MW). The next year 9.6 MW: 9.6 / 0.8 = 12 MW fits exactly.
    const plan = reinforcementPlan({ years: [2030, 2031], peakKw: [9000, 9600], initialKw: 10_000, planningMargin: 0.2, levels: [nextYear(MV)] });
    expect(plan.orders.map((o) => [o.year, o.steps, o.neededKw])).toEqual([[2030, 1, 11_250]]);
    expect(plan.overloadedYears).toEqual([2030]);
  });

  it('does not buy an extra step for a shortfall that fits whole steps up to rounding', () => {
    // Needed 15 MW on 10 MW = 25 LV steps of 0.2 MW (in floating point 25.000000000000007).
    // 10.5 MW / (1 - 0.3) = 15 MW; 25 x 183,200 = 4,580,000; the same peak the next year is no overload.
    const plan = reinforcementPlan({ years: [2025, 2026], peakKw: [10_500, 10_500], initialKw: 10_000, planningMargin: 0.3, levels: [nextYear(LV)] });
    expect(plan.orders.map((o) => o.steps)).toEqual([25]);
    expect(plan.orders[0].costEur).toBe(4_580_000);
    expect(plan.overloadedYears).toEqual([2025]);
  });

  it('reproduces the agenda: EUR 13M to 20M per park is roughly 10 to 15 MW of MV + MV/HV + HV', () => {
    // docs/sources.md section 1: per MW 1.38M / 2 + 0.5M / 2 + 7.28M / 20 = 690k + 250k + 364k = 1.304M.
    const perMw = [MV, MV_HV, HV].reduce((s, l) => s + l.costPerStepEur / l.stepMw, 0);
    expect(perMw).toBe(1_304_000);
    // 13M / 1.304M = 9.97 MW, 20M / 1.304M = 15.34 MW.
    expect(13_000_000 / perMw).toBeCloseTo(9.97, 2);
    expect(20_000_000 / perMw).toBeCloseTo(15.34, 2);
    // In whole steps, a 10 MW shortfall (peak 20 MW on 10 MW) costs MV 5 x 1.38M = 6.9M,
    // MV/HV 5 x 0.5M = 2.5M, HV 1 x 7.28M = 7.28M: 16.68M, inside 13M-20M.
    const plan = reinforcementPlan({ years: [2030], peakKw: [20_000], initialKw: 10_000, levels: [MV, MV_HV, HV].map(nextYear) });
    expect(plan.orders.reduce((s, o) => s + o.costEur, 0)).toBe(16_680_000);
  });

  it('refuses a level with no lead time: a step ordered after the year\'s peak cannot serve that year', () => {
    expect(() => reinforcementPlan({ years: [2030], peakKw: [12_000], initialKw: 10_000, levels: [{ ...MV, leadTimeYears: 0 }] })).toThrow(/lead time 0/);
    const parsed = ReinforcementLevelSchema.safeParse({ level: 'MV network', costPerStepEur: 1, stepMw: 1, leadTimeYears: 0, source: 'x' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0].message).toMatch(/next year at the earliest: give 1 or more/);
    // Left out, a level's lead time is the shortest there is: 1 year.
    expect(ReinforcementLevelSchema.parse({ level: 'MV network', costPerStepEur: 1, stepMw: 1, source: 'x' }).leadTimeYears).toBe(1);
  });

  it('the default levels carry sourced lead times and lifetimes', () => {
    expect(DEFAULT_REINFORCEMENT.map((l) => [l.level, l.leadTimeYears, l.lifetimeYears])).toEqual([
      ['LV network', 1, 40],
      ['LV/MV transformer', 1, 40],
      ['MV network', 3, 40],
      ['MV/HV transformer', 5, 40],
      ['HV network', 8, 40],
    ]);
    for (const l of DEFAULT_REINFORCEMENT) expect(l.source).toMatch(/lead time/);
  });

  it('rejects mismatched input as a bug', () => {
    expect(() => reinforcementPlan({ years: [2025], peakKw: [], initialKw: 1, levels: [MV] })).toThrow(/1 years but 0 peaks/);
    expect(() => reinforcementPlan({ years: [], peakKw: [], initialKw: 1, levels: [] })).toThrow(/at least one/);
  });
});

/** A fixed linear congruential sequence in [0, 1), so random cases are the same on every run. */
function sequence(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

/**
 * A random substation for the property tests: some of the default levels (null when none is drawn),
 * its capacity and planning margin, and a peak path over `years` that mostly grows.
 */
function randomSubstation(next: () => number, years: readonly number[]): { levels: ReinforcementLevel[]; initialKw: number; margin: number; peaks: number[] } | null {
  const levels = DEFAULT_REINFORCEMENT.filter(() => next() < 0.6);
  if (levels.length === 0) return null;
  const initialKw = 5000 + next() * 50_000;
  const margin = next() < 0.5 ? 0 : next() * 0.3;
  let p = initialKw * (0.5 + next() * 0.6);
  return { levels, initialKw, margin, peaks: years.map(() => (p *= 0.97 + next() * 0.12)) };
}

describe('reinforcementPlan: a peak path nowhere higher never costs more (property, random paths)', () => {
  const next = sequence(2024);
  it('per level and in total, in steps, timing and present value, on 2,000 random pairs of paths', () => {
    const money = { baseYear: 2025, discountRate: 0.04, endYear: 2040 };
    const years = Array.from({ length: 16 }, (_, i) => 2025 + i);
    let failures = 0;
    for (let c = 0; c < 2000; c++) {
      const drawn = randomSubstation(next, years);
      if (drawn === null) continue;
      const { levels, initialKw, margin, peaks: high } = drawn;
      const low = high.map((x) => x * (1 - next() * next() * 0.3));
      const a = reinforcementPlan({ years, peakKw: high, initialKw, planningMargin: margin, levels });
      const b = reinforcementPlan({ years, peakKw: low, initialKw, planningMargin: margin, levels });
      for (const l of levels) {
        // Steps ordered by each year, per level: never more for the lower path.
        for (const y of years) {
          const upTo = (plan: typeof a) => plan.orders.filter((o) => o.level === l.level && o.year <= y).reduce((s, o) => s + o.steps, 0);
          if (upTo(b) > upTo(a)) failures++;
        }
      }
      const total = (plan: typeof a) => plan.orders.reduce((s, o) => s + o.costEur, 0);
      if (total(b) > total(a)) failures++;
      const pv = (plan: typeof a) => gridMoney(plan.orders, years, money).pvEur;
      if (pv(b) > pv(a) + 1e-6) failures++;
    }
    expect(failures).toBe(0);
  });
});

describe('SubstationGrid: each level orders for the load planned for at that level (property, random paths)', () => {
  const next = sequence(77);
  it('steps ordered by each year = ceil((highest N so far - K0) / step), N = planned / (1 - margin), per level, on 1,000 random paths', () => {
    // What docs/economics.md section 3 derives for one N per year, with an N of each level's own (the
    // queue and the in-service year make the load planned for differ by level).
    const years = Array.from({ length: 12 }, (_, i) => 2025 + i);
    let checked = 0;
    for (let c = 0; c < 1000; c++) {
      const drawn = randomSubstation(next, years);
      if (drawn === null) continue;
      const { levels, initialKw, margin, peaks } = drawn;
      // Per level and year: the peak, or more (a queue, growth to the in-service year).
      const planned = new Map(levels.map((l) => [l.level, peaks.map((x) => x * (1 + (next() < 0.5 ? 0 : next() * 0.3)))]));
      const grid = new SubstationGrid(levels, initialKw, margin);
      years.forEach((y, i) => grid.close(y, peaks[i], (l) => planned.get(l.level)![i]));
      for (const l of levels) {
        let highest = Number.NEGATIVE_INFINITY;
        years.forEach((y, i) => {
          highest = Math.max(highest, planned.get(l.level)![i] / (1 - margin));
          const short = highest - initialKw;
          const expected = short > 1e-9 * 1000 * Math.max(...levels.map((x) => x.stepMw)) ? Math.ceil(short / 1000 / l.stepMw - 1e-9) : 0;
          const got = grid.orders.filter((o) => o.level === l.level && o.year <= y).reduce((s, o) => s + o.steps, 0);
          expect(got, `case ${c}, ${l.level}, ${y}`).toBe(expected);
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});

describe('resolveLevels', () => {
  it('looks the levels up by name, in the order given', () => {
    expect(resolveLevels(['MV/HV transformer', 'MV network'], DEFAULT_REINFORCEMENT).map((l) => [l.level, l.costPerStepEur, l.stepMw])).toEqual([
      ['MV/HV transformer', 500_000, 2],
      ['MV network', 1_380_000, 2],
    ]);
  });

  it('finds a name the loader would refuse (unknown or listed twice) to be a bug, not a user\'s mistake: the loader names the field (bad-input cases 134, 285)', () => {
    for (const names of [['MV network', 'MV netwerk'], ['MV network', 'MV network']]) {
      let err: unknown;
      try {
        resolveLevels(names, DEFAULT_REINFORCEMENT);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(HubsimError);
      expect((err as Error).message).toContain('This is a bug in hubsim');
    }
  });
});

describe('deferral', () => {
  it('counts the years of deferral of the first step in service', () => {
    // no need without hubs: nothing to defer, whatever happens with them
    expect(deferralYears(null, null, 2035)).toEqual({ years: 0, beyondHorizon: false });
    expect(deferralYears(null, 2030, 2035)).toEqual({ years: 0, beyondHorizon: false });
    // in service 2028 without, none with, horizon to 2035: 2035 + 1 - 2028 = 8 years at least
    expect(deferralYears(2028, null, 2035)).toEqual({ years: 8, beyondHorizon: true });
    // 2031 - 2028 = 3; same year: 0; hubs bring it forward: 2027 - 2028 = -1
    expect(deferralYears(2028, 2031, 2035)).toEqual({ years: 3, beyondHorizon: false });
    expect(deferralYears(2028, 2028, 2035)).toEqual({ years: 0, beyondHorizon: false });
    expect(deferralYears(2028, 2027, 2035)).toEqual({ years: -1, beyondHorizon: false });
  });
});

describe('present value: base year, start-of-year investments, end-of-year flows, straight-line residual', () => {
  const c = { baseYear: 2025, discountRate: 0.04, endYear: 2035 };

  it('discounts an investment from the start of its year and a flow from the end', () => {
    expect(atStartOf(c, 2025)).toBe(1);
    // 1.04^-3 = 0.888996...
    expect(atStartOf(c, 2028)).toBeCloseTo(0.8889963587, 10);
    // end of 2025 = one year: 1 / 1.04 = 0.961538...
    expect(atEndOf(c, 2025)).toBeCloseTo(0.9615384615, 10);
    // a base year after the flows compounds them: 1.04^2 = 1.0816
    expect(atStartOf({ ...c, baseYear: 2027 }, 2025)).toBeCloseTo(1.0816, 12);
  });

  it('writes assets off straight-line from the start of their year in service', () => {
    // In service 2030, 40 years, horizon to 2035: 6 years served, 34/40 = 0.85 left.
    expect(residualShare(2030, 40, 2035)).toBeCloseTo(0.85, 12);
    // 15-year hub from 2026: 10 years served, 5/15 left.
    expect(residualShare(2026, 15, 2035)).toBeCloseTo(1 / 3, 12);
    // fully written off, and outside the horizon
    expect(residualShare(2010, 15, 2035)).toBe(0);
    expect(residualShare(2036, 40, 2035)).toBe(0);
  });

  it('buys a hub again at the end of its lifetime within the horizon', () => {
    expect(purchaseYears(2026, 15, 2035)).toEqual([2026]);
    expect(purchaseYears(2026, 5, 2035)).toEqual([2026, 2031]);
    expect(purchaseYears(2036, 5, 2035)).toEqual([]);
  });

  it('finds the payback year', () => {
    const years = [2025, 2026, 2027];
    // cumulative -100, -50, +10: back to >= 0 in 2027
    expect(paybackYear([-100, 50, 60], years)).toBe(2027);
    // cumulative -100, 0: exactly 0 counts
    expect(paybackYear([-100, 100, 0], years)).toBe(2026);
    // never negative: the first year; never back: null
    expect(paybackYear([0, 5, 0], years)).toBe(2025);
    expect(paybackYear([-10, 5, 4], years)).toBeNull();
    // back above 0 and below it again (cumulative -10, +10, -20): not paid back within the horizon
    expect(paybackYear([-10, 20, -30], years)).toBeNull();
    // a dip that recovers (cumulative -10, +10, -5, +5): paid back from the last time it is back
    expect(paybackYear([-10, 20, -15, 10], [2025, 2026, 2027, 2028])).toBe(2028);
    // above 0, a dip below it, back at 0 (cumulative 5, -5, 0): from 2027
    expect(paybackYear([5, -10, 5], years)).toBe(2027);
    // no flow at all (a hub that starts after the horizon): nothing to pay back
    expect(paybackYear([0, 0, 0], years)).toBeNull();
    expect(paybackYear([], [])).toBeNull();
  });
});

describe('gridMoney and avoidedReinforcement', () => {
  const c = { baseYear: 2025, discountRate: 0.04, endYear: 2035 };
  const years = Array.from({ length: 11 }, (_, i) => 2025 + i);

  it('values a step pushed past the horizon by the years it moved and its residual, never fully', () => {
    // Without hubs: EUR 1.88M in service 2030, 40 years: PV 1.88M x 1.04^-5 - 1.88M x 34/40 x 1.04^-11.
    // 1.04^-5 = 0.8219271068, 1.04^-11 = 0.6495809; 1,545,222.96 - 1,598,000 x 0.6495809 (1,038,030.33) = 507,192.63.
    const without = gridMoney([{ costEur: 1_880_000, inServiceYear: 2030, lifetimeYears: 40 }], years, c);
    expect(without.pvEur).toBeCloseTo(1_880_000 * 1.04 ** -5 - 1_880_000 * 0.85 * 1.04 ** -11, 4);
    expect(without.pvEur).toBeCloseTo(507_192.63, 1);
    // With hubs it goes into service in 2038, after the horizon: outside its money.
    const withHubs = gridMoney([{ costEur: 1_880_000, inServiceYear: 2038, lifetimeYears: 40 }], years, c);
    expect(withHubs).toEqual({ investmentEur: years.map(() => 0), residualEur: 0, pvEur: 0 });
    const a = avoidedReinforcement(without, withHubs);
    // Avoided: 0.51M, a quarter of the 1.88M, not all of it.
    expect(a.pvEur).toBeCloseTo(507_192.63, 1);
    expect(a.investmentEur[5]).toBe(1_880_000);
    expect(a.residualEur).toBeCloseTo(-1_598_000, 6);
  });

  it('values a deferral within the horizon as the difference of two discounted purchases and residuals', () => {
    // 1M in service 2026 vs 2029, 40 years, horizon to 2035:
    //   without: 1M x 1.04^-1 - 1M x (1 - 10/40) x 1.04^-11
    //   with:    1M x 1.04^-4 - 1M x (1 - 7/40) x 1.04^-11
    const early = gridMoney([{ costEur: 1_000_000, inServiceYear: 2026, lifetimeYears: 40 }], years, c);
    const late = gridMoney([{ costEur: 1_000_000, inServiceYear: 2029, lifetimeYears: 40 }], years, c);
    const expected = 1e6 * (1.04 ** -1 - 1.04 ** -4) - 1e6 * (0.75 - 0.825) * 1.04 ** -11;
    expect(avoidedReinforcement(early, late).pvEur).toBeCloseTo(expected, 6);
    expect(expected).toBeGreaterThan(0);
  });
});

describe('attributeByShare', () => {
  const sumInOrder = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

  it('splits by the share of avoided kW, negative shares as 0', () => {
    // shares 300, 100, 0, 0 of 400: 1.88M x 3/4 = 1.41M, 1.88M x 1/4 = 0.47M
    expect(attributeByShare(1_880_000, [300, 100, -50, 0])).toEqual([1_410_000, 470_000, 0, 0]);
  });

  it('gives the rounding remainder to the largest share (the first of equals)', () => {
    // 100 / 3 = 33.333...: the second and third get 33.333... rounded to a multiple of the last bit
    // of 100 (2^-46); the first takes 100 minus their sum, so the three add up to 100 exactly.
    const parts = attributeByShare(100, [1, 1, 1]);
    for (const p of parts) expect(p).toBeCloseTo(100 / 3, 12);
    expect(parts[1]).toBe(parts[2]);
    expect(parts[0]).toBe(100 - 2 * parts[1]);
    expect(sumInOrder(parts)).toBe(100);
    // 10 over 1, 2 kW: 10 x 1/3 = 3.333..., 10 x 2/3 = 6.666... (the largest, takes the remainder)
    const two = attributeByShare(10, [1, 2]);
    expect(two[0]).toBeCloseTo(10 / 3, 13);
    expect(two[1]).toBe(10 - two[0]);
  });

  it('gives everything 0 when no terrain avoided anything', () => {
    expect(attributeByShare(1_000, [-5, 0])).toEqual([0, 0]);
    expect(attributeByShare(1_000, [])).toEqual([]);
  });

  it('adds up to the total exactly, in any order, for awkward totals and shares', () => {
    // Totals of either sign from 1e-3 to 1e11 EUR; up to 40 terrains, some with negative kW, shares
    // spread over 1e6.
    const next = sequence(12345);
    let failures = 0;
    for (let c = 0; c < 5000; c++) {
      const total = (next() - 0.2) * 10 ** (Math.floor(next() * 14) - 3);
      const kw = Array.from({ length: 1 + Math.floor(next() * 40) }, () => (next() - 0.3) * 10 ** Math.floor(next() * 6));
      if (kw.every((k) => k <= 0)) continue;
      const parts = attributeByShare(total, kw);
      const sumShares = kw.reduce((s, k) => s + Math.max(0, k), 0);
      const close = parts.every((p, i) => Math.abs(p - (total * Math.max(0, kw[i])) / sumShares) <= 1e-12 * Math.abs(total));
      const sameSign = parts.every((p) => p * total >= 0);
      if (sumInOrder(parts) !== total || sumInOrder([...parts].reverse()) !== total || !close || !sameSign) failures++;
    }
    expect(failures).toBe(0);
  });
});

describe('attributionWeights: by every year, and never a negative share for a terrain that never raised the peak', () => {
  it('weights a positive total by the kW each terrain lowered, summed over the years', () => {
    // lowered kW per year: a [100, 0, 50], b [-20, 30, 0]: weights 150 and 30 (negatives count 0)
    expect(attributionWeights(1e6, [[100, 0, 50], [-20, 30, 0]], [[0, 0, 0], [10, 0, 0]])).toEqual([150, 30]);
    // 1M x 150/180 and 1M x 30/180: a terrain that started late (b lowers only in year 2) still gets its part
    const parts = attributeByShare(1e6, [150, 30]);
    expect(parts[0]).toBeCloseTo(833_333.33, 2);
    expect(parts[1]).toBeCloseTo(166_666.67, 2);
  });

  it('puts a negative total only on the terrains that raised the strategy\'s peak', () => {
    // raised kW: a never ([0, -5]), b [40, 10]: all of -2M on b; a gets exactly 0, not a negative share
    const weights = attributionWeights(-2e6, [[100, 100], [0, 0]], [[0, -5], [40, 10]]);
    expect(weights).toEqual([0, 50]);
    expect(attributeByShare(-2e6, weights)).toEqual([0, -2e6]);
  });
});

describe('imbalance settlement against a naive forecast', () => {
  it('settles (actual - forecast) x (imbalance - day-ahead) and sums |error| (by hand)', () => {
    // 1-hour steps, forecast = the value 2 steps back (a short lag for a hand case).
    // actual 10, 20, 30, 10; forecasts from step 2: 10, 20 -> errors +20, -10.
    // spread at steps 2, 3: 100 and -50 EUR/MWh: cost 20 x 100 / 1000 + (-10) x (-50) / 1000 = 2 + 0.5 = 2.5 EUR
    const out = new Float64Array(2);
    addSettlement(Float64Array.from([10, 20, 30, 10]), 1, 2, Float64Array.from([0, 0, 100, -50]), 1, out);
    expect(out[0]).toBeCloseTo(2.5, 12);
    expect(out[1]).toBe(30);
    // A producer of the same column: its net consumption is the negative, so the cost flips sign.
    const producer = new Float64Array(2);
    addSettlement(Float64Array.from([10, 20, 30, 10]), -1, 2, Float64Array.from([0, 0, 100, -50]), 1, producer);
    expect(producer[0]).toBeCloseTo(-2.5, 12);
    expect(producer[1]).toBe(30);
  });

  it('adds up: two parties settled alone cost what their sum settled together costs (single pricing, naive forecasts)', () => {
    const spread = Float64Array.from({ length: 400 }, (_, t) => Math.sin(t) * 80);
    const a = Float64Array.from({ length: 400 }, (_, t) => 100 + 30 * Math.cos(t / 5));
    const b = Float64Array.from({ length: 400 }, (_, t) => 50 + 20 * Math.sin(t / 3));
    const alone = new Float64Array(2);
    addSettlement(a, 1, 168, spread, 1, alone);
    addSettlement(b, 1, 168, spread, 1, alone);
    const together = new Float64Array(2);
    addSettlement(a.map((x, t) => x + b[t]), 1, 168, spread, 1, together);
    expect(together[0]).toBeCloseTo(alone[0], 8);
    // the volume pools: |ea + eb| <= |ea| + |eb|
    expect(together[1]).toBeLessThanOrEqual(alone[1] + 1e-9);
    expect(forecastLagSteps('last-week', 0.25)).toBe(672);
    expect(forecastLagSteps('yesterday', 1)).toBe(24);
  });
});

describe('hubCapexEur', () => {
  it('is EUR 10M by default, as in the agenda', () => {
    // 4M infrastructure + 4M equipment + 2M software = 10M; no battery prices, so no battery cost
    expect(hubCapexEur(HubCapex.parse({}), { energyKwh: 2000, powerKw: 1000 })).toEqual({
      infrastructureEur: 4_000_000,
      equipmentEur: 4_000_000,
      softwareEur: 2_000_000,
      batteryEur: 0,
      totalEur: 10_000_000,
    });
    // docs/sources.md, Doubts: 20 x 10M = 200M, not the agenda's 160M, which implies 160M / 20 = 8M per hub.
    expect(20 * hubCapexEur(HubCapex.parse({})).totalEur).toBe(200_000_000);
    expect(160_000_000 / 20).toBe(8_000_000);
    const agenda8M = HubCapex.parse({ infrastructureEur: 3_000_000, equipmentEur: 3_500_000, softwareEur: 1_500_000 });
    expect(20 * hubCapexEur(agenda8M).totalEur).toBe(160_000_000);
  });

  it('prices the battery from its energy and power', () => {
    // 2000 kWh x 300 + 1000 kW x 100 = 600k + 100k = 700k; total 10M + 0.7M = 10.7M
    const capex = HubCapex.parse({ batteryEurPerKwh: 300, batteryEurPerKw: 100 });
    expect(hubCapexEur(capex, { energyKwh: 2000, powerKw: 1000 })).toMatchObject({ batteryEur: 700_000, totalEur: 10_700_000 });
    // only a price per kWh: 2000 x 300 = 600k
    expect(hubCapexEur(HubCapex.parse({ batteryEurPerKwh: 300 }), { energyKwh: 2000, powerKw: 1000 }).batteryEur).toBe(600_000);
    // prices but no battery: 0
    expect(hubCapexEur(capex).batteryEur).toBe(0);
  });
});

describe('growthFactor', () => {
  const tripling = { perYear: 0.03, factorByYear: { '2025': 1, '2030': 3 } };

  it('interpolates factorByYear linearly and is flat outside it', () => {
    // 1 + (3 - 1) x (2027 - 2025) / (2030 - 2025) = 1 + 2 x 2/5 = 1.8
    expect(growthFactor(tripling, 2025, 2027)).toBeCloseTo(1.8, 12);
    expect(growthFactor(tripling, 2025, 2025)).toBe(1);
    expect(growthFactor(tripling, 2025, 2030)).toBe(3);
    expect(growthFactor(tripling, 2025, 2035)).toBe(3);
    expect(growthFactor(tripling, 2025, 2020)).toBe(1);
    // three points, between the second and third: 2 + (4 - 2) x (2035 - 2030) / (2040 - 2030) = 3
    expect(growthFactor({ perYear: 0, factorByYear: { '2040': 4, '2025': 1, '2030': 2 } }, 2025, 2035)).toBe(3);
  });

  it('compounds perYear from the base year otherwise', () => {
    // 1.03^5 = 1.0609 x 1.0609 x 1.03 = 1.159274...
    expect(growthFactor({ perYear: 0.03 }, 2025, 2030)).toBeCloseTo(1.1592740743, 10);
    // before the base year: 1.03^-2 = 1 / 1.0609 = 0.942596...
    expect(growthFactor({ perYear: 0.03 }, 2025, 2023)).toBeCloseTo(0.9425959091, 10);
    expect(growthFactor({ perYear: 0.03, factorByYear: {} }, 2025, 2025)).toBe(1);
  });
});

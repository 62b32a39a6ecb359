import { describe, expect, it } from 'vitest';
import { attributeByShare } from '../src/economics/attribution.js';
import { deferralValueEur, deferralYears } from '../src/economics/deferral.js';
import { growthFactor } from '../src/economics/growth.js';
import { hubCapexEur } from '../src/economics/hub-cost.js';
import { benefitCostRatio, paybackYear, presentValue } from '../src/economics/npv.js';
import { reinforcementPlan, resolveLevels } from '../src/economics/reinforcement.js';
import { HubsimError } from '../src/errors.js';
import { DEFAULT_REINFORCEMENT, HubCapex, type ReinforcementLevel } from '../src/model/economics.js';

/*
 * Small cases worked out by hand for every economics function. Every expected value comes from the
 * arithmetic in the comment next to it (or from ../shared/DESIGN.md), not from running the code.
 */

const level = (name: string): ReinforcementLevel => resolveLevels([name], DEFAULT_REINFORCEMENT, 'test')[0];
const MV = level('MV network'); // EUR 1.38M per 2 MW
const MV_HV = level('MV/HV transformer'); // EUR 0.5M per 2 MW
const HV = level('HV network'); // EUR 7.28M per 20 MW
const LV = level('LV network'); // EUR 183,200 per 0.2 MW

describe('reinforcementPlan', () => {
  it('buys whole steps in the first overloaded year and again when growth needs more', () => {
    // 10 MW with spare 0.25: safe load 10 x 0.75 = 7.5 MW.
    const plan = reinforcementPlan({
      years: [2025, 2026, 2027, 2028],
      peakKw: [7000, 8000, 9000, 12000],
      capacityKw: 10_000,
      spareCapacity: 0.25,
      levels: [MV, MV_HV],
    });
    // 2025: 7.0 <= 7.5, fine.
    // 2026: 8.0 > 7.5; dK = 8 / 0.75 - 10 = 0.667 MW -> ceil(0.667 / 2) = 1 step at each level;
    //       1.38M + 0.5M = 1.88M; capacity 10 + min(2, 2) = 12 MW (safe 9 MW).
    // 2027: 9.0 <= 12 x 0.75 = 9.0, fine.
    // 2028: 12.0 > 9.0; dK = 12 / 0.75 - 12 = 4 MW -> 2 steps each: 2 x 1.38M + 2 x 0.5M = 3.76M; capacity 16 MW.
    expect(plan.firstYear).toBe(2026);
    expect(plan.overloadedYears).toEqual([2026, 2028]);
    expect(plan.capacityKwByYear).toEqual([10_000, 12_000, 12_000, 16_000]);
    expect(plan.purchases).toEqual([
      { year: 2026, level: 'MV network', steps: 1, costEur: 1_380_000, addedMw: 2 },
      { year: 2026, level: 'MV/HV transformer', steps: 1, costEur: 500_000, addedMw: 2 },
      { year: 2028, level: 'MV network', steps: 2, costEur: 2_760_000, addedMw: 4 },
      { year: 2028, level: 'MV/HV transformer', steps: 2, costEur: 1_000_000, addedMw: 4 },
    ]);
    // 1.88M + 3.76M = 5.64M
    expect(plan.totalCostEur).toBe(5_640_000);
  });

  it('grows the capacity by the weakest level only', () => {
    // 10 MW, spare 0.25, peak 9.75 MW: dK = 9.75 / 0.75 - 10 = 13 - 10 = 3 MW.
    // MV: ceil(3 / 2) = 2 steps = 4 MW, 2.76M; HV: ceil(3 / 20) = 1 step = 20 MW, 7.28M.
    // Capacity 10 + min(4, 20) = 14 MW (safe 10.5 MW), so a peak of 11 MW the next year overloads it
    // again: dK = 11 / 0.75 - 14 = 0.667 MW -> MV 1 step (1.38M), HV 1 step (7.28M); capacity 16 MW.
    const plan = reinforcementPlan({ years: [2030, 2031], peakKw: [9750, 11_000], capacityKw: 10_000, spareCapacity: 0.25, levels: [MV, HV] });
    expect(plan.purchases.map((p) => [p.year, p.level, p.steps, p.addedMw, p.costEur])).toEqual([
      [2030, 'MV network', 2, 4, 2_760_000],
      [2030, 'HV network', 1, 20, 7_280_000],
      [2031, 'MV network', 1, 2, 1_380_000],
      [2031, 'HV network', 1, 20, 7_280_000],
    ]);
    expect(plan.capacityKwByYear).toEqual([14_000, 16_000]);
    // 2.76M + 7.28M + 1.38M + 7.28M = 18.7M
    expect(plan.totalCostEur).toBe(18_700_000);
  });

  it('buys nothing when the peak stays within the safe load', () => {
    // safe load 10 x 0.75 = 7.5 MW; 7.5 is not above it.
    const plan = reinforcementPlan({ years: [2025, 2026], peakKw: [7000, 7500], capacityKw: 10_000, spareCapacity: 0.25, levels: [MV] });
    expect(plan).toEqual({ firstYear: null, purchases: [], totalCostEur: 0, capacityKwByYear: [10_000, 10_000], overloadedYears: [] });
  });

  it('does not buy an extra step for a shortfall that fits whole steps up to rounding', () => {
    // 10 MW, spare 0.3, peak 10.5 MW: dK = 10.5 / 0.7 - 10 = 15 - 10 = 5 MW = 25 LV steps of 0.2 MW
    // (in floating point 25.000000000000007); 25 x 183,200 = 4,580,000. Capacity 15 MW, safe
    // 15 x 0.7 = 10.5 MW, so the same peak the next year is not an overload.
    const plan = reinforcementPlan({ years: [2025, 2026], peakKw: [10_500, 10_500], capacityKw: 10_000, spareCapacity: 0.3, levels: [LV] });
    expect(plan.purchases.map((p) => p.steps)).toEqual([25]);
    expect(plan.totalCostEur).toBe(4_580_000);
    expect(plan.overloadedYears).toEqual([2025]);
    expect(plan.capacityKwByYear[1]).toBeCloseTo(15_000, 6);
  });

  it('reproduces the agenda: EUR 13M to 20M per park is roughly 10 to 15 MW of MV + MV/HV + HV', () => {
    // DESIGN.md: per MW 1.38M / 2 + 0.5M / 2 + 7.28M / 20 = 690k + 250k + 364k = 1.304M.
    const perMw = [MV, MV_HV, HV].reduce((s, l) => s + l.costPerStepEur / l.stepMw, 0);
    expect(perMw).toBe(1_304_000);
    // 13M / 1.304M = 9.97 MW, 20M / 1.304M = 15.34 MW.
    expect(13_000_000 / perMw).toBeCloseTo(9.97, 2);
    expect(20_000_000 / perMw).toBeCloseTo(15.34, 2);
    // The agenda's avoided EUR 320M over 20 parks is 16M a park, inside 13M-20M.
    expect(320_000_000 / 20).toBe(16_000_000);
    // In whole steps, a 10 MW shortfall (spare 0: peak 20 MW on 10 MW) costs MV 5 x 1.38M = 6.9M,
    // MV/HV 5 x 0.5M = 2.5M, HV 1 x 7.28M = 7.28M: 16.68M, also inside 13M-20M.
    const plan = reinforcementPlan({ years: [2030], peakKw: [20_000], capacityKw: 10_000, spareCapacity: 0, levels: [MV, MV_HV, HV] });
    expect(plan.totalCostEur).toBe(16_680_000);
    expect(plan.capacityKwByYear).toEqual([20_000]);
  });

  it('rejects mismatched input as a bug', () => {
    expect(() => reinforcementPlan({ years: [2025], peakKw: [], capacityKw: 1, spareCapacity: 0, levels: [MV] })).toThrow(/1 years but 0 peaks/);
    expect(() => reinforcementPlan({ years: [], peakKw: [], capacityKw: 1, spareCapacity: 0, levels: [] })).toThrow(/at least one/);
  });
});

describe('resolveLevels', () => {
  it('looks the levels up by name, in the order given', () => {
    expect(resolveLevels(['MV/HV transformer', 'MV network'], DEFAULT_REINFORCEMENT, 'f').map((l) => [l.level, l.costPerStepEur, l.stepMw])).toEqual([
      ['MV/HV transformer', 500_000, 2],
      ['MV network', 1_380_000, 2],
    ]);
  });

  it('names an unknown level, where it is, and the known ones', () => {
    const err = (() => {
      try {
        resolveLevels(['MV network', 'MV netwerk'], DEFAULT_REINFORCEMENT, 'substations[0].voltageLevels');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(HubsimError);
    expect((err as HubsimError).code).toBe('rollout.unknownLevel');
    expect((err as HubsimError).message).toBe(
      'field substations[0].voltageLevels[1]: no reinforcement level "MV netwerk"; known levels are LV network, LV/MV transformer, MV network, MV/HV transformer, HV network',
    );
  });

  it('rejects a level named twice, which would be paid twice', () => {
    expect(() => resolveLevels(['MV network', 'MV network'], DEFAULT_REINFORCEMENT, 'x')).toThrow(expect.objectContaining({ code: 'rollout.duplicateLevel' }));
  });
});

describe('deferral', () => {
  it('values paying 1.88M three years later at 4%', () => {
    // 1.04^3 = 1.124864; 1.88M / 1.124864 = 1,671,313.154; 1.88M - 1,671,313.154 = 208,686.846.
    expect(deferralValueEur(1_880_000, 3, 0.04)).toBeCloseTo(208_686.846, 3);
  });

  it('is worth nothing at 0 years or 0%, and negative when brought forward', () => {
    expect(deferralValueEur(1_880_000, 0, 0.04)).toBe(0);
    expect(deferralValueEur(1_880_000, 5, 0)).toBe(0);
    // 1M x (1 - 1.04^1) = -40,000: paying a year early costs the year's interest.
    expect(deferralValueEur(1_000_000, -1, 0.04)).toBeCloseTo(-40_000, 6);
  });

  it('counts the years of deferral', () => {
    // no need without hubs: nothing to defer, whatever happens with them
    expect(deferralYears(null, null, 2035)).toEqual({ years: 0, beyondHorizon: false });
    expect(deferralYears(null, 2030, 2035)).toEqual({ years: 0, beyondHorizon: false });
    // need in 2028 without, none with, horizon to 2035: 2035 + 1 - 2028 = 8 years at least
    expect(deferralYears(2028, null, 2035)).toEqual({ years: 8, beyondHorizon: true });
    // 2031 - 2028 = 3; same year: 0; hubs bring it forward: 2027 - 2028 = -1
    expect(deferralYears(2028, 2031, 2035)).toEqual({ years: 3, beyondHorizon: false });
    expect(deferralYears(2028, 2028, 2035)).toEqual({ years: 0, beyondHorizon: false });
    expect(deferralYears(2028, 2027, 2035)).toEqual({ years: -1, beyondHorizon: false });
  });
});

describe('npv', () => {
  it('discounts from the first year on', () => {
    // -100 + 50 / 1.1 + 60 / 1.21 = -100 + 45.4545 + 49.5868 = -4.9587
    expect(presentValue([-100, 50, 60], 0.1)).toBeCloseTo(-4.9587, 4);
    expect(presentValue([-100, 50, 60], 0)).toBe(10);
    expect(presentValue([], 0.04)).toBe(0);
  });

  it('finds the payback year', () => {
    const years = [2025, 2026, 2027];
    // cumulative -100, -50, +10: back to >= 0 in 2027
    expect(paybackYear([-100, 50, 60], years)).toBe(2027);
    // cumulative -100, 0: exactly 0 counts
    expect(paybackYear([-100, 100, 0], years)).toBe(2026);
    // cumulative 0, 5, 5: never negative, so the first year
    expect(paybackYear([0, 5, 0], years)).toBe(2025);
    // cumulative -10, -5, -1: never back
    expect(paybackYear([-10, 5, 4], years)).toBeNull();
    // cumulative -10, +10, -20: the first recovery counts, a later dip does not move it
    expect(paybackYear([-10, 20, -30], years)).toBe(2026);
    expect(paybackYear([], [])).toBeNull();
  });

  it('computes the benefit-cost ratio', () => {
    // PV benefits 0 + 110 / 1.1 + 121 / 1.21 = 200; PV costs 100; 200 / 100 = 2
    expect(benefitCostRatio([0, 110, 121], [100], 0.1)).toBeCloseTo(2, 12);
    // at 0%: (10 + 20) / (40 + 20) = 0.5
    expect(benefitCostRatio([10, 20], [40, 20], 0)).toBe(0.5);
    expect(benefitCostRatio([10], [0, 0], 0.04)).toBeNull();
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
    // A fixed linear congruential sequence, so the cases are the same on every run. Totals of either
    // sign from 1e-3 to 1e11 EUR; up to 40 terrains, some with negative kW, shares spread over 1e6.
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
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
    // DESIGN.md: 20 x 10M = 200M, not the agenda's 160M, which implies 160M / 20 = 8M per hub.
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

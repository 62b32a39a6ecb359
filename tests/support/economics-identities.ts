// The identities of a rollout's economics as docs/economics.md defines them, each recomputed from the
// other tables of a results.json (independently of src/rollout). Each check asserts with vitest's
// expect and returns how many cases it found where the identity says something (a deferral, a payback,
// a share), so that a caller can tell a check that held from one that had nothing to check.
// tests/rollout-economics.test.ts runs them on the default scenario, tests/economics-identities.test.ts
// on the other shipped rollouts and on drawn national ones.
import { expect } from 'vitest';
import { DEFAULT_REINFORCEMENT, type ReinforcementLevel } from '../../src/model/economics.js';

export type Row = Record<string, number | string | boolean | null>;
export interface Results {
  years: number[];
  economicsConvention: Row;
  strategyForesight: Record<string, string>;
  terrainYears: Row[];
  substationYears: Row[];
  substationPurchases: Row[];
  substations: Row[];
  terrainEconomics: Row[];
  yearTotals: Row[];
  totals: Row[];
  agendaCheck: Row[];
}

export const num = (x: unknown): number => x as number;
/** a and b agree to about `rel` (results.json rounds to 12 significant digits). */
export const close = (a: number, b: number, rel = 1e-9): boolean => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
const WITHOUT = 'without-hubs';
const strategiesOf = (r: Results): string[] => r.totals.map((t) => t.strategy as string);
const yearsOf = (r: Results, strategy: string): Row[] => r.yearTotals.filter((y) => y.strategy === strategy).sort((a, b) => num(a.year) - num(b.year));

/** capacityFreedKw = diversityKw + controlKw wherever it is reported, the three empty together; the totals likewise. Counts the reported terrain-years. */
export function capacityFreedSplit(r: Results): number {
  let reported = 0;
  for (const y of r.terrainYears) {
    const parts = [y.diversityKw, y.controlKw, y.capacityFreedKw];
    expect(parts.every((p) => p === null) || parts.every((p) => p !== null), `${y.terrain} ${y.year} ${y.strategy}`).toBe(true);
    if (y.capacityFreedKw === null) continue;
    reported++;
    expect(num(y.capacityFreedKw)).toBeCloseTo(num(y.diversityKw) + num(y.controlKw), 6);
  }
  for (const t of r.totals) expect(num(t.capacityFreedMw)).toBeCloseTo(num(t.diversityMw) + num(t.controlMw), 9);
  return reported;
}

/** A hub short of capacity, or above its granted cap all year, frees nothing; without an active hub nothing is freed. Counts the terrain-years that free nothing. */
export function shortFreesNothing(r: Results): number {
  let empty = 0;
  for (const y of r.terrainYears) {
    if (!y.hubActive || num(y.capacityShortKw) > 0 || num(y.hoursAboveGrantedCap) >= 8760) {
      expect(y.capacityFreedKw, `${y.terrain} ${y.year} ${y.strategy}`).toBeNull();
      empty++;
    }
  }
  return empty;
}

/** Every purchase row is minimal for its level, recomputed from the planning peaks (docs/economics.md section 3, year-found planning on served load). Counts the orders. */
export function purchasesMinimal(r: Results, table: readonly ReinforcementLevel[] = DEFAULT_REINFORCEMENT): number {
  const levels = new Map(table.map((l) => [l.level, l]));
  for (const s of r.substations) {
    const rows = r.substationYears.filter((y) => y.substation === s.substation && y.strategy === s.strategy);
    const orders = r.substationPurchases.filter((p) => p.substation === s.substation && p.strategy === s.strategy);
    for (const name of new Set(orders.map((o) => o.level as string))) {
      const l = levels.get(name)!;
      let committed = num(s.initialCapacityKw);
      const expected: [number, number, number][] = [];
      for (const y of rows) {
        const needed = num(y.peakLoadKw) / (1 - num(s.planningMargin));
        if (needed - committed > 1e-6 * l.stepMw * 1000) {
          const steps = Math.ceil((needed - committed) / 1000 / l.stepMw - 1e-9);
          // minimal: one step fewer would not cover the need
          expect(committed + (steps - 1) * l.stepMw * 1000).toBeLessThan(needed);
          committed += steps * l.stepMw * 1000;
          expect(committed).toBeGreaterThanOrEqual(needed - 1e-6);
          expected.push([num(y.year), steps, num(y.year) + l.leadTimeYears]);
        }
      }
      const got = orders.filter((o) => o.level === name).map((o) => [num(o.year), num(o.steps), num(o.inServiceYear)]);
      expect(got, `${s.substation} ${s.strategy} ${name}`).toEqual(expected);
    }
  }
  return r.substationPurchases.length;
}

/** A strategy whose substation peaks are at most the reference's in every year never shows negative avoided reinforcement. Counts such substations. */
export function neverRaisedNeverNegative(r: Results): number {
  let checked = 0;
  for (const s of r.substations.filter((x) => x.strategy !== WITHOUT)) {
    const peaks = (strategy: string) => r.substationYears.filter((y) => y.substation === s.substation && y.strategy === strategy).map((y) => num(y.peakLoadKw));
    const ref = peaks(WITHOUT);
    if (peaks(s.strategy as string).every((p, i) => p <= ref[i] + 1e-9)) {
      checked++;
      expect(num(s.avoidedReinforcementPvEur), `${s.substation} ${s.strategy}`).toBeGreaterThanOrEqual(0);
    }
  }
  return checked;
}

/** Each plan's present value in the horizon: steps at the start of the year they go into service, less their residual value at the end. Counts the substation plans that bought something. */
export function reinforcementPresentValue(r: Results): number {
  const c = r.economicsConvention;
  const end = r.years[r.years.length - 1];
  let bought = 0;
  for (const s of r.substations) {
    let pv = 0;
    const steps = r.substationPurchases.filter((x) => x.substation === s.substation && x.strategy === s.strategy && x.withinHorizon);
    for (const p of steps) {
      const inService = num(p.inServiceYear);
      const residual = Math.max(0, 1 - (end - inService + 1) / num(p.lifetimeYears));
      pv += num(p.costEur) * (1 + num(c.discountRate)) ** -(inService - num(c.baseYear)) - num(p.costEur) * residual * (1 + num(c.discountRate)) ** -(end - num(c.baseYear) + 1);
    }
    expect(num(s.reinforcementPvEur)).toBeCloseTo(pv, 3);
    if (steps.length > 0) bought++;
  }
  return bought;
}

/** The terrains' shares add up to their substation's avoided reinforcement; a terrain that never raised the substation's peak never gets a negative share. Counts the shares above 0. */
export function attributionAddsUp(r: Results): number {
  let shares = 0;
  for (const s of r.substations.filter((x) => x.strategy !== WITHOUT)) {
    const terrains = r.terrainEconomics.filter((e) => e.substation === s.substation && e.strategy === s.strategy);
    expect(close(terrains.reduce((sum, e) => sum + num(e.avoidedReinforcementPvEur), 0), num(s.avoidedReinforcementPvEur))).toBe(true);
    for (const e of terrains) {
      const raised = r.terrainYears.filter((y) => y.terrain === e.terrain && y.strategy === e.strategy).some((y) => num(y.substationPeakRaisedKw) > 0);
      if (!raised) expect(num(e.avoidedReinforcementPvEur), `${e.terrain} ${e.strategy}`).toBeGreaterThanOrEqual(0);
      if (num(e.avoidedReinforcementPvEur) > 0) shares++;
    }
  }
  return shares;
}

/** society = members + grid operator for every terrain; the year totals' present values add up to the NPVs. Counts the terrain rows. */
export function perspectivesAddUp(r: Results): number {
  for (const e of r.terrainEconomics) expect(close(num(e.npvSocietyEur), num(e.npvMembersEur) + num(e.npvGridOperatorEur)), `${e.terrain} ${e.strategy}`).toBe(true);
  for (const t of r.totals) {
    const years = r.yearTotals.filter((y) => y.strategy === t.strategy);
    for (const [pv, npv] of [['pvSocietyEur', 'npvSocietyEur'], ['pvMembersEur', 'npvMembersEur'], ['pvGridOperatorEur', 'npvGridOperatorEur']]) {
      expect(close(years.reduce((s, y) => s + num(y[pv]), 0), num(t[npv])), `${t.strategy} ${npv}`).toBe(true);
    }
  }
  return r.terrainEconomics.length;
}

/** Every terrain-year's lostShedEur is -(unservedShedKwh - that without hubs) x the value of lost load, with its horizon sums and present values. Counts the priced terrain-years. */
export function lostShedPriced(r: Results): number {
  const voll = num(r.economicsConvention.valueOfLostLoadEurPerKwh);
  const ref = new Map(r.terrainYears.filter((y) => y.strategy === WITHOUT).map((y) => [`${y.terrain} ${y.year}`, y]));
  let priced = 0;
  for (const y of r.terrainYears) {
    const without = num(ref.get(`${y.terrain} ${y.year}`)!.unservedShedKwh);
    expect(without).toBe(0); // uncontrolled terrains shed nothing
    expect(close(num(y.lostShedEur), -(num(y.unservedShedKwh) - without) * voll), `${y.terrain} ${y.year} ${y.strategy}`).toBe(true);
    if (num(y.lostShedEur) < 0) priced++;
  }
  const { discountRate, baseYear } = r.economicsConvention;
  for (const e of r.terrainEconomics) {
    const rows = r.terrainYears.filter((y) => y.terrain === e.terrain && y.strategy === e.strategy);
    expect(close(num(e.lostShedEur), rows.reduce((s, y) => s + num(y.lostShedEur), 0))).toBe(true);
    expect(close(num(e.lostShedPvEur), rows.reduce((s, y) => s + num(y.lostShedEur) * (1 + num(discountRate)) ** -(num(y.year) - num(baseYear) + 1), 0))).toBe(true);
  }
  return priced;
}

/**
 * benefitCostRatio from the undiscounted year flows, timed as docs/economics.md says: investments (hub
 * capex, reinforcement) at the start of their year, every other flow at its end; residual value and
 * lost shed load (a negative flow) with the benefits. Counts the strategies with a ratio.
 */
export function benefitCostRatio(r: Results): number {
  const { discountRate, baseYear } = r.economicsConvention;
  const atStart = (year: unknown): number => (1 + num(discountRate)) ** -(num(year) - num(baseYear));
  const atEnd = (year: unknown): number => atStart(year) / (1 + num(discountRate));
  let ratios = 0;
  for (const strategy of strategiesOf(r)) {
    let benefits = 0;
    let costs = 0;
    for (const y of yearsOf(r, strategy)) {
      const flows = ['avoidedCurtailmentEur', 'avoidedImbalanceEur', 'avoidedUnservedEur', 'lostShedEur', 'arbitrageRevenueEur', 'residualValueEur'].reduce((sum, f) => sum + num(y[f]), 0);
      benefits += flows * atEnd(y.year) + num(y.avoidedReinforcementEur) * atStart(y.year);
      costs += num(y.capexEur) * atStart(y.year) + num(y.opexEur) * atEnd(y.year);
    }
    const t = r.totals.find((x) => x.strategy === strategy)!;
    if (costs > 0) {
      expect(close(num(t.benefitCostRatio), benefits / costs), `${strategy}: ${t.benefitCostRatio} against ${benefits / costs}`).toBe(true);
      ratios++;
    } else expect(t.benefitCostRatio, strategy).toBeNull();
  }
  return ratios;
}

/** paybackYear: the first year the cumulative undiscounted society flow is back at or above 0 after being below. Counts the strategies that pay back. */
export function paybackYear(r: Results): number {
  let paid = 0;
  for (const strategy of strategiesOf(r)) {
    // Walked from the horizon's end back: the cumulative flow of each year is the total less the
    // flows after it; payback is the year after the last one below 0, none when the last one is.
    const rows = yearsOf(r, strategy);
    const flows = rows.map((y) => num(y.netSocietyEur));
    let after = 0;
    const total = flows.reduce((a, b) => a + b, 0);
    let year: number | null = null;
    let paidFrom: number | null = null;
    for (let k = rows.length - 1; k >= 0; k--) {
      const cumulative = total - after;
      after += flows[k];
      if (cumulative < 0) break;
      paidFrom = num(rows[k].year);
    }
    if (flows.some((f) => f !== 0)) year = paidFrom;
    expect(r.totals.find((x) => x.strategy === strategy)!.paybackYear, strategy).toBe(year);
    if (year !== null) paid++;
  }
  return paid;
}

/**
 * MW freed per MEUR of capex; the energy made connectable: what waits without hubs less what waits
 * with the strategy, the terrains' unserved energy summed, and that x the value of lost load is the
 * avoided unserved energy. Counts the strategies that make energy connectable.
 */
export function connectableEnergy(r: Results): number {
  let connectable = 0;
  for (const strategy of strategiesOf(r)) {
    const t = r.totals.find((x) => x.strategy === strategy)!;
    if (num(t.capexEur) > 0) expect(close(num(t.mwFreedPerMEur), num(t.capacityFreedMw) / (num(t.capexEur) / 1e6)), strategy).toBe(true);
    const unserved = (variant: string): number => r.terrainYears.filter((y) => y.strategy === variant).reduce((sum, y) => sum + num(y.unservedEnergyKwh), 0);
    expect(close(num(t.connectableEnergyKwh), unserved(WITHOUT) - unserved(strategy), 1e-8), strategy).toBe(true);
    expect(close(num(t.connectableEnergyKwh) * num(r.economicsConvention.valueOfLostLoadEurPerKwh), num(t.avoidedUnservedEur), 1e-8), strategy).toBe(true);
    const bySubstation = r.substations.filter((x) => x.strategy === strategy).reduce((sum, x) => sum + num(x.connectableEnergyKwh), 0);
    expect(close(bySubstation, num(t.connectableEnergyKwh), 1e-8), strategy).toBe(true);
    if (num(t.connectableEnergyKwh) > 0) connectable++;
  }
  return connectable;
}

/** deferralYears: the first step in service without hubs against with the strategy, to the horizon's end when the strategy needs none within it. Counts the deferrals. */
export function deferralYears(r: Results): number {
  const end = r.years[r.years.length - 1];
  let deferred = 0;
  for (const s of r.substations.filter((x) => x.strategy !== WITHOUT)) {
    const first = (variant: string, last: number): number | null => {
      const years = r.substationPurchases.filter((p) => p.substation === s.substation && p.strategy === variant && num(p.inServiceYear) <= last).map((p) => num(p.inServiceYear));
      return years.length === 0 ? null : Math.min(...years);
    };
    // docs/economics.md section 7: without hubs a step in service within the horizon; with the
    // strategy any step it ordered (all orders fall within the horizon), in the year it serves.
    const without = first(WITHOUT, end);
    const withHubs = first(s.strategy as string, Number.POSITIVE_INFINITY);
    const expected = without === null ? 0 : (withHubs ?? end + 1) - without;
    expect(s.deferralYears, `${s.substation} ${s.strategy}`).toBe(expected);
    expect(s.deferralBeyondHorizon, `${s.substation} ${s.strategy}`).toBe(without !== null && withHubs === null);
    // docs/outputs.md: firstInServiceYear counts a step in service after the horizon too.
    expect(s.firstInServiceYear, `${s.substation} ${s.strategy}`).toBe(first(s.strategy as string, Number.POSITIVE_INFINITY));
    if (expected > 0) deferred++;
  }
  return deferred;
}

/** Every identity above, by name: what each found to check. */
export const IDENTITIES = {
  capacityFreedSplit,
  shortFreesNothing,
  purchasesMinimal,
  neverRaisedNeverNegative,
  reinforcementPresentValue,
  attributionAddsUp,
  perspectivesAddUp,
  lostShedPriced,
  benefitCostRatio,
  paybackYear,
  connectableEnergy,
  deferralYears,
} as const;

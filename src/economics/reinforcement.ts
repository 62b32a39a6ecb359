import { fail } from '../errors.js';
import type { ReinforcementLevel } from '../model/economics.js';

/*
 * Grid reinforcement of one substation, bought in whole steps per voltage level as in the Energy
 * Transition Model's network calculation (quintel/etsource datasets/nl/nl.full.ad; ../shared/DESIGN.md).
 *
 * A substation of capacity K (kW) with spare share s is overloaded in a year when its peak P exceeds
 * the safe load K x (1 - s). It then needs dK = P / (1 - s) - K kW more, and every level l it depends
 * on buys steps_l = ceil(dK / 1000 / stepMw_l) steps for steps_l x costPerStepEur_l. The capacity grows
 * by the smallest capacity added over the levels, min_l steps_l x stepMw_l x 1000 kW: the weakest level
 * limits the substation.
 */

/** One level's purchase in one year. */
export interface ReinforcementPurchase {
  year: number;
  level: string;
  steps: number;
  costEur: number;
  /** Capacity this level gains: steps x stepMw (MW). */
  addedMw: number;
}

export interface ReinforcementPlan {
  /** The first year the substation is overloaded; null when it never is within the years given. */
  firstYear: number | null;
  purchases: ReinforcementPurchase[];
  totalCostEur: number;
  /** Capacity available in each year after that year's purchases (kW), one per year. */
  capacityKwByYear: number[];
  /** Years in which the peak exceeded the safe load before that year's purchases. */
  overloadedYears: number[];
}

export interface ReinforcementInput {
  years: number[];
  /** Per year, the substation's highest load that year (kW). */
  peakKw: number[];
  capacityKw: number;
  /** Share of the capacity kept spare, 0 <= spare < 1 (ETM: 0.25). */
  spareCapacity: number;
  /** The substation's levels, resolved by name (see resolveLevels). */
  levels: ReinforcementLevel[];
}

/*
 * Float tolerance, in steps: a shortfall of 2 MW computed as 2.0000000001 MW is one step of 2 MW, not
 * two. The overload test uses the same tolerance measured in the largest step, so a capacity bought
 * with it is never found short again at the same peak (and an overloaded year always buys >= 1 step).
 */
const STEP_TOLERANCE = 1e-9;

/** Year by year: test for overload, and buy for every level the whole steps that cover the shortfall. */
export function reinforcementPlan(input: ReinforcementInput): ReinforcementPlan {
  const { years, peakKw, spareCapacity, levels } = input;
  if (years.length !== peakKw.length) throw new Error(`reinforcementPlan: ${years.length} years but ${peakKw.length} peaks`);
  if (levels.length === 0) throw new Error('reinforcementPlan: a substation needs at least one reinforcement level');
  if (!(spareCapacity >= 0 && spareCapacity < 1)) throw new Error(`reinforcementPlan: spareCapacity ${spareCapacity} is outside [0, 1)`);
  const toleranceKw = STEP_TOLERANCE * 1000 * Math.max(...levels.map((l) => l.stepMw));

  let capacityKw = input.capacityKw;
  let firstYear: number | null = null;
  let totalCostEur = 0;
  const purchases: ReinforcementPurchase[] = [];
  const capacityKwByYear: number[] = [];
  const overloadedYears: number[] = [];

  years.forEach((year, i) => {
    // dK = P / (1 - s) - K > 0  <=>  P > K x (1 - s)
    const shortfallKw = peakKw[i] / (1 - spareCapacity) - capacityKw;
    if (shortfallKw > toleranceKw) {
      firstYear ??= year;
      overloadedYears.push(year);
      let addedKw = Number.POSITIVE_INFINITY;
      for (const l of levels) {
        const steps = Math.ceil(shortfallKw / 1000 / l.stepMw - STEP_TOLERANCE);
        const costEur = steps * l.costPerStepEur;
        purchases.push({ year, level: l.level, steps, costEur, addedMw: steps * l.stepMw });
        totalCostEur += costEur;
        addedKw = Math.min(addedKw, steps * l.stepMw * 1000);
      }
      capacityKw += addedKw;
    }
    capacityKwByYear.push(capacityKw);
  });
  return { firstYear, purchases, totalCostEur, capacityKwByYear, overloadedYears };
}

/**
 * The levels named, looked up by exact name in the table (economics.reinforcement or
 * DEFAULT_REINFORCEMENT). `field` is the path of the names in the scenario, e.g.
 * "substations[0].voltageLevels"; a problem is reported at `${field}[j]`. A level named twice would
 * be paid twice, so that is an error too.
 */
export function resolveLevels(names: string[], table: ReinforcementLevel[], field: string): ReinforcementLevel[] {
  return names.map((name, j) => {
    const at = `${field}[${j}]`;
    const found = table.find((l) => l.level === name);
    if (found === undefined) {
      fail('rollout.unknownLevel', { field: at }, `no reinforcement level "${name}"; known levels are ${table.map((l) => l.level).join(', ')}`);
    }
    if (names.indexOf(name) !== j) fail('rollout.duplicateLevel', { field: at }, `reinforcement level "${name}" is listed twice; it would be paid twice`);
    return found;
  });
}

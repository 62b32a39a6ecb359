import { quote } from '../errors.js';
import type { ReinforcementLevel } from '../model/economics.js';

/*
 * Grid reinforcement of one substation, per voltage level, as in the Energy Transition Model's network
 * calculation (quintel documentation general/network.md; costs quintel/etsource datasets/nl/nl.full.ad;
 * docs/economics.md section 3).
 *
 * Every level l starts at the substation's capacity K0 and keeps its own capacity. With P_y the year's
 * planning peak and m the planning margin, the capacity needed is N_y = P_y / (1 - m) (kW). At the end
 * of each year every level whose committed capacity Kc_l (built or ordered) is below N_y orders
 *
 *   n_l = ceil((N_y - Kc_l) / S_l)  steps of S_l kW at C_l EUR each,   Kc_l += n_l x S_l,
 *
 * in service lambda_l >= 1 years later (its lead time: an order placed after the year's peak serves
 * from the next year at the earliest, and is paid at the start of the year it comes into service). The operator may plan each level for more than
 * the year's peak (the caller's plannedKw): its queue of requests as well, or the load it expects
 * when the level's step would come into service; the overload test counts only the load served.
 * The usable capacity in a year is the lowest over the levels of the capacity in service,
 * U(y) = min_l Ks_l(y): the weakest level limits the substation. It is overloaded in year y when
 * P_y > U(y) x (1 - m), U(y) being what was in service when the year's peak came.
 *
 * By induction, the steps a level has ordered by the end of year y are
 * ceil(max(0, max_{y' <= y} N_y' - K0) / S_l): a lower path of N never orders more, nor earlier.
 */

/** One level's order in one year. */
export interface ReinforcementOrder {
  /** Year the shortfall was found and the steps ordered. */
  readonly year: number;
  readonly level: string;
  readonly steps: number;
  /** Capacity the level gains: steps x stepMw (MW). */
  readonly addedMw: number;
  readonly costEur: number;
  /** The level's committed capacity after the order (kW). */
  readonly levelCapacityKw: number;
  /** Capacity needed: the load planned for at this level (the year's peak, or more) / (1 - planning margin) (kW). */
  readonly neededKw: number;
  /** First year the steps are in service: year + the level's lead time. */
  readonly inServiceYear: number;
  /** The level's lifetime (years), for the residual value. */
  readonly lifetimeYears: number;
}

/** What a year's close found. */
export interface YearClose {
  /** Capacity in service when the year's peak came (kW). */
  readonly usableKw: number;
  readonly overloaded: boolean;
  readonly orders: readonly ReinforcementOrder[];
}

/*
 * Float tolerance, in steps: a shortfall of 2 MW computed as 2.0000000001 MW is one step of 2 MW, not
 * two; the overload test uses the same tolerance measured in the largest step, so a capacity bought
 * for a peak is never found short again at the same peak.
 */
const STEP_TOLERANCE = 1e-9;

/** One substation's levels, year after year: call close(year, peak) for each year in order. */
export class SubstationGrid {
  private readonly committedKw: number[];
  private readonly toleranceKw: number;
  readonly orders: ReinforcementOrder[] = [];

  constructor(
    private readonly levels: readonly ReinforcementLevel[],
    readonly initialKw: number,
    readonly planningMargin: number,
  ) {
    if (levels.length === 0) throw new Error('SubstationGrid: a substation needs at least one reinforcement level');
    if (!(initialKw >= 0) || !Number.isFinite(initialKw)) throw new Error(`SubstationGrid: initial capacity ${initialKw} kW is not a capacity`);
    if (!(planningMargin >= 0 && planningMargin < 1)) throw new Error(`SubstationGrid: planning margin ${planningMargin} is outside [0, 1)`);
    for (const l of levels) if (!(Number.isInteger(l.leadTimeYears) && l.leadTimeYears >= 1)) throw new Error(`SubstationGrid: level ${quote(l.level)} has lead time ${l.leadTimeYears}; a step serves from the year after its order at the earliest`);
    this.committedKw = levels.map(() => initialKw);
    this.toleranceKw = STEP_TOLERANCE * 1000 * Math.max(...levels.map((l) => l.stepMw));
  }

  /** Capacity in service in `year` (kW): the lowest over the levels of K0 plus the steps in service by then. */
  usableKw(year: number): number {
    return this.levels.reduce((lowest, l) => Math.min(lowest, this.inServiceKw(l.level, year)), Number.POSITIVE_INFINITY);
  }

  /** One level's capacity in service in `year`, counting orders placed up to now. */
  inServiceKw(level: string, year: number): number {
    let kw = this.initialKw;
    for (const o of this.orders) if (o.level === level && o.inServiceYear <= year) kw += o.addedMw * 1000;
    return kw;
  }

  /**
   * The end of `year` with planning peak `peakKw`: the overload test, then every level's orders for
   * the load planned for at that level (kW; by default the peak itself).
   */
  close(year: number, peakKw: number, plannedKw: (level: ReinforcementLevel) => number = () => peakKw): YearClose {
    const usableKw = this.usableKw(year);
    const overloaded = peakKw > usableKw * (1 - this.planningMargin) + this.toleranceKw;
    const orders: ReinforcementOrder[] = [];
    this.levels.forEach((l, i) => {
      const neededKw = plannedKw(l) / (1 - this.planningMargin);
      const shortKw = neededKw - this.committedKw[i];
      if (!(shortKw > this.toleranceKw)) return;
      const steps = Math.ceil(shortKw / 1000 / l.stepMw - STEP_TOLERANCE);
      this.committedKw[i] += steps * l.stepMw * 1000;
      orders.push({
        year,
        level: l.level,
        steps,
        addedMw: steps * l.stepMw,
        costEur: steps * l.costPerStepEur,
        levelCapacityKw: this.committedKw[i],
        neededKw,
        inServiceYear: year + l.leadTimeYears,
        lifetimeYears: l.lifetimeYears,
      });
    });
    this.orders.push(...orders);
    return { usableKw, overloaded, orders };
  }
}

export interface ReinforcementPlan {
  readonly orders: readonly ReinforcementOrder[];
  /** Per year: the capacity in service when the year's peak came (kW). */
  readonly usableKwByYear: readonly number[];
  readonly overloadedYears: readonly number[];
  /** The first overloaded year; null when none is within the years given. */
  readonly firstOverloadYear: number | null;
}

/** A whole peak path at once (what a rollout does year by year): the orders and overloads it gives. */
export function reinforcementPlan(input: { years: readonly number[]; peakKw: readonly number[]; initialKw: number; planningMargin?: number; levels: readonly ReinforcementLevel[] }): ReinforcementPlan {
  const { years, peakKw } = input;
  if (years.length !== peakKw.length) throw new Error(`reinforcementPlan: ${years.length} years but ${peakKw.length} peaks`);
  const grid = new SubstationGrid(input.levels, input.initialKw, input.planningMargin ?? 0);
  const usableKwByYear: number[] = [];
  const overloadedYears: number[] = [];
  years.forEach((year, i) => {
    const c = grid.close(year, peakKw[i]);
    usableKwByYear.push(c.usableKw);
    if (c.overloaded) overloadedYears.push(year);
  });
  return { orders: grid.orders, usableKwByYear, overloadedYears, firstOverloadYear: overloadedYears[0] ?? null };
}

/**
 * The levels named, looked up by exact name in the table (economics.reinforcement or
 * DEFAULT_REINFORCEMENT). The scenario's loader has refused a name the table lacks or one listed
 * twice (rollout.unknownLevel, rollout.duplicateLevel, with the field): here either is a bug.
 */
export function resolveLevels(names: readonly string[], table: readonly ReinforcementLevel[]): ReinforcementLevel[] {
  return names.map((name, j) => {
    const found = table.find((l) => l.level === name);
    if (found === undefined || names.indexOf(name) !== j) throw new Error(`reinforcement level ${quote(name)} is unknown or listed twice, past the scenario's checks. This is a bug in hubsim.`);
    return found;
  });
}

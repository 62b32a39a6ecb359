import { deferralYears } from '../economics/deferral.js';
import { avoidedReinforcement, gridMoney, type AvoidedReinforcement, type GridMoney } from '../economics/grid-value.js';
import type { MoneyConvention } from '../economics/present-value.js';
import type { RolloutKeys } from './keys.js';
import { WITHOUT_HUBS, type PurchaseRow, type TaskResult } from './task.js';

/*
 * One substation's grid over the horizon in each variant (docs/economics.md sections 2, 3 and 7):
 * when its planning peak first exceeded the capacity in service, the reinforcement steps each
 * variant ordered and their money within the horizon,
 *
 *   GridPV = sum_steps C x (1 + r)^-(y_in - b)  -  sum_steps residual x (1 + r)^-(H - b + 1)
 *   avoidedReinforcementPvEur = GridPV(without hubs) - GridPV(strategy)
 *
 * how many years the strategy moved the first step into service (deferral: a description only, its
 * value is inside the present value), and the energy that waited for capacity, against the reference.
 */

/** One substation in one variant over the horizon. */
export interface SubstationSummary {
  readonly substation: string;
  readonly strategy: string;
  readonly capacityBasis: 'firm' | 'estimated';
  readonly initialCapacityKw: number;
  readonly planningMargin: number;
  /** First year the planning peak exceeded the capacity in service; null: never within the horizon. */
  readonly firstOverloadYear: number | null;
  readonly overloadedYears: number;
  /** First year a step was ordered, and first year one went into service; null: none. */
  readonly firstOrderYear: number | null;
  readonly firstInServiceYear: number | null;
  /** Every order's cost, in service within the horizon or not (EUR, undiscounted). */
  readonly reinforcementOrderedEur: number;
  /** Cost of the steps in service within the horizon (EUR, undiscounted). */
  readonly reinforcementInHorizonEur: number;
  /** Their residual value at the horizon end (EUR, undiscounted). */
  readonly reinforcementResidualEur: number;
  /** Present value of the plan within the horizon: investments - residual (EUR). */
  readonly reinforcementPvEur: number;
  /** reinforcementPvEur without hubs - with this variant (EUR). */
  readonly avoidedReinforcementPvEur: number;
  readonly deferralYears: number;
  readonly deferralBeyondHorizon: boolean;
  /** Years with a hub waiting for capacity, and the energy that waited (kWh, horizon sum). */
  readonly waitingYears: number;
  readonly waitingEnergyKwh: number;
  /** waitingEnergyKwh without hubs - with this variant (kWh). */
  readonly connectableEnergyKwh: number;
  /** Years in which this variant's peak was above the peak without hubs, and by how much at most (kW; 0 if never). */
  readonly yearsPeakRaised: number;
  readonly mostPeakRaisedKw: number;
}

/** A substation's summaries (one per variant it ran, the reference first) and each strategy's avoided reinforcement. */
export interface SubstationPlans {
  readonly summaries: SubstationSummary[];
  /** Per strategy index: its avoided reinforcement against the reference; null when either did not run. */
  readonly avoided: (AvoidedReinforcement | null)[];
}

/** The substation of a task in every variant that ran; none when the task has no basis (it failed before its grid was known). */
export function substationPlans(r: TaskResult, keys: RolloutKeys, money: MoneyConvention): SubstationPlans {
  const avoided: (AvoidedReinforcement | null)[] = keys.strategies.map(() => null);
  const basis = r.basis;
  if (basis === null) return { summaries: [], avoided };
  const { years } = keys;
  const endYear = money.endYear;
  const variants = [WITHOUT_HUBS, ...keys.strategies].filter((v) => r.substationYears.some((y) => y.strategy === v));
  const plans = new Map<string, GridMoney>(variants.map((v) => [v, gridMoney(r.purchases.filter((p) => p.strategy === v), years, money)]));
  const ref = plans.get(WITHOUT_HUBS);
  const refFirstInService = firstInService(r.purchases.filter((p) => p.strategy === WITHOUT_HUBS), endYear);
  const refWaiting = r.substationYears.filter((y) => y.strategy === WITHOUT_HUBS).reduce((s, y) => s + y.waitingEnergyKwh, 0);
  const summaries = variants.map((v): SubstationSummary => {
    const plan = plans.get(v)!;
    const orders = r.purchases.filter((p) => p.strategy === v);
    const rows = r.substationYears.filter((y) => y.strategy === v);
    const overloaded = rows.filter((y) => y.overloaded);
    const a = ref === undefined ? null : avoidedReinforcement(ref, plan);
    if (a !== null && v !== WITHOUT_HUBS) avoided[keys.strategy(v)] = a;
    // The strategy's first step in the year it serves, also after the horizon when it was ordered in it.
    const deferral = deferralYears(refFirstInService, firstInService(orders, Number.POSITIVE_INFINITY), endYear);
    const waitingEnergyKwh = rows.reduce((s, y) => s + y.waitingEnergyKwh, 0);
    return {
      substation: r.substation,
      strategy: v,
      capacityBasis: basis.capacityBasis,
      initialCapacityKw: basis.initialCapacityKw,
      planningMargin: basis.planningMargin,
      firstOverloadYear: overloaded[0]?.year ?? null,
      overloadedYears: overloaded.length,
      firstOrderYear: orders[0]?.year ?? null,
      firstInServiceYear: firstInService(orders, Number.POSITIVE_INFINITY),
      reinforcementOrderedEur: orders.reduce((s, o) => s + o.costEur, 0),
      reinforcementInHorizonEur: plan.investmentEur.reduce((s, x) => s + x, 0),
      reinforcementResidualEur: plan.residualEur,
      reinforcementPvEur: plan.pvEur,
      avoidedReinforcementPvEur: a?.pvEur ?? 0,
      deferralYears: deferral.years,
      deferralBeyondHorizon: deferral.beyondHorizon,
      waitingYears: rows.filter((y) => y.waitingKw > 0).length,
      waitingEnergyKwh,
      connectableEnergyKwh: refWaiting - waitingEnergyKwh,
      yearsPeakRaised: rows.filter((y) => y.peakChangeKw > 0).length,
      mostPeakRaisedKw: Math.max(0, ...rows.map((y) => y.peakChangeKw)),
    };
  });
  return { summaries, avoided };
}

/** First year one of these orders is in service, if that is at most `until`. */
function firstInService(orders: readonly PurchaseRow[], until: number): number | null {
  const first = orders.reduce((m, o) => Math.min(m, o.inServiceYear), Number.POSITIVE_INFINITY);
  return first <= until ? first : null;
}

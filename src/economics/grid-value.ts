import { atEndOf, atStartOf, residualShare, type MoneyConvention } from './present-value.js';

/*
 * The money of one substation's reinforcement plan within the horizon (docs/economics.md section 7):
 * each step is paid at the start of the year it goes into service, and what is left of it at the end
 * of the horizon (straight-line over its lifetime) is its residual value:
 *
 *   GridPV = sum_steps C x (1 + r)^-(y_in - b)  -  sum_steps residual x (1 + r)^-(H - b + 1)
 *
 * Steps in service only after the horizon are outside its money. Avoided reinforcement is
 * GridPV(without hubs) - GridPV(strategy), year by year: the investment avoided at the start of each
 * year, and the residual value given up at the end of the horizon.
 */

/** A reinforcement step order, as far as its money goes. */
export interface StepOrder {
  readonly costEur: number;
  readonly inServiceYear: number;
  readonly lifetimeYears: number;
}

export interface GridMoney {
  /** Per horizon year: cost of the steps going into service that year (EUR, undiscounted, start of year). */
  readonly investmentEur: number[];
  /** What the steps in service within the horizon are worth at its end (EUR, undiscounted). */
  readonly residualEur: number;
  /** Present value at the base year: investments - residual. */
  readonly pvEur: number;
}

/** The plan's money over the horizon `years` (consecutive, ending at the convention's endYear). */
export function gridMoney(orders: readonly StepOrder[], years: readonly number[], c: MoneyConvention): GridMoney {
  const investmentEur = years.map(() => 0);
  let residualEur = 0;
  for (const o of orders) {
    const k = o.inServiceYear - years[0];
    if (k < 0 || k >= years.length) continue;
    investmentEur[k] += o.costEur;
    residualEur += o.costEur * residualShare(o.inServiceYear, o.lifetimeYears, c.endYear);
  }
  const pvEur = investmentEur.reduce((s, x, k) => s + x * atStartOf(c, years[k]), 0) - residualEur * atEndOf(c, c.endYear);
  return { investmentEur, residualEur, pvEur };
}

/** Avoided reinforcement of a strategy against the reference: per year, the residual, and the present value. */
export interface AvoidedReinforcement {
  /** Per year: investment without hubs - with the strategy (EUR, start of year). */
  readonly investmentEur: number[];
  /** Residual value with the strategy - without hubs (EUR, end of the horizon): the reference keeps more. */
  readonly residualEur: number;
  readonly pvEur: number;
}

export function avoidedReinforcement(reference: GridMoney, strategy: GridMoney): AvoidedReinforcement {
  return {
    investmentEur: reference.investmentEur.map((x, k) => x - strategy.investmentEur[k]),
    residualEur: strategy.residualEur - reference.residualEur,
    pvEur: reference.pvEur - strategy.pvEur,
  };
}

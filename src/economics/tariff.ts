import type { ResolvedHub } from '../model/resolved.js';
import { billingMonths } from './hub-tariff.js';

/** The default kWmax rate of the lp strategy (EUR per kW per month), an assumption: see model/strategy.ts. */
export const DEFAULT_KWMAX_EUR_PER_KW_MONTH = 3;

export interface TariffCost {
  /** Sum over the billing months (Europe/Amsterdam) of the month's highest import x the kWmax rate. */
  kwmaxEur: number;
  /** Imported minus exported energy at the day-ahead price of its hour. */
  energyEur: number;
  totalEur: number;
}

/**
 * What a run's grid exchange costs under a simple Dutch tariff: the monthly kWmax charge on the
 * highest import (the highest step: on a 15-minute axis the PTU maximum) of each billing month, plus
 * energy bought and sold at the day-ahead price:
 *
 *   cost = sum_month rate x max_{t in month} import_t + sum_t price_t x (import_t - export_t) x dt / 1000
 *
 * The billing months are those of hub-tariff.ts billingMonths (-1: a last month covered for less
 * than a local day, not billed), computed once per axis by the caller that prices many runs (sweeps).
 */
export function gridCost(gridKw: Float64Array, prices: Float64Array, months: Int32Array, dt: number, kwmaxEurPerKwMonth: number): TariffCost {
  let energyEur = 0;
  let peaks = 0;
  let month = months.length > 0 ? months[0] : -1;
  let peak = 0;
  for (let t = 0; t < gridKw.length; t++) {
    if (months[t] !== month) {
      peaks += peak;
      peak = 0;
      month = months[t];
    }
    const g = gridKw[t];
    energyEur += (prices[t] * g * dt) / 1000;
    if (month >= 0 && g > peak) peak = g;
  }
  const kwmaxEur = (peaks + peak) * kwmaxEurPerKwMonth;
  return { kwmaxEur, energyEur, totalEur: kwmaxEur + energyEur };
}

/** gridCost of a run of `hub` (the forecast regret of hubsim run --regret). */
export function tariffCost(hub: ResolvedHub, gridKw: Float64Array, prices: Float64Array, kwmaxEurPerKwMonth = DEFAULT_KWMAX_EUR_PER_KW_MONTH): TariffCost {
  return gridCost(gridKw, prices, billingMonths(hub.axis), hub.axis.stepHours, kwmaxEurPerKwMonth);
}

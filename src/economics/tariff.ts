import type { ResolvedHub } from '../model/resolved.js';
import { localMonthKey } from '../time/axis.js';

/** The default kWmax rate of the lp strategy (EUR per kW per month), an assumption: see model/strategy.ts. */
export const DEFAULT_KWMAX_EUR_PER_KW_MONTH = 3;

export interface TariffCost {
  /** Sum over calendar months (Europe/Amsterdam) of the month's highest import x the kWmax rate. */
  kwmaxEur: number;
  /** Imported minus exported energy at the day-ahead price of its hour. */
  energyEur: number;
  totalEur: number;
}

/**
 * What a run's grid exchange costs under a simple Dutch tariff: the monthly kWmax charge on the
 * highest import of each calendar month, plus energy bought and sold at the day-ahead price:
 *
 *   cost = sum_month rate x max_{t in month} import_t + sum_t price_t x (import_t - export_t) x dt / 1000
 */
export function tariffCost(hub: ResolvedHub, gridKw: Float64Array, prices: Float64Array, kwmaxEurPerKwMonth = DEFAULT_KWMAX_EUR_PER_KW_MONTH): TariffCost {
  const dt = hub.axis.stepHours;
  const month = localMonthKey(hub.axis);
  const monthPeak = new Map<number, number>();
  let energyEur = 0;
  for (let t = 0; t < gridKw.length; t++) {
    const g = gridKw[t];
    energyEur += (prices[t] * g * dt) / 1000;
    if (g > (monthPeak.get(month[t]) ?? 0)) monthPeak.set(month[t], g);
  }
  let kwmaxEur = 0;
  for (const peak of monthPeak.values()) kwmaxEur += peak * kwmaxEurPerKwMonth;
  return { kwmaxEur, energyEur, totalEur: kwmaxEur + energyEur };
}

import type { ResolvedHub } from '../model/resolved.js';
import { DEFAULT_KWMAX_EUR_PER_KW_MONTH } from '../model/strategy.js';
import { billingMonths } from './hub-tariff.js';


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
  const out = new Float64Array(3);
  // The whole year as one run, beside no other load.
  drawnGridCost(gridKw, prices, new Float64Array(gridKw.length), Int32Array.of(0, 0, gridKw.length), 1, months, dt, kwmaxEurPerKwMonth, out, 0);
  return { kwmaxEur: out[0], energyEur: out[1], totalEur: out[0] + out[1] };
}

/**
 * gridCost of a synthetic year (sweeps), whose prices are runs of a longer column: run r gives
 * steps runs[3r] .. runs[3r] + runs[3r + 2] - 1 of the year the prices from prices[runs[3r + 1]] on
 * (weather/apply.ts drawRuns), and the runs cover the year in order. In the same pass, the highest
 * of the exchange plus another load drawn with the same runs (the rest of a substation): the
 * substation's peak with this hub. Writes out[at] = kwmaxEur, out[at + 1] = energyEur,
 * out[at + 2] = that peak (kW).
 */
export function drawnGridCost(
  gridKw: Float64Array,
  prices: Float64Array,
  otherKw: Float64Array,
  runs: Int32Array,
  count: number,
  months: Int32Array,
  dt: number,
  kwmaxEurPerKwMonth: number,
  out: Float64Array,
  at: number,
): void {
  let energyEur = 0;
  let peaks = 0;
  let month = months.length > 0 ? months[0] : -1;
  let peak = 0;
  let substationPeak = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < count; r++) {
    const to = runs[3 * r];
    const end = to + runs[3 * r + 2];
    // The source step of year step t is t + shift.
    const shift = runs[3 * r + 1] - to;
    for (let t = to; t < end; t++) {
      if (months[t] !== month) {
        peaks += peak;
        peak = 0;
        month = months[t];
      }
      const g = gridKw[t];
      energyEur += (prices[t + shift] * g * dt) / 1000;
      if (month >= 0 && g > peak) peak = g;
      const x = otherKw[t + shift] + g;
      if (x > substationPeak) substationPeak = x;
    }
  }
  out[at] = (peaks + peak) * kwmaxEurPerKwMonth;
  out[at + 1] = energyEur;
  out[at + 2] = substationPeak;
}

/** gridCost of a run of `hub` (the forecast regret of hubsim run --regret). */
export function tariffCost(hub: ResolvedHub, gridKw: Float64Array, prices: Float64Array, kwmaxEurPerKwMonth = DEFAULT_KWMAX_EUR_PER_KW_MONTH): TariffCost {
  return gridCost(gridKw, prices, billingMonths(hub.axis), hub.axis.stepHours, kwmaxEurPerKwMonth);
}

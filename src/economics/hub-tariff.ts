import type { HubTariffRates } from '../model/tariff-rates.js';
import { localMonthKey, type TimeAxis } from '../time/axis.js';

/*
 * The transport tariff of a hub's collective connection in `hubsim run` and in sweeps, under the
 * rates a hub file's `tariff` block gives (by operator and year from the shipped ACM table, by
 * explicit rates, or both, an explicit rate replacing the table's: model/tariff-rates.ts):
 *
 *   cost = (vastrecht + contractKw x contractRate) x hours / 8760
 *          + sum_m monthMaxKw_m x kwmaxRate + offtakeKwh x kWhRate
 *
 *   contractKw    the contracted transport capacity: the hub's highest finite firm import cap, or
 *                 without a cap the uncontrolled coincident peak (what it would have to contract);
 *                 it also chooses the table's category (profiles/transport-tariffs.ts)
 *   monthMaxKw_m  the highest import of billing month m (Europe/Amsterdam calendar month): the
 *                 highest step, which on a 15-minute axis is the PTU maximum the tariff sheets
 *                 charge (kWmax); on an hourly axis it is the hourly maximum, which can be lower
 *   hours         the simulated hours: the yearly parts are charged pro rata (8760 h a year), the
 *                 kWmax part per billing month the axis covers
 *
 * A UTC calendar year's axis ends in the first local hour of the next year: a last month the axis
 * covers for less than one local day is not billed (it is the next year's January).
 */

/** One run's transport tariff, by part (EUR). */
export interface HubTariffCost {
  readonly vastrechtEur: number;
  readonly contractEur: number;
  readonly kwmaxEur: number;
  readonly energyEur: number;
  readonly totalEur: number;
  /** Sum over the billed months of the month's highest import (kW): what the kWmax rate multiplies. */
  readonly kwmaxSumKw: number;
}

/**
 * Per step the billing month it counts in (an index from 0), or -1 for steps of a last month the
 * axis covers for less than a local day, which are not billed. Computed once per axis.
 */
export function billingMonths(axis: TimeAxis): Int32Array {
  const key = localMonthKey(axis);
  const out = new Int32Array(axis.steps);
  let month = 0;
  for (let t = 0; t < key.length; t++) {
    if (t > 0 && key[t] !== key[t - 1]) month++;
    out[t] = month;
  }
  const n = key.length;
  if (n > 0 && out[n - 1] > 0) {
    let first = n - 1;
    while (first > 0 && out[first - 1] === out[n - 1]) first--;
    if ((n - first) * axis.stepHours < 24) out.fill(-1, first);
  }
  return out;
}

/** The transport tariff of a run's grid exchange (gridKw > 0 import) on the hub's axis. */
export function hubTariffCost(rates: HubTariffRates, axis: TimeAxis, gridKw: Float64Array, months: Int32Array = billingMonths(axis)): HubTariffCost {
  const dt = axis.stepHours;
  let kwmaxSumKw = 0;
  let monthPeak = 0;
  let month = -1;
  let importKw = 0;
  for (let t = 0; t < gridKw.length; t++) {
    const g = gridKw[t] > 0 ? gridKw[t] : 0;
    importKw += g;
    if (months[t] !== month) {
      kwmaxSumKw += monthPeak;
      monthPeak = 0;
      month = months[t];
    }
    if (month >= 0 && g > monthPeak) monthPeak = g;
  }
  kwmaxSumKw += monthPeak;
  const years = (axis.steps * dt) / 8760;
  const vastrechtEur = rates.vastrechtEurPerYear * years;
  const contractEur = rates.contractKw * rates.contractEurPerKwYear * years;
  const kwmaxEur = kwmaxSumKw * rates.kwmaxEurPerKwMonth;
  const energyEur = importKw * dt * rates.energyEurPerKwh;
  return { vastrechtEur, contractEur, kwmaxEur, energyEur, totalEur: vastrechtEur + contractEur + kwmaxEur + energyEur, kwmaxSumKw };
}

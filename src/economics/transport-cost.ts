import { fail } from '../errors.js';
import type { TransportTariff } from '../profiles/transport-tariffs.js';

/*
 * The transport service (transportdienst) a large connection (> 3x80 A) pays its DSO in a year, under
 * the regulated tariffs of the ACM tariff decisions ("ACM Tarievenbesluit Elektriciteit <year>,
 * tarievenblad <DSO>"; EUR excluding VAT), whose rates the shipped table gives by DSO, year and
 * category (profiles/transport-tariffs.ts):
 *
 *   cost = vastrecht + contractKw x contractRate + sum_m monthMaxKw_m x kwmaxRate  [+ offtakeKwh x kWhRate]
 *
 *   vastrecht     fixed fee per connection, EUR/year
 *   contractKw    contracted transport capacity (gecontracteerd transportvermogen), kW
 *   contractRate  EUR per contracted kW per year
 *   monthMaxKw_m  the highest 15-minute average import of billing month m (kWmax), kW
 *   kwmaxRate     EUR per kW of kWmax per month
 *   kWhRate       EUR per kWh of offtake (normal rate)
 *
 * Only offtake is charged. connectionTransportCostEur leaves the kWh part out: the same energy passes
 * through the grid whether the companies are connected alone or together, so it does not change what
 * a shared connection saves (apart from battery losses, and from the kWh rate of the category, which is
 * 0 for TS).
 */

/** A connection's transport cost for one tariff year, without the per-kWh part (EUR). */
export interface TransportCost {
  readonly vastrechtEur: number;
  readonly contractEur: number;
  readonly kwmaxEur: number;
  readonly totalEur: number;
}

/**
 * One tariff year's transport cost of a connection without the per-kWh part:
 *   vastrechtEur = vastrecht;  contractEur = contractKw x contractRate;
 *   kwmaxEur = sum over the months of max(0, monthMaxKw_m) x kwmaxRate (a month without import pays none).
 * monthMaxKw holds each billing month's highest import in kW (12 for a calendar year).
 */
export function connectionTransportCostEur(tariff: TransportTariff, contractKw: number, monthMaxKw: ArrayLike<number>): TransportCost {
  if (!(Number.isFinite(contractKw) && contractKw >= 0)) {
    fail('tariff.badContract', { field: 'contractKw' }, `a contracted capacity of ${contractKw} kW cannot be charged; give a number of kW >= 0`);
  }
  let kwmaxEur = 0;
  for (let m = 0; m < monthMaxKw.length; m++) {
    const peakKw = monthMaxKw[m];
    if (!Number.isFinite(peakKw)) fail('tariff.badMonthPeak', { field: `monthMaxKw[${m}]` }, `the month's highest import is ${peakKw}; give a number of kW`);
    kwmaxEur += Math.max(0, peakKw) * tariff.kwmaxEurPerKwMonth;
  }
  const vastrechtEur = tariff.vastrechtEurPerYear;
  const contractEur = contractKw * tariff.contractEurPerKwYear;
  return { vastrechtEur, contractEur, kwmaxEur, totalEur: vastrechtEur + contractEur + kwmaxEur };
}

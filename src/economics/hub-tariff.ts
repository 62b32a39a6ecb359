import type { HubTariff } from '../model/tariff.js';
import { localMonthKey, type TimeAxis } from '../time/axis.js';
import { dsoNamed, transportTariffOfYear } from './transport-tariff.js';

/*
 * The transport tariff of a hub's collective connection in `hubsim run` and in sweeps, the rates a
 * hub file's `tariff` block gives (by operator and year from the shipped ACM table, by explicit rates,
 * or both, an explicit rate replacing the table's):
 *
 *   cost = (vastrecht + contractKw x contractRate) x hours / 8760
 *          + sum_m monthMaxKw_m x kwmaxRate + offtakeKwh x kWhRate
 *
 *   contractKw    the contracted transport capacity: the hub's highest finite firm import cap, or
 *                 without a cap the uncontrolled coincident peak (what it would have to contract);
 *                 it also chooses the table's category (transport-tariff.ts)
 *   monthMaxKw_m  the highest import of billing month m (Europe/Amsterdam calendar month): the
 *                 highest step, which on a 15-minute axis is the PTU maximum the tariff sheets
 *                 charge (kWmax); on an hourly axis it is the hourly maximum, which can be lower
 *   hours         the simulated hours: the yearly parts are charged pro rata (8760 h a year), the
 *                 kWmax part per billing month the axis covers
 *
 * A UTC calendar year's axis ends in the first local hour of the next year: a last month the axis
 * covers for less than one local day is not billed (it is the next year's January).
 */

/** A rate that neither the shipped table nor the tariff block gives (explicit rates without operator) is 0. */
export const RATE_NOT_GIVEN = 0;

/** The four rates of a tariff block, in the order a source names them. */
export const TARIFF_RATES = ['vastrechtEurPerYear', 'contractEurPerKwYear', 'kwmaxEurPerKwMonth', 'energyEurPerKwh'] as const;
export type TariffRate = (typeof TARIFF_RATES)[number];

/**
 * Where a block's explicit rates were given, per rate (a sweep merges its own rates with a hub
 * file's block); a rate without an entry comes from the block's own source, else the hub file's block.
 */
export type RateOrigins = Partial<Record<TariffRate, string>>;

/** The rates a hub's connection is charged, with where they come from. */
export interface HubTariffRates {
  /** The shipped operator (lower case) and tariff year; null for explicit rates only. */
  readonly operator: string | null;
  readonly year: number | null;
  /** The operator's category for contractKw (e.g. "MS"); null for explicit rates only. */
  readonly category: string | null;
  /** Contracted transport capacity the yearly contract part is charged on (kW). */
  readonly contractKw: number;
  readonly vastrechtEurPerYear: number;
  readonly contractEurPerKwYear: number;
  readonly kwmaxEurPerKwMonth: number;
  readonly energyEurPerKwh: number;
  /** Where each rate comes from: the table's sheet, then "RATES from ORIGIN" per origin, and "RATES not given (0)". */
  readonly source: string;
  /** Each rate's own origin (the table's operator, year, category and sheet, the block's origin, or "not given (0)"), and whether it was not given. */
  readonly rateSources: Readonly<Record<TariffRate, { readonly source: string; readonly notGiven: boolean }>>;
}

/**
 * The rates of a tariff block (a hub file's, or a sweep's: `origins`) for a connection contracting
 * `contractKw` kW (checked by model/checks.ts).
 */
export function hubTariffRates(tariff: HubTariff, contractKw: number, origins: RateOrigins = {}): HubTariffRates {
  const originOf = (rate: TariffRate): string => origins[rate] ?? tariff.source ?? 'the hub file\'s tariff block';
  if (tariff.operator === undefined || tariff.year === undefined) {
    const each = eachRateSource(tariff, null, originOf);
    return {
      operator: null,
      year: null,
      category: null,
      contractKw,
      vastrechtEurPerYear: tariff.vastrechtEurPerYear ?? RATE_NOT_GIVEN,
      contractEurPerKwYear: tariff.contractEurPerKwYear ?? RATE_NOT_GIVEN,
      kwmaxEurPerKwMonth: tariff.kwmaxEurPerKwMonth ?? RATE_NOT_GIVEN,
      energyEurPerKwh: tariff.energyEurPerKwh ?? RATE_NOT_GIVEN,
      source: rateSources(tariff, null, each),
      rateSources: each,
    };
  }
  const dso = dsoNamed(tariff.operator);
  // A hub with no import contracts nothing: it falls in the lowest category (transport-tariff.ts).
  const table = dso === null ? null : transportTariffOfYear(dso, tariff.year, contractKw);
  if (table === null) throw new Error(`tariff ${tariff.operator} ${tariff.year} passed the checks but is not in the shipped table`);
  const each = eachRateSource(tariff, `${table.dso.toLowerCase()} ${table.year}, category ${table.category}: ${table.source}`, originOf);
  return {
    operator: table.dso.toLowerCase(),
    year: table.year,
    category: table.category,
    contractKw,
    vastrechtEurPerYear: tariff.vastrechtEurPerYear ?? table.vastrechtEurPerYear,
    contractEurPerKwYear: tariff.contractEurPerKwYear ?? table.contractEurPerKwYear,
    kwmaxEurPerKwMonth: tariff.kwmaxEurPerKwMonth ?? table.kwmaxEurPerKwMonth,
    energyEurPerKwh: tariff.energyEurPerKwh ?? table.energyEurPerKwh,
    source: rateSources(tariff, table.source, each),
    rateSources: each,
  };
}

/** rateSources rate by rate: an explicit rate's origin, else the table's, else not given (0). */
function eachRateSource(tariff: HubTariff, tableSource: string | null, originOf: (rate: TariffRate) => string): HubTariffRates['rateSources'] {
  const one = (rate: TariffRate): { source: string; notGiven: boolean } => {
    if (tariff[rate] !== undefined) return { source: originOf(rate), notGiven: false };
    return tableSource === null ? { source: `not given (${RATE_NOT_GIVEN})`, notGiven: true } : { source: tableSource, notGiven: false };
  };
  return { vastrechtEurPerYear: one('vastrechtEurPerYear'), contractEurPerKwYear: one('contractEurPerKwYear'), kwmaxEurPerKwMonth: one('kwmaxEurPerKwMonth'), energyEurPerKwh: one('energyEurPerKwh') };
}

/**
 * Where each rate of a block comes from, in one line: the table's sheet first (for the rates the
 * block leaves to it), then the explicit rates grouped by origin ("kwmaxEurPerKwMonth from a newer
 * sheet"), then without a table the rates not given, which are 0.
 */
function rateSources(tariff: HubTariff, tableSource: string | null, each: HubTariffRates['rateSources']): string {
  const byOrigin = new Map<string, TariffRate[]>();
  for (const rate of TARIFF_RATES) if (tariff[rate] !== undefined) byOrigin.set(each[rate].source, [...(byOrigin.get(each[rate].source) ?? []), rate]);
  const notGiven = TARIFF_RATES.filter((rate) => each[rate].notGiven);
  return [
    ...(tableSource === null ? [] : [tableSource]),
    ...[...byOrigin].map(([origin, rates]) => `${rates.join(', ')} from ${origin}`),
    ...(notGiven.length > 0 ? [`${notGiven.join(', ')} not given (${RATE_NOT_GIVEN})`] : []),
  ].join('; ');
}

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

import { dsoNamed, transportTariffOfYear } from '../profiles/transport-tariffs.js';
import type { HubTariff } from './tariff.js';

/*
 * The rates a hub file's `tariff` block charges the hub's collective connection in `hubsim run` and
 * in sweeps: by operator and year from the shipped ACM table (profiles/transport-tariffs.ts), by
 * explicit rates, or both, an explicit rate replacing the table's. The contracted transport capacity
 * contractKw (the hub's highest finite firm import cap, or without a cap the uncontrolled coincident
 * peak: what it would have to contract) chooses the table's category. What a run pays under the
 * rates: economics/hub-tariff.ts.
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
  // A hub with no import contracts nothing: it falls in the lowest category (profiles/transport-tariffs.ts).
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

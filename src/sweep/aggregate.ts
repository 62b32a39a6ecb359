import type { HubTariffRates } from '../model/tariff-rates.js';
import type { Provenance } from '../provenance/provenance.js';
import { quantile } from '../stats.js';
import type { Configuration } from './configurations.js';
import type { LoadedSweep } from './load.js';
import { K, OUTCOMES, type OutcomeName } from './outcome.js';
import type { SweepEconomics, SweepTarget } from './schema.js';
import type { z } from 'zod';

export interface Stats {
  readonly mean: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
}

/** One configuration of one subject over all its weather draws: the tidy row of sweep.csv. */
export interface SweepRow {
  readonly subject: string;
  readonly configuration: Configuration;
  /** Import cap the target and the contract cost use, kW (Infinity: none). */
  readonly importCapKw: number;
  readonly stats: Readonly<Record<OutcomeName, Stats>>;
  readonly capexEur: number;
  readonly annualCostEur: number;
  /** The transport tariff rates the configuration pays. */
  readonly tariff: HubTariffRates;
  readonly targetValue: number;
  readonly targetBound: number;
  readonly meetsTarget: boolean;
}

export interface SweepCheapest {
  readonly subject: string;
  /** The cheapest row meeting the target, or null when none does. */
  readonly row: SweepRow | null;
  /** When none does: the row closest to the target (lowest target value). */
  readonly closest: SweepRow;
  /**
   * The same among the causal strategies only (a controller can run them; the perfect-foresight
   * bounds cannot): null when the grid has no causal strategy.
   */
  readonly causal: { readonly row: SweepRow | null; readonly closest: SweepRow } | null;
}

export interface SweepResult {
  readonly loaded: LoadedSweep;
  readonly rows: readonly SweepRow[];
  readonly cheapest: readonly SweepCheapest[];
  readonly hubYears: number;
  /** Version, command, input files with their hashes and the assumptions used (src/provenance/). */
  readonly provenance?: Provenance;
}

/** What aggregate needs of each subject. */
export interface SubjectSummary {
  readonly id: string;
  readonly configurations: readonly Configuration[];
  /** Highest import cap of the hub file on the calendar year (Infinity: none). */
  readonly fileImportCapKw: number;
  readonly asBuiltKwp: number;
  /** Each configuration's transport tariff rates, by configuration index (sweep/context.ts sweepTariff). */
  readonly tariffs: readonly HubTariffRates[];
}

/**
 * The terms of annualCostEur in words, as the terminal summary, the report and the sweep file
 * reference state them (the formula: README "Sweeps and weather draws", aggregateSweep).
 */
export const ANNUAL_COST_TERMS =
  "the capex as an annuity, plus the tariff's fixed fee, the contracted kW x the contract rate, and the means over the draws of the kWmax cost, the imported kWh x the tariff's per-kWh rate, the energy cost at day-ahead prices and the lost load (shed, never recovered) x the value of lost load";

/**
 * Capital recovery factor: the constant yearly payment that repays 1 EUR over n years at rate r,
 * r / (1 - (1 + r)^-n) (1 / n at r = 0).
 */
export function annuityFactor(r: number, n: number): number {
  return r === 0 ? 1 / n : r / (1 - Math.pow(1 + r, -n));
}

/** Capex of a configuration: the battery tried, and PV beyond the PV as built. */
export function capexEur(c: Configuration, asBuiltKwp: number, e: z.output<typeof SweepEconomics>): number {
  const battery = (c.batteryEnergyKwh ?? 0) > 0 ? (c.batteryEnergyKwh ?? 0) * e.batteryEurPerKwh + (c.batteryPowerKw ?? 0) * e.batteryEurPerKw : 0;
  const pv = c.pvKwp === null ? 0 : Math.max(0, c.pvKwp - asBuiltKwp) * e.pvEurPerKwp;
  return battery + pv;
}

function stats(values: Float64Array): Stats {
  // A figure a subject does not have (substationPeakKw of a hub file) is NaN in every draw.
  if (values.some(Number.isNaN)) return { mean: Number.NaN, p10: Number.NaN, p50: Number.NaN, p90: Number.NaN };
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return { mean: sum / values.length, p10: quantile(values, 0.1), p50: quantile(values, 0.5), p90: quantile(values, 0.9) };
}

/**
 * Turn per-draw outcomes into rows. `outcomes[s]` holds subject s's values for every draw in draw
 * order (draws x configurations x OUTCOMES), so the rows do not depend on how the work was split.
 * Quantiles: src/stats.ts quantile (simple-statistics), linear between the sorted draws.
 */
export function aggregateSweep(loaded: LoadedSweep, subjects: readonly SubjectSummary[], outcomes: readonly Float64Array[]): SweepResult {
  const { draws, economics, target } = loaded.sweep;
  const D = draws.count;
  const annuity = annuityFactor(economics.discountRate, economics.lifetimeYears);
  const rows: SweepRow[] = [];
  const cheapest: SweepCheapest[] = [];
  let hubYears = 0;
  subjects.forEach((s, si) => {
    const C = s.configurations.length;
    const values = outcomes[si];
    if (values.length !== D * C * K) throw new Error(`subject ${s.id}: expected ${D * C * K} outcome values, got ${values.length}`);
    hubYears += D * C;
    const mine: SweepRow[] = [];
    for (const c of s.configurations) {
      const st = {} as Record<OutcomeName, Stats>;
      const column = new Float64Array(D);
      OUTCOMES.forEach((o, k) => {
        for (let d = 0; d < D; d++) column[d] = values[(d * C + c.index) * K + k];
        st[o.name] = stats(column);
      });
      const importCapKw = c.importCapKw ?? s.fileImportCapKw;
      const capex = capexEur(c, s.asBuiltKwp, economics);
      // The tariff's yearly parts: the fixed fee, the contracted kW (the cap, or without one the
      // uncontrolled peak) and the transport rate on the mean imported energy; kWmax is per draw.
      const tariff = s.tariffs[c.index];
      const contract = tariff.vastrechtEurPerYear + tariff.contractKw * tariff.contractEurPerKwYear + tariff.energyEurPerKwh * st.importEnergyKwh.mean;
      // Lost load (shed and never served) at the value of lost load, as run and rollout price it
      // (model/value-of-lost-load.ts): without it, shedding would lower the cost by the import it saves.
      const lostLoad = st.unservedShedKwh.mean * economics.valueOfLostLoadEurPerKwh;
      const annualCostEur = capex * annuity + contract + st.kwmaxCostEur.mean + st.energyCostEur.mean + lostLoad;
      const { value, bound } = targetOf(target, st, importCapKw);
      const row: SweepRow = { subject: s.id, configuration: c, importCapKw, stats: st, capexEur: capex, annualCostEur, tariff, targetValue: value, targetBound: bound, meetsTarget: value <= bound };
      rows.push(row);
      mine.push(row);
    }
    const causal = mine.filter((r) => r.configuration.foresight === 'causal');
    cheapest.push({ subject: s.id, ...cheapestOf(mine)!, causal: cheapestOf(causal) });
  });
  return { loaded, rows, cheapest, hubYears };
}

/**
 * Relative difference below which two figures of a pick tie. Costs are sums of means over the draws
 * whose last bits depend on the order of the additions (a configuration equal to another can differ
 * by 1e-16 relative); 1e-9 is far above that and far below a cent of a yearly cost.
 */
export const TIE_TOLERANCE = 1e-9;

/** a below b by more than float noise (TIE_TOLERANCE relative to the larger magnitude; an infinite one compares plainly). */
function clearlyBelow(a: number, b: number): boolean {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return Number.isFinite(scale) ? a < b - TIE_TOLERANCE * scale : a < b;
}

/**
 * The row meeting the target with the lowest annual cost (ties: the first in grid order), and the row
 * closest to the target (lowest target value minus bound, ties the same way); null for no rows.
 */
function cheapestOf(rows: readonly SweepRow[]): { row: SweepRow | null; closest: SweepRow } | null {
  if (rows.length === 0) return null;
  let best: SweepRow | null = null;
  let closest = rows[0];
  for (const r of rows) {
    if (r.meetsTarget && (best === null || clearlyBelow(r.annualCostEur, best.annualCostEur))) best = r;
    if (clearlyBelow(r.targetValue - r.targetBound, closest.targetValue - closest.targetBound)) closest = r;
  }
  return { row: best, closest };
}

function targetOf(target: z.output<typeof SweepTarget>, st: Record<OutcomeName, Stats>, importCapKw: number): { value: number; bound: number } {
  const value = st[target.metric][target.statistic];
  const bound = target.atMost === 'importCap' ? importCapKw : target.atMost;
  return { value, bound };
}

import { attributeByShare, attributionWeights } from '../economics/attribution.js';
import type { AvoidedReinforcement } from '../economics/grid-value.js';
import type { TerrainYears } from './terrain-years.js';

/*
 * A substation's avoided reinforcement under one strategy, shared over its terrains by their
 * contributions to its peak in every year of the horizon (docs/economics.md section 7, "Attribution
 * to terrains"):
 *
 *   V >= 0: weight_i = sum_y max(0, substationPeakLoweredKw_i,y)
 *   V < 0:  weight_i = sum_y max(0, substationPeakRaisedKw_i,y)
 *   share_i = V x weight_i / sum_j weight_j
 *
 * The present value, each year's avoided investment and the residual value given up are split with
 * the same weights, each exactly (economics/attribution.ts: the parts add up to the whole bit for bit).
 * A year without a row contributes 0 kW.
 */

/** The terrain's part of its substation's avoided reinforcement. */
export interface AttributedReinforcement {
  /** Present value (EUR): the terrain's exact share of the substation's. */
  readonly pvEur: number;
  /** Per horizon year: investment avoided (EUR, start of year). */
  readonly investmentEur: readonly number[];
  /** Residual value given up (EUR, end of the horizon). */
  readonly residualEur: number;
  /** The terrain's attribution weight (kW summed over the years). */
  readonly weightKw: number;
}

/** Each terrain's part (in the order of `terrains`, the substation's terrain indices) of the strategy's avoided reinforcement `a`. */
export function attributeToTerrains(a: AvoidedReinforcement, terrains: readonly number[], strategy: number, rows: TerrainYears): AttributedReinforcement[] {
  const contributions = (field: 'substationPeakLoweredKw' | 'substationPeakRaisedKw'): number[][] => terrains.map((t) => rows.of(t, strategy).map((r) => r?.[field] ?? 0));
  const weights = attributionWeights(a.pvEur, contributions('substationPeakLoweredKw'), contributions('substationPeakRaisedKw'));
  const pv = attributeByShare(a.pvEur, weights);
  const perYear = a.investmentEur.map((x) => attributeByShare(x, weights));
  const residual = attributeByShare(a.residualEur, weights);
  return terrains.map((_, k) => ({ pvEur: pv[k], investmentEur: perYear.map((p) => p[k]), residualEur: residual[k], weightKw: weights[k] }));
}

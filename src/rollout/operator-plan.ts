import type { Economics, ReinforcementLevel } from '../model/economics.js';

/*
 * What a substation's grid operator orders reinforcement for at the end of a year (docs/economics.md
 * section 3), per voltage level: the load it plans for, before the planning margin.
 *
 * - On which load (economics.reinforcementPlansOn): the year's peak P_y of the load it serves, or
 *   that plus its queue Q_y, the transport capacity its hubs have requested and not been granted.
 * - For which year (economics.reinforcementPlansFor): the year found, or the year the level's step
 *   would come into service, y + lambda_l. For the latter the operator grows each part of the
 *   year's peak as the rollout's inputs grow it, from y to y + lambda_l: the background at the peak
 *   step by the substation's backgroundGrowthPerYear; each terrain's consumption at the peak step
 *   by its members' planned demand growth (the energy-weighted growth its capacity requests use),
 *   added to its import there, while its PV, wind and battery stay as built, as the rollout keeps
 *   them. The queue is added as it stands (the requests are for next year).
 */

/** The parts of a year's peak (kW, at the peak step). */
export interface PeakParts {
  /** The background: the peak less the terrains' import as the planning load counts it. */
  readonly backgroundKw: number;
  /** Each terrain's import as the planning load counts it, in the substation's order. */
  readonly terrainKw: readonly number[];
  /** Each terrain's consumption (its members' demand, before shedding), in the same order. */
  readonly terrainDemandKw: readonly number[];
}

/** How the parts grow from one year to another (factors, 1: no growth). */
export interface PartsGrowth {
  background(fromYear: number, toYear: number): number;
  terrain(k: number, fromYear: number, toYear: number): number;
}

/**
 * The load planned for at each level (kW), at the end of `year` with peak `peakKw` (its parts from
 * `parts`, asked for only when a level looks ahead) and the capacity each terrain has requested
 * beyond its granted cap (`requestsKw`, 0 for none).
 */
export function plannedLoad(
  economics: Pick<Economics, 'reinforcementPlansOn' | 'reinforcementPlansFor'>,
  year: number,
  peakKw: number,
  requestsKw: readonly number[],
  parts: () => PeakParts,
  growth: PartsGrowth,
): (level: ReinforcementLevel) => number {
  const queueKw = economics.reinforcementPlansOn === 'served-load-and-requests' ? requestsKw.reduce((s, r) => s + Math.max(0, r), 0) : 0;
  if (economics.reinforcementPlansFor === 'year-found') return () => peakKw + queueKw;
  return (l) => {
    const lead = l.leadTimeYears;
    if (lead === 0) return peakKw + queueKw;
    const p = parts();
    let expectedKw = p.backgroundKw * growth.background(year, year + lead);
    p.terrainKw.forEach((kw, k) => (expectedKw += kw + p.terrainDemandKw[k] * (growth.terrain(k, year, year + lead) - 1)));
    return expectedKw + queueKw;
  };
}

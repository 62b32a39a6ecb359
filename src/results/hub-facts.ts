import type { ResolvedHub } from '../model/resolved.js';

/** Facts of a hub that do not depend on the strategy; computed once per hub and cached. */
export interface HubFacts {
  readonly hours: number;
  /** Highest uncontrolled net import, max(demand - generation, 0) (kW). */
  readonly coincidentPeakKw: number;
  readonly sumOfMemberPeaksKw: number;
  readonly memberContractedKw: number;
  /** Members whose own peak is 50% or less of their own connection's capacity (ACM use-it-or-lose-it). */
  readonly membersUnderused: number;
  readonly demandKwh: number;
  readonly generationKwh: number;
  /** Highest cap over the axis (kW); +Infinity when there is none. */
  readonly importCapKw: number;
  readonly exportCapKw: number;
}

const cache = new WeakMap<ResolvedHub, HubFacts>();

export function hubFacts(hub: ResolvedHub): HubFacts {
  let facts = cache.get(hub);
  if (facts !== undefined) return facts;
  const n = hub.axis.steps;
  const dt = hub.axis.stepHours;
  let coincident = 0;
  let demand = 0;
  let generation = 0;
  let importCap = Number.NEGATIVE_INFINITY;
  let exportCap = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < n; t++) {
    const x = hub.demandKw[t] - hub.generationKw[t];
    if (x > coincident) coincident = x;
    demand += hub.demandKw[t];
    generation += hub.generationKw[t];
    if (hub.importCapKw[t] > importCap) importCap = hub.importCapKw[t];
    if (hub.exportCapKw[t] > exportCap) exportCap = hub.exportCapKw[t];
  }
  let sumOfPeaks = 0;
  let contracted = 0;
  let underused = 0;
  for (const m of hub.members) {
    let peak = 0;
    for (let t = 0; t < n; t++) if (m.demandKw[t] > peak) peak = m.demandKw[t];
    sumOfPeaks += peak;
    contracted += m.ownConnectionKw;
    if (m.ownConnectionKw > 0 && peak <= 0.5 * m.ownConnectionKw) underused++;
  }
  facts = {
    hours: n * dt,
    coincidentPeakKw: coincident,
    sumOfMemberPeaksKw: sumOfPeaks,
    memberContractedKw: contracted,
    membersUnderused: underused,
    demandKwh: demand * dt,
    generationKwh: generation * dt,
    importCapKw: importCap,
    exportCapKw: exportCap,
  };
  cache.set(hub, facts);
  return facts;
}

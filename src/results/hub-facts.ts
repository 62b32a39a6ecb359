import { ACM_UNUSED_THRESHOLD_KW } from '../model/connection.js';
import type { ResolvedHub, ResolvedMember } from '../model/resolved.js';

/** Facts of a hub that do not depend on the strategy; computed once per hub and cached. */
export interface HubFacts {
  readonly hours: number;
  /** Highest uncontrolled net import, max(demand - generation, 0) (kW). */
  readonly coincidentPeakKw: number;
  readonly sumOfMemberPeaksKw: number;
  readonly memberContractedKw: number;
  /** Members whose own peak is 50% or less of their own connection's capacity (ACM use-it-or-lose-it). */
  readonly membersUnderused: number;
  /** Members that leave at least the voltage level's threshold (1 MW on MV) of their own connection unused. */
  readonly membersUnusedAboveThreshold: number;
  /** Sum over the members meeting either ACM criterion of ownConnectionKw - own peak (kW). */
  readonly membersReclaimableKw: number;
  readonly demandKwh: number;
  readonly generationKwh: number;
  /** Highest cap over the axis (kW); +Infinity when there is none. */
  readonly importCapKw: number;
  readonly exportCapKw: number;
  /** ACM use-it-or-lose-it on each member's own connection, in the order of hub.members. */
  readonly memberAcm: readonly MemberAcm[];
}

/**
 * ACM use-it-or-lose-it (Netcode elektriciteit art. 7.13; docs/contracts.md, section 5) on one
 * member's own connection, from its consumption as given (members' loads are not controlled one by one).
 */
export interface MemberAcm {
  /** The member's highest consumption over the axis (kW). */
  readonly peakKw: number;
  /** ownConnectionKw - peakKw: what it left unused (kW; negative above its connection). */
  readonly unusedKw: number;
  /** First criterion: it used at most 50% of its ownConnectionKw. */
  readonly underused: boolean;
  /** Second criterion: it left at least the threshold of the voltage level unused (1 MW; 10 MW from 110 kV). */
  readonly unusedAboveThreshold: boolean;
  /** What the grid operator could reclaim: unusedKw (at least 0) when either criterion holds, else 0 (kW). */
  readonly reclaimableKw: number;
}

const cache = new WeakMap<ResolvedHub, HubFacts>();

export function hubFacts(hub: ResolvedHub): HubFacts {
  let facts = cache.get(hub);
  if (facts !== undefined) return facts;
  const n = hub.axis.steps;
  const dt = hub.axis.stepHours;
  columnSums(hub.demandKw, hub.generationKw, hub.importCapKw, hub.exportCapKw, n, SUMS);
  const coincident = SUMS[0];
  const demand = SUMS[1];
  const generation = SUMS[2];
  const importCap = SUMS[3];
  const exportCap = SUMS[4];
  let sumOfPeaks = 0;
  let contracted = 0;
  let underused = 0;
  let overThreshold = 0;
  let reclaimable = 0;
  const threshold = hub.acmUnusedThresholdKw ?? ACM_UNUSED_THRESHOLD_KW.MV;
  const memberAcm: MemberAcm[] = [];
  for (const m of hub.members) {
    const peak = memberPeak(m, n);
    sumOfPeaks += peak;
    contracted += m.ownConnectionKw;
    // ACM use-it-or-lose-it on the member's own connection (docs/contracts.md, section 5).
    const half = m.ownConnectionKw > 0 && peak <= 0.5 * m.ownConnectionKw;
    const unused = m.ownConnectionKw - peak;
    const amount = unused >= threshold;
    const member = { peakKw: peak, unusedKw: unused, underused: half, unusedAboveThreshold: amount, reclaimableKw: half || amount ? Math.max(0, unused) : 0 };
    memberAcm.push(member);
    if (half) underused++;
    if (amount) overThreshold++;
    reclaimable += member.reclaimableKw;
  }
  facts = {
    hours: n * dt,
    coincidentPeakKw: coincident,
    sumOfMemberPeaksKw: sumOfPeaks,
    memberContractedKw: contracted,
    membersUnderused: underused,
    membersUnusedAboveThreshold: overThreshold,
    membersReclaimableKw: reclaimable,
    demandKwh: demand * dt,
    generationKwh: generation * dt,
    importCapKw: importCap,
    exportCapKw: exportCap,
    memberAcm,
  };
  cache.set(hub, facts);
  return facts;
}

/**
 * A member's highest consumption (kW, at least 0), found once per member object: the hubs made from
 * one hub with other caps or signals (a granted cap, a congestion signal) share its member objects. A
 * member's consumption column is not written while a hub holds the member (a rollout that reuses a
 * grown member's column gives a later year a new member).
 */
function memberPeak(m: ResolvedMember, n: number): number {
  let peak = memberPeaks.get(m);
  if (peak === undefined) memberPeaks.set(m, (peak = highest(m.demandKw, n)));
  return peak;
}

const memberPeaks = new WeakMap<ResolvedMember, number>();

/**
 * Tell hubFacts that `member` is `base` with its demand times `factor` in each of the `steps` steps (a
 * rollout's grown member, whose column was just written): its peak is factor x the base member's, to
 * the bit, with no pass over its steps. For a factor >= 0, rounding a product is monotone in the value,
 * so the largest product is the product of the largest, and a peak of 0 stays 0; any other factor
 * leaves the member to be scanned when asked.
 */
export function scaledMember(member: ResolvedMember, base: ResolvedMember, factor: number, steps: number): void {
  if (factor >= 0 && factor < Number.POSITIVE_INFINITY) memberPeaks.set(member, factor * memberPeak(base, steps));
}

/* The loops over the steps sit in functions of their own (docs/performance.md, "Code shapes"). */

/** columnSums' results: [coincident peak, demand sum, generation sum, highest import cap, highest export cap]. */
const SUMS = new Float64Array(5);

function columnSums(demandKw: Float64Array, generationKw: Float64Array, importCapKw: Float64Array, exportCapKw: Float64Array, n: number, out: Float64Array): void {
  let coincident = 0;
  let demand = 0;
  let generation = 0;
  let importCap = Number.NEGATIVE_INFINITY;
  let exportCap = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < n; t++) {
    const x = demandKw[t] - generationKw[t];
    if (x > coincident) coincident = x;
    demand += demandKw[t];
    generation += generationKw[t];
    if (importCapKw[t] > importCap) importCap = importCapKw[t];
    if (exportCapKw[t] > exportCap) exportCap = exportCapKw[t];
  }
  out[0] = coincident;
  out[1] = demand;
  out[2] = generation;
  out[3] = importCap;
  out[4] = exportCap;
}

/** The highest of the first n values, at least 0. */
function highest(values: Float64Array, n: number): number {
  let peak = 0;
  for (let t = 0; t < n; t++) if (values[t] > peak) peak = values[t];
  return peak;
}

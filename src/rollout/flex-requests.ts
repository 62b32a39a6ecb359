import type { ResolvedHub } from '../model/resolved.js';

/*
 * The grid operator's requests to a flex strategy's hubs in a rollout (the strategy's second pass),
 * from the substation's load in its first pass.
 *
 * In each step where that load is above the safe capacity (the capacity in service x (1 - planning
 * margin)), the overload is requested from the hubs that can lower import (a CBC-A contract, a TDTR
 * or non-firm import cap, or import bids on GOPACS), split by their battery discharge power plus
 * largest sheddable load; where its reverse flow (load below minus that capacity) is, the excess is
 * requested from the hubs with export bids or an export right, split by their battery charge power
 * plus largest generation.
 */

/** Each terrain's requests of a year (kW per step); null: none. */
export type FlexRequests = ({ importKw: Float64Array; exportKw: Float64Array } | null)[];

/** The requests of a year to each hub (`active`: its hub has started), from the first pass's substation load (loadKw) and the safe capacity (kW). */
export function flexRequests(loadKw: Float64Array, safeKw: number, hubs: readonly ResolvedHub[], active: readonly boolean[]): FlexRequests {
  const steps = loadKw.length;
  const maxOf = (xs: Float64Array): number => xs.reduce((m, x) => (x > m ? x : m), 0);
  const bids = (h: ResolvedHub, direction: 'import' | 'export'): boolean => h.flexMarket?.gopacs?.bids.some((b) => (b.direction ?? 'import') === direction) ?? false;
  // A CBC-A of that direction, or a TDTR or non-firm right on that side, answers a request too: the
  // operator calls, restricts or limits it.
  const limits = (h: ResolvedHub, cap: 'importCapKw' | 'exportCapKw'): boolean =>
    h.contract?.tdtr?.terms[cap] !== undefined || h.contract?.nonFirm?.terms[cap] !== undefined || (h.contract?.cbcA != null && h.contract.cbcA.terms.direction === (cap === 'importCapKw' ? 'import' : 'export'));
  const importWeights = hubs.map((h, k) => {
    if (!active[k] || (!limits(h, 'importCapKw') && !bids(h, 'import'))) return 0;
    return h.battery.dischargeKw + h.flexible.reduce((m, f) => Math.max(m, maxOf(f.availableKw)), 0);
  });
  const exportWeights = hubs.map((h, k) => (active[k] && (bids(h, 'export') || limits(h, 'exportCapKw')) ? h.battery.chargeKw + maxOf(h.generationKw) : 0));
  const importTotal = importWeights.reduce((s, w) => s + w, 0);
  const exportTotal = exportWeights.reduce((s, w) => s + w, 0);
  return hubs.map((_, k) => {
    if (importWeights[k] <= 0 && exportWeights[k] <= 0) return null;
    const importKw = new Float64Array(steps);
    const exportKw = new Float64Array(steps);
    for (let t = 0; t < steps; t++) {
      if (importWeights[k] > 0 && loadKw[t] > safeKw) importKw[t] = ((loadKw[t] - safeKw) * importWeights[k]) / importTotal;
      if (exportWeights[k] > 0 && loadKw[t] < -safeKw) exportKw[t] = ((-safeKw - loadKw[t]) * exportWeights[k]) / exportTotal;
    }
    return { importKw, exportKw };
  });
}

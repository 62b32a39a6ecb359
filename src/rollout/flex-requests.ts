import { stepCalendar } from '../flex/blocks.js';
import type { CongestionBefore } from '../flex/contract-caps.js';
import { FORECAST_LAG_DAYS } from '../flex/rights.js';
import type { ResolvedHub } from '../model/resolved.js';
import { lastLocalDays } from '../time/axis.js';

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
 *
 * The operator decides TDTR restrictions and CBC-A calls the day before, from its forecast of the
 * requests: the same hours last week (flex/rights.ts). For a year's first week that is the last week
 * of the year before, which it measured: each year keeps the overload of its last local days, and
 * the next year splits it by its own shares, as it splits its own overload.
 */

/**
 * What the grid operator measured of a substation's overload in the last local days of a year (kW
 * per step, import and export), the days' starts in those columns (the last entry their end) and each
 * step's local hour: FORECAST_LAG_DAYS days, and the first hour of 1 January that a UTC year's axis
 * leaves to the year before.
 */
export interface OverloadBefore {
  readonly importKw: Float64Array;
  readonly exportKw: Float64Array;
  readonly dayStarts: Int32Array;
  readonly hour: Uint8Array;
}

/** Each terrain's requests of a year (kW per step), and of the last days of the year before; null: none. */
export type FlexRequests = ({ importKw: Float64Array; exportKw: Float64Array; before: CongestionBefore | undefined } | null)[];

/**
 * The requests of a year to each hub (`active`: its hub has started), from the first pass's
 * substation load (loadKw) and the safe capacity (kW), and each hub's requests of the last days of
 * the year before (`before`, the overload measured then, split by this year's shares); `last` is this
 * year's overload of its last days, for the next year.
 */
export function flexRequests(loadKw: Float64Array, safeKw: number, hubs: readonly ResolvedHub[], active: readonly boolean[], before: OverloadBefore | null): { requests: FlexRequests; last: OverloadBefore } {
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
  // The overload of each step (kW): load above the safe capacity, and reverse flow beyond it.
  const overImport = new Float64Array(steps);
  const overExport = new Float64Array(steps);
  for (let t = 0; t < steps; t++) {
    if (loadKw[t] > safeKw) overImport[t] = loadKw[t] - safeKw;
    if (loadKw[t] < -safeKw) overExport[t] = -safeKw - loadKw[t];
  }
  const requests = hubs.map((_, k) => {
    if (importWeights[k] <= 0 && exportWeights[k] <= 0) return null;
    const measured: CongestionBefore | undefined =
      before === null
        ? undefined
        : {
            congestionKw: share(before.importKw, importWeights[k], importTotal),
            exportCongestionKw: share(before.exportKw, exportWeights[k], exportTotal),
            dayStarts: before.dayStarts,
            hour: before.hour,
          };
    return { importKw: share(overImport, importWeights[k], importTotal), exportKw: share(overExport, exportWeights[k], exportTotal), before: measured };
  });
  return { requests, last: lastDays(overImport, overExport, hubs[0]) };
}

/** A hub's share weight / total of an overload column (kW per step; 0 without a weight). */
function share(over: Float64Array, weight: number, total: number): Float64Array {
  const out = new Float64Array(over.length);
  if (weight > 0) for (let t = 0; t < over.length; t++) if (over[t] > 0) out[t] = (over[t] * weight) / total;
  return out;
}

/** The overload of the last FORECAST_LAG_DAYS + 1 local days of a hub's axis (copied: the year's columns are not kept). */
function lastDays(importKw: Float64Array, exportKw: Float64Array, hub: ResolvedHub): OverloadBefore {
  const { from, dayStarts } = lastLocalDays(hub.dayStarts, FORECAST_LAG_DAYS + 1);
  return { importKw: importKw.slice(from), exportKw: exportKw.slice(from), dayStarts, hour: stepCalendar(hub.axis).hour.slice(from) };
}

import type { NonFirm, Tdtr } from '../model/contract.js';

/**
 * The grid operator's calls of the time-duration (TDTR) and non-firm transport rights
 * (docs/contracts.md, section 1). Both read only the congestion signal the operator has when it
 * decides: TDTR the day before, from its forecast; non-firm in the step itself.
 */

/** Days back the operator's naive forecast looks: the same local weekday last week. */
export const FORECAST_LAG_DAYS = 7;

/**
 * The operator's day-ahead forecast of a congestion signal (kW): for each step of local day d, the
 * highest signal of day d - 7 in the same local hour (the `last-week` rule of
 * strategies/day-forecasts.ts, on the signal instead of the net load); 0 in the first seven days and
 * in an hour day d - 7 does not have (the 23-hour day). Reads nothing after day d - 7.
 */
export function lastWeekSignal(signalKw: Float64Array, dayStarts: Int32Array, hour: Uint8Array): Float64Array {
  const out = new Float64Array(signalKw.length);
  const byHour = new Float64Array(24);
  const days = dayStarts.length - 1;
  for (let d = FORECAST_LAG_DAYS; d < days; d++) {
    byHour.fill(0);
    for (let u = dayStarts[d - FORECAST_LAG_DAYS]; u < dayStarts[d - FORECAST_LAG_DAYS + 1]; u++) if (signalKw[u] > byHour[hour[u]]) byHour[hour[u]] = signalKw[u];
    for (let t = dayStarts[d]; t < dayStarts[d + 1]; t++) out[t] = byHour[hour[t]];
  }
  return out;
}

/**
 * TDTR restrictions. Each local day d from the eighth on, at its start of day d - 1 the operator
 * announces the call blocks (callBlockHours local hours from midnight) whose forecast has a congested
 * step, in time order while the whole block fits in the budget of floor(maxRestrictedShare x n)
 * steps over the axis. A restriction announced is kept, congestion or not.
 */
export function tdtrRestrictions(terms: Tdtr, forecastKw: Float64Array, dayStarts: Int32Array, hour: Uint8Array): { restricted: Uint8Array; announcedAtStep: Int32Array } {
  const n = forecastKw.length;
  const restricted = new Uint8Array(n);
  const announcedAtStep = new Int32Array(n).fill(-1);
  const budget = Math.floor(terms.maxRestrictedShare * n + 1e-9);
  let used = 0;
  const days = dayStarts.length - 1;
  for (let d = FORECAST_LAG_DAYS; d < days; d++) {
    let start = dayStarts[d];
    const end = dayStarts[d + 1];
    while (start < end) {
      const block = Math.floor(hour[start] / terms.callBlockHours);
      let stop = start;
      let congested = false;
      for (; stop < end && Math.floor(hour[stop] / terms.callBlockHours) === block; stop++) if (forecastKw[stop] > 0) congested = true;
      if (congested && used + (stop - start) <= budget) {
        for (let t = start; t < stop; t++) {
          restricted[t] = 1;
          announcedAtStep[t] = dayStarts[d - 1];
        }
        used += stop - start;
      }
      start = stop;
    }
  }
  return { restricted, announcedAtStep };
}

/**
 * Non-firm limits, in real time: a step is limited on import when the right has an import cap and
 * the import signal asks for relief, on export likewise with the feed-in signal, in time order until
 * floor(maxHoursPerYear x n / 8760) steps with a limit have been used (the hours pro rata to the axis).
 */
export function nonFirmLimits(terms: NonFirm, importSignalKw: Float64Array, exportSignalKw: Float64Array | undefined): { importLimited: Uint8Array; exportLimited: Uint8Array } {
  const n = importSignalKw.length;
  const importLimited = new Uint8Array(n);
  const exportLimited = new Uint8Array(n);
  const budget = Math.floor((terms.maxHoursPerYear * n) / 8760 + 1e-9);
  let used = 0;
  for (let t = 0; t < n && used < budget; t++) {
    const onImport = terms.importCapKw !== undefined && importSignalKw[t] > 0;
    const onExport = terms.exportCapKw !== undefined && exportSignalKw !== undefined && exportSignalKw[t] > 0;
    if (!onImport && !onExport) continue;
    importLimited[t] = onImport ? 1 : 0;
    exportLimited[t] = onExport ? 1 : 0;
    used++;
  }
  return { importLimited, exportLimited };
}

/**
 * CBC-A calls from the operator's forecast (docs/contracts.md, section 2): each local day from the
 * eighth on, the call blocks (callBlockHours local hours from midnight) whose last-week forecast has a
 * congested step, on at most maxCallDays days (in time order). Decided at the start of the day before,
 * like a TDTR restriction.
 */
export function forecastCalls(forecastKw: Float64Array, dayStarts: Int32Array, hour: Uint8Array, callBlockHours: number, maxCallDays: number): Uint8Array {
  const called = new Uint8Array(forecastKw.length);
  const days = dayStarts.length - 1;
  let callDays = 0;
  for (let d = FORECAST_LAG_DAYS; d < days && callDays < maxCallDays; d++) {
    let any = false;
    let start = dayStarts[d];
    const end = dayStarts[d + 1];
    while (start < end) {
      const block = Math.floor(hour[start] / callBlockHours);
      let stop = start;
      let congested = false;
      for (; stop < end && Math.floor(hour[stop] / callBlockHours) === block; stop++) if (forecastKw[stop] > 0) congested = true;
      if (congested) {
        called.fill(1, start, stop);
        any = true;
      }
      start = stop;
    }
    if (any) callDays++;
  }
  return called;
}

/** Earlier days the observable baseline averages over (docs/contracts.md). */
export const BASELINE_DAYS = 5;

/**
 * The observable baseline of CBC-A activation: for each step of a called local day d, the mean
 * measured grid import (kW, at least 0; export for an export CBC-A) in the same local hour over the last BASELINE_DAYS earlier days of the same
 * day type (weekday, or weekend and holiday) that had no call; 0 where there is no such day. It reads
 * only days before d: what the operator has metered when it settles.
 */
export function observableBaseline(gridKw: Float64Array, called: Uint8Array, dayStarts: Int32Array, hour: Uint8Array, weekend: Uint8Array, direction: 'import' | 'export' = 'import'): Float64Array {
  const sign = direction === 'import' ? 1 : -1;
  const n = gridKw.length;
  const out = new Float64Array(n);
  const days = dayStarts.length - 1;
  const dayCalled = (d: number): boolean => {
    for (let t = dayStarts[d]; t < dayStarts[d + 1]; t++) if (called[t] === 1) return true;
    return false;
  };
  const sum = new Float64Array(24);
  const count = new Float64Array(24);
  for (let d = 0; d < days; d++) {
    if (!dayCalled(d)) continue;
    const type = weekend[dayStarts[d]];
    sum.fill(0);
    count.fill(0);
    let found = 0;
    for (let e = d - 1; e >= 0 && found < BASELINE_DAYS; e--) {
      if (weekend[dayStarts[e]] !== type || dayCalled(e)) continue;
      found++;
      for (let u = dayStarts[e]; u < dayStarts[e + 1]; u++) {
        sum[hour[u]] += sign * gridKw[u] > 0 ? sign * gridKw[u] : 0;
        count[hour[u]]++;
      }
    }
    for (let t = dayStarts[d]; t < dayStarts[d + 1]; t++) out[t] = count[hour[t]] > 0 ? sum[hour[t]] / count[hour[t]] : 0;
  }
  return out;
}

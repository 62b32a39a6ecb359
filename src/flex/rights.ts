import type { NonFirm, Tdtr } from '../model/contract.js';

/**
 * The grid operator's calls of the time-duration (TDTR) and non-firm transport rights
 * (docs/contracts.md, section 1). Both read only the congestion signal the operator has when it
 * decides: TDTR the day before, from its forecast; non-firm in the step itself.
 */

/** Days back the operator's naive forecast looks: the same local weekday last week. */
export const FORECAST_LAG_DAYS = 7;

/**
 * What the grid operator measured of a congestion signal before an axis begins (a rollout's year
 * before): the signal of its last local days (kW per step), their starts in that column (the last
 * entry its end) and each step's local hour. The last of those days may be the first hour of the
 * axis's own first local day (a UTC year's axis leaves local midnight to 01:00 of 1 January to the
 * year before): that fragment is not a day of its own.
 */
export interface SignalBefore {
  readonly signalKw: Float64Array;
  readonly dayStarts: Int32Array;
  readonly hour: Uint8Array;
}

/**
 * The operator's day-ahead forecast of a congestion signal (kW): for each step of local day d, the
 * highest signal of day d - 7 in the same local hour (the `last-week` rule of
 * strategies/day-forecasts.ts, on the signal instead of the net load); 0 in an hour day d - 7 does
 * not have (the 23-hour day). In the first seven days day d - 7 is a day of `before`, when the
 * operator measured it, and day 7 reads the first hour of day 0 that `before` holds; without
 * `before` the forecast of the first seven days is 0. Reads nothing after day d - 7.
 */
export function lastWeekSignal(signalKw: Float64Array, dayStarts: Int32Array, hour: Uint8Array, before?: SignalBefore): Float64Array {
  const out = new Float64Array(signalKw.length);
  const byHour = new Float64Array(24);
  const days = dayStarts.length - 1;
  const remembered = before === undefined || signalKw.length === 0 ? 0 : wholeDaysBefore(before, hour[0]);
  // The start of day 0 in `before` (its steps from fragmentFrom on), when it holds one.
  const fragmentFrom = before === undefined || remembered === before.dayStarts.length - 1 ? -1 : before.dayStarts[remembered];
  for (let d = Math.max(0, FORECAST_LAG_DAYS - remembered); d < days; d++) {
    byHour.fill(0);
    if (d >= FORECAST_LAG_DAYS) {
      highestByHour(signalKw, hour, dayStarts[d - FORECAST_LAG_DAYS], dayStarts[d - FORECAST_LAG_DAYS + 1], byHour);
      if (d === FORECAST_LAG_DAYS && fragmentFrom >= 0) highestByHour(before!.signalKw, before!.hour, fragmentFrom, before!.signalKw.length, byHour);
    } else {
      const e = remembered - FORECAST_LAG_DAYS + d;
      highestByHour(before!.signalKw, before!.hour, before!.dayStarts[e], before!.dayStarts[e + 1], byHour);
    }
    for (let t = dayStarts[d]; t < dayStarts[d + 1]; t++) out[t] = byHour[hour[t]];
  }
  return out;
}

/**
 * The whole local days of `before`: all its days, less a last one that is the start of the axis's
 * first day (its last hour comes before the axis's first hour, firstHour, on the same local date).
 */
function wholeDaysBefore(before: SignalBefore, firstHour: number): number {
  const days = before.dayStarts.length - 1;
  const n = before.signalKw.length;
  return days > 0 && n > 0 && before.hour[n - 1] < firstHour ? days - 1 : days;
}

/**
 * The step, counted from the axis's first step (negative: before it), at which the local day before
 * the axis's first day began: when a restriction of the first day is announced. -1 without `before`.
 */
export function dayBeforeFirstDay(before: SignalBefore | undefined, firstHour: number): number {
  if (before === undefined) return -1;
  const whole = wholeDaysBefore(before, firstHour);
  return whole === 0 ? -1 : before.dayStarts[whole - 1] - before.signalKw.length;
}

/** The highest signal of steps [from, to) in each local hour, into byHour (kW; byHour starts at 0). */
function highestByHour(signalKw: Float64Array, hour: Uint8Array, from: number, to: number, byHour: Float64Array): void {
  for (let u = from; u < to; u++) if (signalKw[u] > byHour[hour[u]]) byHour[hour[u]] = signalKw[u];
}

/**
 * TDTR restrictions. Each local day d, at the start of day d - 1 the operator announces the call
 * blocks (callBlockHours local hours from midnight) whose forecast has a congested step, in time
 * order while the whole block fits in the budget of floor(maxRestrictedShare x n) steps over the
 * axis. A restriction announced is kept, congestion or not. A day without a forecast (0: the first
 * week, when the operator measured nothing before the axis) is not restricted. The first day's
 * restrictions are announced at firstDayAnnouncedAt (dayBeforeFirstDay: a step before the axis).
 */
export function tdtrRestrictions(
  terms: Tdtr,
  forecastKw: Float64Array,
  dayStarts: Int32Array,
  hour: Uint8Array,
  firstDayAnnouncedAt = -1,
): { restricted: Uint8Array; announcedAtStep: Int32Array } {
  const n = forecastKw.length;
  const restricted = new Uint8Array(n);
  const announcedAtStep = new Int32Array(n).fill(-1);
  const budget = Math.floor(terms.maxRestrictedShare * n + 1e-9);
  let used = 0;
  const days = dayStarts.length - 1;
  for (let d = 0; d < days; d++) {
    let start = dayStarts[d];
    const end = dayStarts[d + 1];
    const announced = d === 0 ? firstDayAnnouncedAt : dayStarts[d - 1];
    while (start < end) {
      const block = Math.floor(hour[start] / terms.callBlockHours);
      let stop = start;
      let congested = false;
      for (; stop < end && Math.floor(hour[stop] / terms.callBlockHours) === block; stop++) if (forecastKw[stop] > 0) congested = true;
      if (congested && used + (stop - start) <= budget) {
        for (let t = start; t < stop; t++) {
          restricted[t] = 1;
          announcedAtStep[t] = announced;
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
 * CBC-A calls from the operator's forecast (docs/contracts.md, section 2): each local day, the call
 * blocks (callBlockHours local hours from midnight) whose last-week forecast has a congested step,
 * on at most maxCallDays days (in time order). Decided at the start of the day before, like a TDTR
 * restriction; a day without a forecast (0) has no call.
 */
export function forecastCalls(forecastKw: Float64Array, dayStarts: Int32Array, hour: Uint8Array, callBlockHours: number, maxCallDays: number): Uint8Array {
  const called = new Uint8Array(forecastKw.length);
  const days = dayStarts.length - 1;
  let callDays = 0;
  for (let d = 0; d < days && callDays < maxCallDays; d++) {
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

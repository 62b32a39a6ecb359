import { AmsterdamWallClock, amsterdamWallMs } from './amsterdam.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/**
 * The time axis of a run: a start instant (UTC), a step length and a number of steps. A step's value is
 * the mean power over [start + i*step, start + (i+1)*step), so energy = power x stepHours everywhere.
 */
export interface TimeAxis {
  readonly startMs: number;
  readonly stepHours: number;
  readonly steps: number;
}

export function makeAxis(startMs: number, stepMinutes: number, steps: number): TimeAxis {
  return { startMs, stepHours: stepMinutes / 60, steps };
}

export function stepMs(axis: TimeAxis): number {
  return Math.round(axis.stepHours * HOUR_MS);
}

export function timeMsAt(axis: TimeAxis, i: number): number {
  return axis.startMs + i * stepMs(axis);
}

export function endMs(axis: TimeAxis): number {
  return timeMsAt(axis, axis.steps);
}

/** ISO 8601 in UTC without milliseconds, e.g. 2023-01-01T00:00:00Z. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The axis covering one UTC calendar year (8760 or 8784 hours). */
export function yearAxis(year: number, stepMinutes = 60): TimeAxis {
  const start = Date.UTC(year, 0, 1);
  const steps = Math.round((Date.UTC(year + 1, 0, 1) - start) / (stepMinutes * 60_000));
  return makeAxis(start, stepMinutes, steps);
}

/**
 * For each step, the index of its Europe/Amsterdam calendar day counted from the first local day of
 * the axis (0, 0, ..., 1, 1, ...). Daily limits such as "shed at most 4 hours a day" count local days,
 * which have 23, 24 or 25 hours.
 */
export function localDayIndex(axis: TimeAxis): Int32Array {
  const out = new Int32Array(axis.steps);
  const first = Math.floor(amsterdamWallMs(axis.startMs) / DAY_MS);
  const step = stepMs(axis);
  const clock = new AmsterdamWallClock();
  for (let i = 0; i < axis.steps; i++) out[i] = Math.floor(clock.wallMs(axis.startMs + i * step) / DAY_MS) - first;
  return out;
}

/**
 * The first step of each local day of a localDayIndex, then the number of steps: day d is the steps
 * [starts[d], starts[d + 1]). A loop over days reads this instead of comparing the day of every step.
 */
export function localDayStarts(dayIndex: Int32Array): Int32Array {
  const n = dayIndex.length;
  const starts = new Int32Array(n === 0 ? 1 : dayIndex[n - 1] - dayIndex[0] + 2);
  let days = 0;
  for (let t = 1; t < n; t++) if (dayIndex[t] !== dayIndex[t - 1]) starts[++days] = t;
  starts[n === 0 ? 0 : days + 1] = n;
  return starts;
}

/**
 * The last `count` local days of a localDayStarts (all of them when there are fewer): the first step of
 * the first, and their starts counted from it (the last entry their end). A controller's memory of
 * the days before a run is cut this way from the year before.
 */
export function lastLocalDays(dayStarts: Int32Array, count: number): { from: number; dayStarts: Int32Array } {
  const days = dayStarts.subarray(Math.max(0, dayStarts.length - 1 - count));
  const from = days[0];
  return { from, dayStarts: days.map((s) => s - from) };
}

/**
 * The Europe/Amsterdam calendar month of each step as year x 12 + month (0-11), for monthly tariffs
 * such as kWmax: billing months follow local time, so 2023-01-31T23:00Z is already February.
 */
export function localMonthKey(axis: TimeAxis): Int32Array {
  const out = new Int32Array(axis.steps);
  const step = stepMs(axis);
  const clock = new AmsterdamWallClock();
  // The month of each step's wall-clock time, from a Date only when a step leaves the month before.
  let monthStart = Number.POSITIVE_INFINITY;
  let monthEnd = Number.NEGATIVE_INFINITY;
  let key = 0;
  for (let i = 0; i < axis.steps; i++) {
    const wall = clock.wallMs(axis.startMs + i * step);
    if (wall < monthStart || wall >= monthEnd) {
      const date = new Date(wall);
      const year = date.getUTCFullYear();
      const month = date.getUTCMonth();
      monthStart = Date.UTC(year, month, 1);
      monthEnd = Date.UTC(year, month + 1, 1);
      key = year * 12 + month;
    }
    out[i] = key;
  }
  return out;
}

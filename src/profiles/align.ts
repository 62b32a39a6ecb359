import { fail } from '../errors.js';
import { endMs, isoUtc, stepMs, yearAxis, type TimeAxis } from '../time/axis.js';
import { resample } from '../time/resample.js';
import type { RegularSeries } from './series.js';

/**
 * Put a series on the run's axis: slice the covered span and convert the step length, conserving
 * energy (see resample). A series that does not cover the whole axis, or whose step does not divide
 * the axis step (or the reverse), is an error naming the file.
 */
export function alignToAxis(series: RegularSeries, axis: TimeAxis): Float64Array {
  const seriesEndMs = series.startMs + series.values.length * series.stepMs;
  if (series.startMs > axis.startMs || seriesEndMs < endMs(axis)) {
    fail(
      'profile.wrongLength',
      { file: series.file },
      `covers ${isoUtc(series.startMs)} to ${isoUtc(seriesEndMs)} (${series.values.length} steps) but the hub's time axis needs ${isoUtc(axis.startMs)} to ${isoUtc(endMs(axis))} (${axis.steps} steps); supply a profile for the whole axis or change the hub's axis`,
    );
  }
  const out = resample(series.startMs, series.stepMs, series.values, axis.startMs, stepMs(axis), axis.steps);
  if (out === null) {
    fail(
      'profile.badStep',
      { file: series.file },
      `its ${series.stepMs / 60_000}-minute steps do not line up with the hub's ${axis.stepHours * 60}-minute steps; step lengths must divide one another and start on a common boundary`,
    );
  }
  return out;
}

/**
 * Put a series that covers the UTC calendar year `year` on an axis that may lie in another year: on an
 * axis inside that year, alignToAxis; otherwise every step takes the value at the same position in its
 * own year (the step's offset from 1 January 00:00 UTC, at the axis's step length), the last step of the
 * series repeating for the extra day of a leap year. A stated substitute for data of one year only.
 */
export function alignByPositionInYear(series: RegularSeries, year: number, axis: TimeAxis): Float64Array {
  const step = stepMs(axis);
  if (new Date(axis.startMs).getUTCFullYear() === year && endMs(axis) <= Date.UTC(year + 1, 0, 1)) return alignToAxis(series, axis);
  const onYear = alignToAxis(series, yearAxis(year, axis.stepHours * 60));
  const out = new Float64Array(axis.steps);
  for (let t = 0; t < axis.steps; t++) {
    const ms = axis.startMs + t * step;
    const sinceYearStart = ms - Date.UTC(new Date(ms).getUTCFullYear(), 0, 1);
    out[t] = onYear[Math.min(Math.floor(sinceYearStart / step), onYear.length - 1)];
  }
  return out;
}

import { fail } from '../errors.js';
import { endMs, isoUtc, stepMs, type TimeAxis } from '../time/axis.js';
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

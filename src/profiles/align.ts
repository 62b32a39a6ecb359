import { fail, type Location } from '../errors.js';
import { endMs, isoUtc, stepMs, yearAxis, type TimeAxis } from '../time/axis.js';
import { resample } from '../time/resample.js';
import { amsterdamWallMs, amsterdamWallToUtc } from '../time/amsterdam.js';
import type { RegularSeries } from './series.js';

/**
 * The year a hub is resolved on when it is not the year it runs (a forecaster's training year, a
 * peak shaver's design year): a file that does not cover it is refused naming that year's role and
 * the field that sets it, not the hub's own axis.
 */
export interface AxisRole {
  /** Why the axis is read, as a clause: "the MPC forecaster trains on 2019 (strategies[1].trainYear)". */
  readonly reason: string;
  /** What to do when a file does not cover it. */
  readonly advice: string;
}

/** A file read for an axis with a role: the hub-file field that names it, and the role. */
export interface Coverage {
  readonly loc: Location;
  readonly role: AxisRole;
}

/**
 * Put a series on the run's axis: slice the covered span and convert the step length, conserving
 * energy (see resample), each value times `factor`. A series that does not cover the whole axis, or
 * whose step does not divide the axis step (or the reverse), is an error naming the file (and, with
 * `coverage`, the field that reads it and why that axis is read).
 */
export function alignToAxis(series: RegularSeries, axis: TimeAxis, factor = 1, coverage?: Coverage): Float64Array {
  const seriesEndMs = series.startMs + series.values.length * series.stepMs;
  if (series.startMs > axis.startMs || seriesEndMs < endMs(axis)) {
    const covers = `covers ${isoUtc(series.startMs)} to ${isoUtc(seriesEndMs)}`;
    if (coverage === undefined) {
      fail(
        'profile.wrongLength',
        { file: series.file },
        `${covers} (${series.values.length} steps) but the hub's time axis needs ${isoUtc(axis.startMs)} to ${isoUtc(endMs(axis))} (${axis.steps} steps); supply a file for the whole axis, or set reuseYear: true on it to map its metered year onto the axis's year`,
      );
    }
    fail('profile.wrongLength', coverage.loc, `${series.file} ${covers}, but ${coverage.role.reason}; ${coverage.role.advice}`);
  }
  const out = resample(series.startMs, series.stepMs, series.values, axis.startMs, stepMs(axis), axis.steps, factor);
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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A series put on an axis, with the steps that were not in the file (taken from elsewhere in it). */
export interface Aligned {
  readonly values: Float64Array;
  /** Axis steps whose value came from another part of the file (year edge), in the file's steps. */
  readonly substitutedSteps: number;
}

/**
 * The last local hour of a UTC calendar year lies in the next local year: a file that covers a
 * Europe/Amsterdam calendar year (local 1 January 00:00 to the next 1 January 00:00) ends one hour
 * before the UTC year's axis does. That hour (local New Year's night, 00:00-01:00) is taken from the
 * file's own New Year's night, one year earlier at the same local time: the same holiday and hour,
 * and the axis then holds exactly the file's energy (the file's first hour, before the UTC year, is
 * left out and stands in at the end). Returns the series extended, or the series when not such a file.
 */
export function extendLocalYear(series: RegularSeries, axis: TimeAxis): { series: RegularSeries; substitutedSteps: number } {
  const seriesEndMs = series.startMs + series.values.length * series.stepMs;
  const axisEnd = endMs(axis);
  if (seriesEndMs >= axisEnd || axisEnd - seriesEndMs > 2 * HOUR || series.startMs > axis.startMs) return { series, substitutedSteps: 0 };
  const endWall = amsterdamWallMs(seriesEndMs);
  const end = new Date(endWall);
  if (end.getUTCMonth() !== 0 || end.getUTCDate() !== 1 || endWall % DAY !== 0) return { series, substitutedSteps: 0 };
  const extra = Math.ceil((axisEnd - seriesEndMs) / series.stepMs);
  const values = new Float64Array(series.values.length + extra);
  values.set(series.values);
  for (let k = 0; k < extra; k++) {
    const wall = amsterdamWallMs(seriesEndMs + k * series.stepMs);
    const w = new Date(wall);
    const yearBefore = Date.UTC(w.getUTCFullYear() - 1, w.getUTCMonth(), w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes());
    const index = Math.round((amsterdamWallToUtc(yearBefore)[0] - series.startMs) / series.stepMs);
    if (index < 0) return { series, substitutedSteps: 0 };
    values[series.values.length + k] = series.values[index];
  }
  return { series: { ...series, values }, substitutedSteps: extra };
}

/**
 * reuseYear: put a file of one metered year on an axis in any other year. The metered year is the
 * Europe/Amsterdam calendar year holding the middle of the file. Each step of the axis, at local date
 * D and local time of day h, takes the file's value at local time h on the day of the metered year
 * with the same weekday as D nearest the same day of the year (at most 3 days away; a week further in
 * when that day falls outside the metered year). So Mondays stay Mondays and office hours office
 * hours, and every weather year runs on the measured load. Public holidays are not matched (a
 * Christmas on a Monday takes a working Monday's load). On the 23-hour spring day of the metered year
 * the missing local hour is read as the hour after it; the repeated autumn hour of the axis takes
 * the metered hour twice. Where the file does not reach (its first or last hours), the same local time
 * one week later or earlier stands in.
 */
export function alignReusingYear(series: RegularSeries, axis: TimeAxis): Float64Array {
  const seriesEndMs = series.startMs + series.values.length * series.stepMs;
  if (series.startMs <= axis.startMs && seriesEndMs >= endMs(axis)) return alignToAxis(series, axis);
  const middle = new Date(amsterdamWallMs((series.startMs + seriesEndMs) / 2));
  const meteredYear = middle.getUTCFullYear();
  const yearStartWall = Date.UTC(meteredYear, 0, 1);
  const yearEndWall = Date.UTC(meteredYear + 1, 0, 1);
  const coveredFrom = amsterdamWallMs(series.startMs);
  const coveredTo = amsterdamWallMs(seriesEndMs);
  if (coveredFrom > yearStartWall + 7 * DAY || coveredTo < yearEndWall - 7 * DAY) {
    fail(
      'profile.reuseYear',
      { file: series.file },
      `reuseYear maps one metered year onto other years, so the file must cover a whole local calendar year; it covers ${isoUtc(series.startMs)} to ${isoUtc(seriesEndMs)}`,
    );
  }
  // The mapped series at the file's own step length over the axis's span, then put on the axis.
  const step = series.stepMs;
  const from = Math.floor(axis.startMs / step) * step;
  const steps = Math.ceil((endMs(axis) - from) / step);
  const values = new Float64Array(steps);
  for (let i = 0; i < steps; i++) {
    const wall = amsterdamWallMs(from + i * step);
    const timeOfDay = ((wall % DAY) + DAY) % DAY;
    const date = wall - timeOfDay;
    const d = new Date(date);
    const dayOfYear = Math.round((date - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY);
    let day = Date.UTC(meteredYear, 0, 1 + dayOfYear);
    const shift = (((d.getUTCDay() - new Date(day).getUTCDay()) % 7) + 7) % 7;
    day += (shift > 3 ? shift - 7 : shift) * DAY;
    if (day < yearStartWall) day += 7 * DAY;
    if (day >= yearEndWall) day -= 7 * DAY;
    values[i] = series.values[meteredIndex(series, day + timeOfDay)];
  }
  return alignToAxis({ ...series, startMs: from, values }, axis);
}

/** The file's step at a local wall time of the metered year (the spring gap read as the hour after; a week over where the file ends). */
function meteredIndex(series: RegularSeries, wall: number): number {
  const n = series.values.length;
  for (const weeks of [0, 1, -1, 2, -2]) {
    const w = wall + weeks * 7 * DAY;
    const utc = amsterdamWallToUtc(w)[0] ?? w - HOUR;
    const index = Math.floor((utc - series.startMs) / series.stepMs);
    if (index >= 0 && index < n) return index;
  }
  fail('profile.reuseYear', { file: series.file }, `the file has no value near local time ${isoUtc(wall).replace('Z', '')} of its metered year; reuseYear needs a file that covers a whole local calendar year`);
}

import { fail } from '../errors.js';
import type { TimeAxis } from '../time/axis.js';
import { alignToAxis } from './align.js';
import type { RegularSeries } from './series.js';

export interface ShapeScaling {
  annualKwh?: number;
  peakKw?: number;
  meanKw?: number;
}

/**
 * Scale a normalised shape to kW. The factor is computed over the whole source series (a full year
 * for shipped shapes), so a run over part of the year gets the same kW as a run over all of it:
 *   annualKwh: P = v / mean(v) x annualKwh / hoursInYear (8760 h, 8784 h in a leap year of the axis)
 *   meanKw:    P = v / mean(v) x meanKw
 *   peakKw:    P = v / max(v) x peakKw
 */
export function scaleShape(series: RegularSeries, axis: TimeAxis, scaling: ShapeScaling): Float64Array {
  return alignToAxis(series, axis, shapeFactor(series, axis, scaling));
}

/** The factor scaleShape multiplies the shape by (kW per unit of the shape), as the formulas above. */
export function shapeFactor(series: RegularSeries, axis: TimeAxis, scaling: ShapeScaling): number {
  const [mean, max] = shapeStats(series.values);
  if (!(mean > 0) || !(max > 0)) {
    fail('profile.badShape', { file: series.file }, `a shape must have a positive mean and maximum to be scaled (mean ${mean}, max ${max})`);
  }
  const year = new Date(axis.startMs).getUTCFullYear();
  const hoursInYear = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 3_600_000;
  if (scaling.peakKw !== undefined) return scaling.peakKw / max;
  if (scaling.meanKw !== undefined) return scaling.meanKw / mean;
  return (scaling.annualKwh ?? 0) / hoursInYear / mean;
}

/**
 * The mean and the maximum of a shape's values, once per values column: every member that scales
 * the same shape gets the same factor basis.
 */
function shapeStats(values: Float64Array): readonly [number, number] {
  let stats = statsOfValues.get(values);
  if (stats === undefined) statsOfValues.set(values, (stats = meanAndMax(values)));
  return stats;
}

const statsOfValues = new WeakMap<Float64Array, readonly [number, number]>();

function meanAndMax(v: Float64Array): readonly [number, number] {
  let sum = 0;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < v.length; i++) {
    sum += v[i];
    if (v[i] > max) max = v[i];
  }
  return [sum / v.length, max];
}

import type { WeatherDraw } from './draw.js';

/**
 * A column of a synthetic year: each target day's steps copied from its source day's steps in the
 * same column of the source year. `sources[y]` is the column on source year y's own axis (the same
 * step length), `stepsPerDay` is 24 / step hours; `out` has target days x stepsPerDay values.
 */
export function drawColumn(draw: WeatherDraw, sources: readonly Float64Array[], stepsPerDay: number, out: Float64Array): Float64Array {
  const days = draw.sourceDay.length;
  for (let d = 0; d < days; d++) {
    const src = sources[draw.sourceYear[d]];
    const from = draw.sourceDay[d] * stepsPerDay;
    const to = d * stepsPerDay;
    for (let k = 0; k < stepsPerDay; k++) out[to + k] = src[from + k];
  }
  return out;
}

/**
 * The same draw as runs of steps that are contiguous in the source years' columns laid end to end
 * (year y starts at offsets[y]): a week block, or consecutive days, is one run. Returns the number
 * of runs; run r is out[3r] = first target step, out[3r + 1] = first source step, out[3r + 2] =
 * length. Built once per draw, then every column is a few block copies (copyRuns).
 */
export function drawRuns(draw: WeatherDraw, offsets: readonly number[], stepsPerDay: number, out: Int32Array): number {
  const days = draw.sourceDay.length;
  let runs = 0;
  for (let d = 0; d < days; d++) {
    const from = offsets[draw.sourceYear[d]] + draw.sourceDay[d] * stepsPerDay;
    const to = d * stepsPerDay;
    const last = 3 * (runs - 1);
    if (runs > 0 && out[last + 1] + out[last + 2] === from && out[last] + out[last + 2] === to) out[last + 2] += stepsPerDay;
    else {
      out[3 * runs] = to;
      out[3 * runs + 1] = from;
      out[3 * runs + 2] = stepsPerDay;
      runs++;
    }
  }
  return runs;
}

/**
 * A synthetic year's column from the runs of drawRuns, copied inside one buffer: the source years
 * laid end to end (concatenate with room for a year), the synthetic year after them from
 * outStart. Copies within a buffer need no view per run, which a week-block year has over a hundred
 * of per column.
 */
export function copyRuns(buffer: Float64Array, runs: Int32Array, count: number, outStart: number): Float64Array {
  for (let r = 0; r < count; r++) {
    const from = runs[3 * r + 1];
    buffer.copyWithin(outStart + runs[3 * r], from, from + runs[3 * r + 2]);
  }
  return buffer;
}

/** Columns of several years laid end to end, with room for `room` more values after them. */
export function concatenate(columns: readonly Float64Array[], room = 0): Float64Array {
  const out = new Float64Array(columns.reduce((n, c) => n + c.length, 0) + room);
  let o = 0;
  for (const c of columns) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

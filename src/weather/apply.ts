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
 * The same draw as one index per target step into the source years' columns laid end to end
 * (year y starts at offsets[y]): built once per draw, then every column is a single gather loop.
 */
export function drawIndex(draw: WeatherDraw, offsets: readonly number[], stepsPerDay: number, out: Int32Array): Int32Array {
  const days = draw.sourceDay.length;
  for (let d = 0; d < days; d++) {
    const from = offsets[draw.sourceYear[d]] + draw.sourceDay[d] * stepsPerDay;
    const to = d * stepsPerDay;
    for (let k = 0; k < stepsPerDay; k++) out[to + k] = from + k;
  }
  return out;
}

/** out[t] = concatenated[index[t]]. */
export function gather(concatenated: Float64Array, index: Int32Array, out: Float64Array): Float64Array {
  for (let t = 0; t < out.length; t++) out[t] = concatenated[index[t]];
  return out;
}

/** Columns of several years laid end to end, with each year's offset. */
export function concatenate(columns: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(columns.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of columns) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

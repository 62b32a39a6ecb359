/*
 * Arithmetic on whole columns (one value per step of an axis), for the places that build a column
 * from others once per hub or per year: the year-long loop in a function of its own rather than in
 * the body of each caller (docs/performance.md, "Year-long loops out of the functions that run once
 * per hub").
 */

/** out += values, step by step (out's length). */
export function addInto(values: Float64Array, out: Float64Array): void {
  for (let t = 0; t < out.length; t++) out[t] += values[t];
}

/** a + b, step by step, as a new column of a's length. */
export function sumOf(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let t = 0; t < out.length; t++) out[t] = a[t] + b[t];
  return out;
}

/** The highest finite value of a column, at least 0: the capacity a cap column holds (+Infinity: no cap in that step). */
export function highestFiniteOrZero(values: Float64Array): number {
  let high = 0;
  for (let t = 0; t < values.length; t++) if (values[t] > high && Number.isFinite(values[t])) high = values[t];
  return high;
}

import * as ss from 'simple-statistics';

/*
 * The one place that calls simple-statistics. Its types accept number[]; at run time it works on
 * Float64Array too, so the cast lives here and nowhere else.
 */
const asArray = (x: Float64Array): number[] => x as unknown as number[];

/** The p-quantile (0 < p < 1) of the values; copies, so the input keeps its order. */
export function quantile(values: Float64Array, p: number): number {
  return quantileSorted(Float64Array.from(values).sort(), p);
}

/** The p-quantile (0 <= p <= 1) of values sorted ascending (at least one), linear between neighbours. */
export function quantileSorted(sorted: Float64Array, p: number): number {
  return ss.quantileSorted(asArray(sorted), p);
}

/**
 * Merge the n values of `values` (sorted ascending) into the first `count` values of `sorted` (sorted
 * ascending, with room for n more), in place from the top: the larger of the two tails goes last.
 * Returns the new count.
 */
export function mergeSortedInto(sorted: Float64Array, count: number, values: Float64Array, n: number): number {
  let i = count - 1;
  let j = n - 1;
  for (let w = count + n - 1; j >= 0; w--) sorted[w] = i >= 0 && sorted[i] > values[j] ? sorted[i--] : values[j--];
  return count + n;
}

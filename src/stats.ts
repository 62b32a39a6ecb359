import * as ss from 'simple-statistics';

/*
 * The one place that calls simple-statistics. Its types accept number[]; at run time it works on
 * Float64Array too, so the cast lives here and nowhere else.
 */
const asArray = (x: Float64Array): number[] => x as unknown as number[];

/** The p-quantile (0 < p < 1) of the values; copies, so the input keeps its order. */
export function quantile(values: Float64Array, p: number): number {
  return ss.quantileSorted(asArray(Float64Array.from(values).sort()), p);
}

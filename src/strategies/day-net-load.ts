/**
 * values[start..start + n) sorted ascending into sorted[0..n), `sorted` may be `values` itself with
 * start 0 (a value is read before its place is written). An insertion sort as the values are read,
 * for one local day (23-300 steps), stable: equal values keep their order in time.
 */
export function sortDay(values: Float64Array, start: number, n: number, sorted: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const x = values[start + k];
    let j = k - 1;
    while (j >= 0 && sorted[j] > x) {
      sorted[j + 1] = sorted[j];
      j--;
    }
    sorted[j + 1] = x;
  }
}

/**
 * A local day's net load (demand - generation, kW) sorted ascending into sorted[0..n), for steps
 * [start, start + n): the day's quantiles and its water-filling level read it.
 */
export function sortedNetLoad(demandKw: Float64Array, generationKw: Float64Array, start: number, n: number, sorted: Float64Array): void {
  for (let k = 0; k < n; k++) sorted[k] = demandKw[start + k] - generationKw[start + k];
  sortDay(sorted, 0, n, sorted);
}

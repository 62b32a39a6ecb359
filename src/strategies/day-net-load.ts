/**
 * A local day's net load (demand - generation, kW) sorted ascending into sorted[0..n), for steps
 * [start, start + n): the day's quantiles and its water-filling level read it. An insertion sort as
 * the values are read (a day has 23-300 steps), stable: equal values keep their order in time.
 */
export function sortedNetLoad(demandKw: Float64Array, generationKw: Float64Array, start: number, n: number, sorted: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const x = demandKw[start + k] - generationKw[start + k];
    let j = k - 1;
    while (j >= 0 && sorted[j] > x) {
      sorted[j + 1] = sorted[j];
      j--;
    }
    sorted[j + 1] = x;
  }
}

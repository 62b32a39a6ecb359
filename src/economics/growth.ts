/*
 * Demand growth factor of a year relative to the base year the hub files describe. Either compounding,
 *
 *   f(year) = (1 + perYear)^(year - baseYear),
 *
 * or, when factorByYear is given (and not empty), linear interpolation between its years, flat before
 * the first and after the last:
 *
 *   f(year) = f(a) + (f(b) - f(a)) x (year - a) / (b - a)   for given years a <= year <= b.
 */

export interface KindGrowthInput {
  perYear: number;
  /** Factors keyed by year ("2030"); overrides perYear. */
  factorByYear?: Record<string, number>;
}

/** The demand factor of `year` (1 = as in the hub files of baseYear). */
export function growthFactor(growth: KindGrowthInput, baseYear: number, year: number): number {
  const entries = Object.entries(growth.factorByYear ?? {});
  if (entries.length === 0) return (1 + growth.perYear) ** (year - baseYear);
  const points = entries.map(([y, factor]) => {
    // The schema allows only four-digit keys; anything else is a bug upstream.
    if (!/^\d+$/.test(y)) throw new Error(`growthFactor: key "${y}" of factorByYear is not a year`);
    return { year: Number(y), factor };
  });
  points.sort((a, b) => a.year - b.year);

  const first = points[0];
  const last = points[points.length - 1];
  if (year <= first.year) return first.factor;
  if (year >= last.year) return last.factor;
  let k = 1;
  while (points[k].year < year) k++;
  const a = points[k - 1];
  const b = points[k];
  return a.factor + ((b.factor - a.factor) * (year - a.year)) / (b.year - a.year);
}

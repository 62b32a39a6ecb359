/*
 * Discounting of yearly cash flows. flows[t] falls in the t-th year of the horizon and is discounted by
 * (1 + r)^t, so the first year is not discounted:
 *
 *   PV = sum_t flows[t] / (1 + r)^t
 */

/** Present value of yearly flows (EUR), flows[0] in the first year, undiscounted. */
export function presentValue(flows: number[], rate: number): number {
  let pv = 0;
  flows.forEach((f, t) => {
    pv += f / (1 + rate) ** t;
  });
  return pv;
}

/**
 * The payback year: the first year whose cumulative undiscounted flow is >= 0 after it has been
 * negative; the first year when it is never negative; null when it stays negative. A later dip (e.g. a
 * battery replacement) does not move it.
 */
export function paybackYear(flows: number[], years: number[]): number | null {
  if (flows.length !== years.length) throw new Error(`paybackYear: ${flows.length} flows but ${years.length} years`);
  let cumulative = 0;
  let wasNegative = false;
  for (let t = 0; t < flows.length; t++) {
    cumulative += flows[t];
    if (cumulative < 0) wasNegative = true;
    else if (wasNegative) return years[t];
  }
  return wasNegative || flows.length === 0 ? null : years[0];
}

/** Benefit-cost ratio PV(benefits) / PV(costs), both given as positive flows; null when PV(costs) is 0. */
export function benefitCostRatio(benefits: number[], costs: number[], rate: number): number | null {
  const pvCosts = presentValue(costs, rate);
  return pvCosts === 0 ? null : presentValue(benefits, rate) / pvCosts;
}

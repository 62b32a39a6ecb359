/*
 * The present-value convention of every rollout figure (docs/economics.md section 7). Money is in EUR
 * at constant prices of the base year b, discounted at the real rate r:
 *
 *   an investment made (or put into service) in year y falls at the start of y:  (1 + r)^-(y - b)
 *   every other flow of year y falls at the end of y:                             (1 + r)^-(y - b + 1)
 *   residual values fall at the end of the horizon H:                             (1 + r)^-(H - b + 1)
 *
 * An asset put into service at the start of year y with lifetime L years is written off straight-line;
 * at the end of H it has served H - y + 1 years and is worth cost x max(0, 1 - (H - y + 1) / L).
 */

export interface MoneyConvention {
  /** Year the money is discounted to. */
  readonly baseYear: number;
  /** Real discount rate per year. */
  readonly discountRate: number;
  /** Last year of the horizon: residual values are taken at its end. */
  readonly endYear: number;
}

/** Discount factor of an investment in year y (start of the year). */
export function atStartOf(c: MoneyConvention, year: number): number {
  return (1 + c.discountRate) ** -(year - c.baseYear);
}

/** Discount factor of a yearly flow of year y (end of the year). */
export function atEndOf(c: MoneyConvention, year: number): number {
  return (1 + c.discountRate) ** -(year - c.baseYear + 1);
}

/** Share of an asset's cost left at the end of the horizon (0 for one in service after it: it is outside the horizon's money). */
export function residualShare(inServiceYear: number, lifetimeYears: number, endYear: number): number {
  if (inServiceYear > endYear) return 0;
  return Math.max(0, 1 - (endYear - inServiceYear + 1) / lifetimeYears);
}

/** The years an asset first bought in `firstYear` is bought (again at the end of each lifetime) within the horizon: firstYear, firstYear + L, ... <= endYear. */
export function purchaseYears(firstYear: number, lifetimeYears: number, endYear: number): number[] {
  const years: number[] = [];
  for (let y = firstYear; y <= endYear; y += lifetimeYears) years.push(y);
  return years;
}

/**
 * The payback year (docs/economics.md section 7): the first year from which the cumulative
 * undiscounted flow stays >= 0 to the horizon's end, the year before it being below 0; the first year
 * when it is never below 0 and some flow is not 0; null when it ends below 0 (a project back above
 * zero that falls below it again, e.g. with a battery bought again, has not paid back until it is
 * above zero for good) or when every flow is 0 (no hub within the horizon: nothing to pay back).
 */
export function paybackYear(flows: readonly number[], years: readonly number[]): number | null {
  if (flows.length !== years.length) throw new Error(`paybackYear: ${flows.length} flows but ${years.length} years`);
  let cumulative = 0;
  let lastBelow = -1;
  let anyFlow = false;
  for (let t = 0; t < flows.length; t++) {
    cumulative += flows[t];
    if (flows[t] !== 0) anyFlow = true;
    if (cumulative < 0) lastBelow = t;
  }
  if (!anyFlow || lastBelow === flows.length - 1) return null;
  return years[lastBelow + 1];
}

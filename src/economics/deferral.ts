/*
 * The value of deferring a grid reinforcement. Paying C in n years instead of now costs, in today's
 * money, C / (1 + r)^n; the difference is what the deferral is worth:
 *
 *   V = C - C (1 + r)^-n = C x (1 - (1 + r)^-n)
 *
 * with r the real discount rate (economics.discountRate, 4% by default). n = 0 is worth nothing; a
 * negative n (hubs bring the reinforcement forward) gives a negative value, the cost of paying early.
 */

/** C x (1 - (1 + r)^-years): the value of paying costEur `years` later instead of now (EUR). */
export function deferralValueEur(costEur: number, years: number, rate: number): number {
  return costEur * (1 - (1 + rate) ** -years);
}

export interface Deferral {
  /** Years the first reinforcement moves later; negative when hubs bring it forward. */
  years: number;
  /** True when the hubs push the reinforcement past the horizon: `years` is then a lower bound. */
  beyondHorizon: boolean;
}

/**
 * How many years the hubs defer the first reinforcement, from the first overloaded year without and
 * with hubs (null: never within the horizon ending in endYear).
 * - no need without hubs: 0 (nothing to defer; a need the hubs cause shows in the with-hubs plan's cost);
 * - need without, none with: endYear + 1 - firstYearWithout, at least that many (beyondHorizon);
 * - both: firstYearWith - firstYearWithout, 0 when the hubs do not help, negative when they hurt.
 */
export function deferralYears(firstYearWithout: number | null, firstYearWith: number | null, endYear: number): Deferral {
  if (firstYearWithout === null) return { years: 0, beyondHorizon: false };
  if (firstYearWith === null) return { years: endYear + 1 - firstYearWithout, beyondHorizon: true };
  return { years: firstYearWith - firstYearWithout, beyondHorizon: false };
}

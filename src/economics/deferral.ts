/*
 * How many years hubs move a substation's first reinforcement, from the first year a step is in
 * service without hubs (null: none within the horizon ending in endYear) and with them (null: none
 * ordered within the horizon; a step ordered in it and in service after it has a known year). Its
 * value is not added anywhere: it is inside the present value of avoided reinforcement
 * (present-value.ts), which discounts every step from the year it goes into service and subtracts
 * its residual value.
 *
 * - none in service within the horizon without hubs: 0 (nothing to defer; a need the hubs cause
 *   shows in its cost);
 * - needed without, none ordered with: endYear + 1 - firstWithout, at least that many (beyondHorizon);
 * - both: firstWith - firstWithout, 0 when the hubs do not help, negative when they bring it forward.
 */

export interface Deferral {
  /** Years the first step in service moves later; negative when hubs bring it forward. */
  years: number;
  /** True when the hubs leave no step ordered within the horizon: `years` is then a lower bound. */
  beyondHorizon: boolean;
}

export function deferralYears(firstWithout: number | null, firstWith: number | null, endYear: number): Deferral {
  if (firstWithout === null) return { years: 0, beyondHorizon: false };
  if (firstWith === null) return { years: endYear + 1 - firstWithout, beyondHorizon: true };
  return { years: firstWith - firstWithout, beyondHorizon: false };
}

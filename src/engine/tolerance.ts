/**
 * Power differences at or below this (kW) are the rounding of sums, not load: a cap or level is
 * exceeded only by more, and a shedding or curtailing request of no more than this is none.
 */
export const TOLERANCE_KW = 1e-6;

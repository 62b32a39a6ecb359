import type { BatteryParams } from '../model/resolved.js';

/*
 * Battery physics, one step of length dt (h), power p at the grid side (kW, > 0 charging, < 0
 * discharging). With one-way efficiencies eta_c, eta_d and self-discharge sigma per hour:
 *
 *   soc' = soc * (1 - sigma)^dt + eta_c * p * dt          (p >= 0)
 *   soc' = soc * (1 - sigma)^dt + p * dt / eta_d          (p <  0)
 *
 * within socMin <= soc' <= socMax and -dischargeKw <= p <= chargeKw. A step never charges and
 * discharges at once. Self-discharge is applied first, so the limits use soc * keep.
 *
 * The state of charge is a chain from step to step, so its latency bounds a simulation's speed; the
 * step model below therefore holds the factors of a step precomputed, reciprocals included, and the
 * step needs no division. Every strategy that tracks the state of charge uses these same functions as
 * the engine, so what a strategy plans and what the engine executes agree to the last bit.
 */
export interface BatteryStep {
  /** (1 - sigma)^dt: the fraction of the stored energy kept over a step. */
  readonly keep: number;
  readonly socMinKwh: number;
  readonly socMaxKwh: number;
  readonly chargeKw: number;
  readonly dischargeKw: number;
  /** kWh stored per kW charged over a step: eta_c x dt. */
  readonly chargeGain: number;
  /** 1 / chargeGain. */
  readonly chargeGainInverse: number;
  /** kWh drawn per kW discharged over a step: dt / eta_d. */
  readonly dischargeCost: number;
  /** 1 / dischargeCost. */
  readonly dischargeCostInverse: number;
  /**
   * The same nine numbers in a Float64Array, in the order of FACTOR, for the engine's loops, which
   * hold them as doubles whatever their values (docs/performance.md, "Code shapes").
   */
  readonly factors: Float64Array;
}

/** Slots of BatteryStep.factors. */
export const FACTOR = {
  keep: 0,
  socMinKwh: 1,
  socMaxKwh: 2,
  chargeKw: 3,
  dischargeKw: 4,
  chargeGain: 5,
  chargeGainInverse: 6,
  dischargeCost: 7,
  dischargeCostInverse: 8,
} as const;

/** The names of FACTOR, listed once (batteryStep runs per feasibility test of `optimal`). */
const FACTOR_NAMES = Object.keys(FACTOR) as (keyof typeof FACTOR)[];

export function batteryStep(b: BatteryParams, dt: number): BatteryStep {
  const chargeGain = b.chargeEfficiency * dt;
  const dischargeCost = dt / b.dischargeEfficiency;
  const step: BatteryStep = {
    keep: Math.pow(1 - b.selfDischargePerHour, dt),
    socMinKwh: b.socMinKwh,
    socMaxKwh: b.socMaxKwh,
    chargeKw: b.chargeKw,
    dischargeKw: b.dischargeKw,
    chargeGain,
    chargeGainInverse: 1 / chargeGain,
    dischargeCost,
    dischargeCostInverse: 1 / dischargeCost,
    factors: new Float64Array(9),
  };
  for (const name of FACTOR_NAMES) step.factors[FACTOR[name]] = step[name];
  return step;
}

/** Largest charge power (kW) this step from state socKwh. */
export function maxChargeKw(s: BatteryStep, socKwh: number): number {
  return clipKw(socKwh, Number.POSITIVE_INFINITY, s.keep, s.socMinKwh, s.socMaxKwh, s.chargeKw, s.dischargeKw, s.chargeGainInverse, s.dischargeCostInverse);
}

/** Largest discharge power (kW, positive) this step from state socKwh. */
export function maxDischargeKw(s: BatteryStep, socKwh: number): number {
  return -clipKw(socKwh, Number.NEGATIVE_INFINITY, s.keep, s.socMinKwh, s.socMaxKwh, s.chargeKw, s.dischargeKw, s.chargeGainInverse, s.dischargeCostInverse);
}

/** State of charge after a step at power p (kW, within the limits above). */
export function nextSocKwh(s: BatteryStep, socKwh: number, p: number): number {
  return socAfterKwh(socKwh, p, s.keep, s.socMinKwh, s.socMaxKwh, s.chargeGain, s.dischargeCost);
}

/** Clip a requested battery power to the limits from state socKwh. */
export function clipBatteryKw(s: BatteryStep, socKwh: number, p: number): number {
  return clipKw(socKwh, p, s.keep, s.socMinKwh, s.socMaxKwh, s.chargeKw, s.dischargeKw, s.chargeGainInverse, s.dischargeCostInverse);
}

/*
 * The step itself, on plain numbers. The engine's loops hold a step's factors in locals and call
 * these. The functions above are these same ones on a BatteryStep, so what a strategy plans with
 * them and what the engine executes agree to the bit.
 */

/** clipBatteryKw on plain numbers. */
export function clipKw(socKwh: number, p: number, keep: number, socMinKwh: number, socMaxKwh: number, chargeKw: number, dischargeKw: number, chargeGainInverse: number, dischargeCostInverse: number): number {
  if (p > 0) return clipChargeKw(socKwh * keep, p, socMaxKwh, chargeKw, chargeGainInverse);
  if (p < 0) return clipDischargeKw(socKwh * keep, p, socMinKwh, dischargeKw, dischargeCostInverse);
  return 0;
}

/** nextSocKwh on plain numbers. */
export function socAfterKwh(socKwh: number, p: number, keep: number, socMinKwh: number, socMaxKwh: number, chargeGain: number, dischargeCost: number): number {
  if (p > 0) return socAfterChargeKwh(socKwh * keep, p, socMaxKwh, chargeGain);
  if (p < 0) return socAfterDischargeKwh(socKwh * keep, p, socMinKwh, dischargeCost);
  // No power: only the self-discharge (which may take the state below socMin: it is not lifted back).
  return socKwh * keep;
}

/*
 * The two sides of a step, from the state kept after self-discharge (kept = soc x keep): a loop that
 * already knows which way its battery goes (a held level: discharge above it, charge below it) calls
 * these and skips the tests of the sign above, with the same arithmetic.
 */

/** A charge request p > 0 (kW) clipped to the charge power and the room left below socMax. */
export function clipChargeKw(keptKwh: number, p: number, socMaxKwh: number, chargeKw: number, chargeGainInverse: number): number {
  const room = (socMaxKwh - keptKwh) * chargeGainInverse;
  const m = room <= 0 ? 0 : room < chargeKw ? room : chargeKw;
  return p > m ? m : p;
}

/** A discharge request p < 0 (kW) clipped to the discharge power and the energy left above socMin. */
export function clipDischargeKw(keptKwh: number, p: number, socMinKwh: number, dischargeKw: number, dischargeCostInverse: number): number {
  const avail = (keptKwh - socMinKwh) * dischargeCostInverse;
  const m = avail <= 0 ? 0 : avail < dischargeKw ? avail : dischargeKw;
  return -p > m ? -m : p;
}

/** The state after charging at p > 0 (kW, within the limits). */
export function socAfterChargeKwh(keptKwh: number, p: number, socMaxKwh: number, chargeGain: number): number {
  const next = keptKwh + p * chargeGain;
  // Rounding may leave the state a hair above the limit the power was chosen to reach exactly.
  return next > socMaxKwh ? socMaxKwh : next;
}

/** The state after discharging at p < 0 (kW, within the limits). */
export function socAfterDischargeKwh(keptKwh: number, p: number, socMinKwh: number, dischargeCost: number): number {
  const next = keptKwh + p * dischargeCost;
  return next < socMinKwh ? socMinKwh : next;
}

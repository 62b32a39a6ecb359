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
}

export function batteryStep(b: BatteryParams, dt: number): BatteryStep {
  const chargeGain = b.chargeEfficiency * dt;
  const dischargeCost = dt / b.dischargeEfficiency;
  return {
    keep: Math.pow(1 - b.selfDischargePerHour, dt),
    socMinKwh: b.socMinKwh,
    socMaxKwh: b.socMaxKwh,
    chargeKw: b.chargeKw,
    dischargeKw: b.dischargeKw,
    chargeGain,
    chargeGainInverse: 1 / chargeGain,
    dischargeCost,
    dischargeCostInverse: 1 / dischargeCost,
  };
}

/** Largest charge power (kW) this step from state socKwh. */
export function maxChargeKw(s: BatteryStep, socKwh: number): number {
  const room = (s.socMaxKwh - socKwh * s.keep) * s.chargeGainInverse;
  return room <= 0 ? 0 : room < s.chargeKw ? room : s.chargeKw;
}

/** Largest discharge power (kW, positive) this step from state socKwh. */
export function maxDischargeKw(s: BatteryStep, socKwh: number): number {
  const avail = (socKwh * s.keep - s.socMinKwh) * s.dischargeCostInverse;
  return avail <= 0 ? 0 : avail < s.dischargeKw ? avail : s.dischargeKw;
}

/** State of charge after a step at power p (kW, within the limits above). */
export function nextSocKwh(s: BatteryStep, socKwh: number, p: number): number {
  if (p > 0) {
    const next = socKwh * s.keep + p * s.chargeGain;
    // Rounding may leave the state a hair above the limit the power was chosen to reach exactly.
    return next > s.socMaxKwh ? s.socMaxKwh : next;
  }
  if (p < 0) {
    const next = socKwh * s.keep + p * s.dischargeCost;
    return next < s.socMinKwh ? s.socMinKwh : next;
  }
  return socKwh * s.keep;
}

/** Clip a requested battery power to the limits from state socKwh. */
export function clipBatteryKw(s: BatteryStep, socKwh: number, p: number): number {
  if (p > 0) {
    const m = maxChargeKw(s, socKwh);
    return p > m ? m : p;
  }
  if (p < 0) {
    const m = maxDischargeKw(s, socKwh);
    return -p > m ? -m : p;
  }
  return 0;
}

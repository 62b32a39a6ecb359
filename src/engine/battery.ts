import type { BatteryParams } from '../model/resolved.js';

/*
 * Battery physics, one step of length dt (h), power p at the grid side (kW, > 0 charging, < 0
 * discharging). With one-way efficiencies eta_c, eta_d and self-discharge sigma per hour:
 *
 *   soc' = soc * (1 - sigma)^dt + eta_c * p * dt          (p >= 0)
 *   soc' = soc * (1 - sigma)^dt + p * dt / eta_d          (p <  0)
 *
 * within socMin <= soc' <= socMax and -dischargeKw <= p <= chargeKw. A step never charges and
 * discharges at once. Self-discharge is applied first, so the limits below use soc * keep.
 * Every strategy that tracks the state of charge uses these same functions as the engine, so what a
 * strategy plans and what the engine executes agree to the last bit.
 */

/** Fraction of the stored energy kept over a step: (1 - sigma)^dt. */
export function retention(b: BatteryParams, dt: number): number {
  return Math.pow(1 - b.selfDischargePerHour, dt);
}

/** Largest charge power (kW) this step from state socKwh. */
export function maxChargeKw(b: BatteryParams, socKwh: number, dt: number, keep: number): number {
  const room = (b.socMaxKwh - socKwh * keep) / (b.chargeEfficiency * dt);
  return room <= 0 ? 0 : room < b.chargeKw ? room : b.chargeKw;
}

/** Largest discharge power (kW, positive) this step from state socKwh. */
export function maxDischargeKw(b: BatteryParams, socKwh: number, dt: number, keep: number): number {
  const avail = ((socKwh * keep - b.socMinKwh) * b.dischargeEfficiency) / dt;
  return avail <= 0 ? 0 : avail < b.dischargeKw ? avail : b.dischargeKw;
}

/** State of charge after a step at power p (kW, within the limits above). */
export function nextSocKwh(b: BatteryParams, socKwh: number, p: number, dt: number, keep: number): number {
  if (p > 0) {
    const s = socKwh * keep + p * b.chargeEfficiency * dt;
    // Rounding may leave s a hair above the limit the power was chosen to reach exactly.
    return s > b.socMaxKwh ? b.socMaxKwh : s;
  }
  if (p < 0) {
    const s = socKwh * keep + (p * dt) / b.dischargeEfficiency;
    return s < b.socMinKwh ? b.socMinKwh : s;
  }
  return socKwh * keep;
}

/** Clip a requested battery power to the limits from state socKwh. */
export function clipBatteryKw(b: BatteryParams, socKwh: number, p: number, dt: number, keep: number): number {
  if (p > 0) {
    const m = maxChargeKw(b, socKwh, dt, keep);
    return p > m ? m : p;
  }
  if (p < 0) {
    const m = maxDischargeKw(b, socKwh, dt, keep);
    return -p > m ? -m : p;
  }
  return 0;
}

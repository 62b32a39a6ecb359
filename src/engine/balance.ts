import type { ResolvedHub } from '../model/resolved.js';
import type { Recorder } from './recorder.js';

export interface BalanceCheck {
  /** Sum over steps of (served + charge + export + curtailed) - (generation + discharge + import), kWh. */
  energyResidualKwh: number;
  /** The residual relative to the total energy that flowed. */
  energyResidualRelative: number;
  /** Stored energy at the end - at the start - (charged x eta_c - discharged / eta_d - self-discharge), kWh. */
  batteryResidualKwh: number;
  /** The battery residual relative to its capacity plus the energy that went through it. */
  batteryResidualRelative: number;
}

export const BALANCE_TOLERANCE = 1e-6;

/**
 * The energy balance of a run, recomputed from the recorded columns:
 *
 *   (demand - shed) + charge + export + curtailed = generation + discharge + import
 *
 * and the battery's own balance, which closes over conversion and self-discharge losses. A residual
 * above 1e-6 relative is a bug in the engine, never a property of the input.
 */
export function checkBalance(hub: ResolvedHub, rec: Recorder): BalanceCheck {
  const dt = hub.axis.stepHours;
  const b = hub.battery;
  const keep = Math.pow(1 - b.selfDischargePerHour, dt);
  let residual = 0;
  let scale = 0;
  let stored = 0;
  let prevSoc = b.socInitialKwh;
  let selfLoss = 0;
  let throughput = 0;
  for (let t = 0; t < rec.steps; t++) {
    const p = rec.batteryKw[t];
    const charge = p > 0 ? p : 0;
    const discharge = p < 0 ? -p : 0;
    const g = rec.gridKw[t];
    const imp = g > 0 ? g : 0;
    const exp = g < 0 ? -g : 0;
    const served = hub.demandKw[t] - rec.shedKw[t];
    const left = served + charge + exp + rec.curtailedKw[t];
    const right = hub.generationKw[t] + discharge + imp;
    residual += (left - right) * dt;
    scale += (Math.abs(left) + Math.abs(right)) * dt;
    stored += (charge * b.chargeEfficiency - discharge / b.dischargeEfficiency) * dt;
    throughput += (charge + discharge) * dt;
    selfLoss += prevSoc * (1 - keep);
    prevSoc = rec.socKwh[t];
  }
  const endSoc = rec.steps > 0 ? rec.socKwh[rec.steps - 1] : b.socInitialKwh;
  const batteryResidualKwh = endSoc - b.socInitialKwh - stored + selfLoss;
  return {
    energyResidualKwh: residual,
    energyResidualRelative: scale > 0 ? Math.abs(residual) / scale : 0,
    batteryResidualKwh,
    batteryResidualRelative: Math.abs(batteryResidualKwh) / (b.capacityKwh + throughput + 1e-9),
  };
}

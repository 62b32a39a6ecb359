import type { ResolvedHub } from '../model/resolved.js';
import type { BalanceCheck } from './balance.js';

/** Sums and extremes of one run (energies in kWh, powers in kW), gathered while the physics runs. */
export interface RunSummary extends BalanceCheck {
  peakImportKw: number;
  peakExportKw: number;
  importKwh: number;
  exportKwh: number;
  shedKwh: number;
  curtailedKwh: number;
  chargeKwh: number;
  dischargeKwh: number;
  stepsAboveImportCap: number;
  energyAboveImportCapKwh: number;
  stepsAboveExportCap: number;
  energyAboveExportCapKwh: number;
  stepsShed: number;
  stepsBatteryLimited: number;
  stepsShedLimited: number;
  socEndKwh: number;
}

/**
 * Slots of the accumulator the physics loop adds to, step by step (sums in kW x steps; finishSummary
 * multiplies by the step length). Keeping the sums in the physics loop makes a run one pass over
 * its columns, which is what lets a hub-year take a fraction of a millisecond.
 */
export const ACC = {
  residual: 0,
  scale: 1,
  stored: 2,
  selfLoss: 3,
  peakImport: 4,
  peakExport: 5,
  imported: 6,
  exported: 7,
  shed: 8,
  curtailed: 9,
  charged: 10,
  discharged: 11,
  stepsAboveImport: 12,
  aboveImport: 13,
  stepsAboveExport: 14,
  aboveExport: 15,
  stepsShed: 16,
  stepsBatteryLimited: 17,
  stepsShedLimited: 18,
  size: 19,
} as const;

/**
 * The run's summary and its energy-balance check from the accumulated sums:
 *
 *   (demand - shed) + charge + export + curtailed = generation + discharge + import
 *
 * summed over the steps, and the battery's own balance, which closes over conversion and
 * self-discharge losses:
 *
 *   soc_end - soc_start = sum(charge x eta_c - discharge / eta_d) dt - sum(soc_{t-1}) (1 - keep)
 *
 * The physics derives import, export, charge and discharge from the grid exchange and the battery
 * power it decided, then clamps the state of charge; a residual above 1e-6 relative means those
 * steps disagree, which is a bug.
 */
export function finishSummary(hub: ResolvedHub, acc: Float64Array, socEndKwh: number): RunSummary {
  const dt = hub.axis.stepHours;
  const b = hub.battery;
  const keep = Math.pow(1 - b.selfDischargePerHour, dt);
  const batteryResidualKwh = socEndKwh - b.socInitialKwh - acc[ACC.stored] * dt + acc[ACC.selfLoss] * (1 - keep);
  return {
    energyResidualKwh: acc[ACC.residual] * dt,
    energyResidualRelative: acc[ACC.scale] > 0 ? Math.abs(acc[ACC.residual]) / acc[ACC.scale] : 0,
    batteryResidualKwh,
    batteryResidualRelative: Math.abs(batteryResidualKwh) / (b.capacityKwh + (acc[ACC.charged] + acc[ACC.discharged]) * dt + 1e-9),
    peakImportKw: acc[ACC.peakImport],
    peakExportKw: acc[ACC.peakExport],
    importKwh: acc[ACC.imported] * dt,
    exportKwh: acc[ACC.exported] * dt,
    shedKwh: acc[ACC.shed] * dt,
    curtailedKwh: acc[ACC.curtailed] * dt,
    chargeKwh: acc[ACC.charged] * dt,
    dischargeKwh: acc[ACC.discharged] * dt,
    stepsAboveImportCap: acc[ACC.stepsAboveImport],
    energyAboveImportCapKwh: acc[ACC.aboveImport] * dt,
    stepsAboveExportCap: acc[ACC.stepsAboveExport],
    energyAboveExportCapKwh: acc[ACC.aboveExport] * dt,
    stepsShed: acc[ACC.stepsShed],
    stepsBatteryLimited: acc[ACC.stepsBatteryLimited],
    stepsShedLimited: acc[ACC.stepsShedLimited],
    socEndKwh,
  };
}

import type { ResolvedHub } from '../model/resolved.js';
import type { BalanceCheck } from './balance.js';
import type { ShiftLedger } from './shifting.js';

/** Sums and extremes of one run (energies in kWh, powers in kW), gathered while the physics runs. */
export interface RunSummary extends BalanceCheck {
  peakImportKw: number;
  peakExportKw: number;
  importKwh: number;
  exportKwh: number;
  shedKwh: number;
  /** Shed from loads that recover (part of shedKwh): owed back. */
  shiftedKwh: number;
  /** Shed from loads that do not recover (shedKwh - shiftedKwh): lost. */
  unservedShedKwh: number;
  /** Shifted load served again below the level, before its deadline. */
  recoveredKwh: number;
  /** Shifted load served at its deadline regardless of the cap. */
  reboundKwh: number;
  /** Shifted load still owed at the end of the axis. */
  owedAtEndKwh: number;
  stepsRebound: number;
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
  demand: 0,
  generation: 1,
  selfLoss: 2,
  peakImport: 3,
  peakExport: 4,
  imported: 5,
  exported: 6,
  shed: 7,
  curtailed: 8,
  charged: 9,
  discharged: 10,
  stepsAboveImport: 11,
  aboveImport: 12,
  stepsAboveExport: 13,
  aboveExport: 14,
  stepsShed: 15,
  stepsBatteryLimited: 16,
  stepsShedLimited: 17,
  shifted: 18,
  lost: 19,
  recovered: 20,
  rebound: 21,
  stepsRebound: 22,
  size: 23,
} as const;

/**
 * The run's summary and its energy-balance check from the accumulated sums:
 *
 *   (demand - shed + recovered + rebound) + charge + export + curtailed = generation + discharge + import
 *
 * (recovered and rebound: shifted load served again, see shifting.ts), the ledger of shifted load,
 * whose owed energy at the end is the ledger's own state, not a sum:
 *
 *   shifted = recovered + rebound + owed at the end
 *
 * over the whole run, and the battery's own balance, which closes over conversion and
 * self-discharge losses:
 *
 *   soc_end - soc_start = (charged x eta_c - discharged / eta_d) dt - sum(soc_{t-1}) (1 - keep)
 *
 * Both sides are sums the physics kept separately (import and export from the grid exchange,
 * charge and discharge from the battery power, the state of charge from its own recursion with
 * its clamps), so a step where they disagree leaves a residual; above 1e-6 relative it is a bug.
 * Every term of the balance is linear, so summing the terms equals summing per-step residuals.
 */
export function finishSummary(hub: ResolvedHub, acc: Float64Array, socEndKwh: number, ledger: ShiftLedger | null): RunSummary {
  const dt = hub.axis.stepHours;
  const b = hub.battery;
  const keep = Math.pow(1 - b.selfDischargePerHour, dt);
  const stored = acc[ACC.charged] * b.chargeEfficiency - acc[ACC.discharged] / b.dischargeEfficiency;
  const batteryResidualKwh = socEndKwh - b.socInitialKwh - stored * dt + acc[ACC.selfLoss] * (1 - keep);
  let served = acc[ACC.demand] - acc[ACC.shed];
  if (ledger !== null) served += acc[ACC.recovered] + acc[ACC.rebound];
  const left = served + acc[ACC.charged] + acc[ACC.exported] + acc[ACC.curtailed];
  const right = acc[ACC.generation] + acc[ACC.discharged] + acc[ACC.imported];
  // The energy that flowed, each flow counted once (served load is negative for a member that feeds in
  // behind its meter, and then the two sides can both be near 0 while energy flows).
  const scale = Math.abs(served) + acc[ACC.charged] + acc[ACC.exported] + acc[ACC.curtailed] + right;
  const owedKw = ledger === null ? 0 : ledger.owedKw();
  const shiftResidual = acc[ACC.shifted] - acc[ACC.recovered] - acc[ACC.rebound] - owedKw;
  return {
    energyResidualKwh: (left - right) * dt,
    energyResidualRelative: scale > 0 ? Math.abs(left - right) / scale : 0,
    batteryResidualKwh,
    batteryResidualRelative: Math.abs(batteryResidualKwh) / (b.capacityKwh + (acc[ACC.charged] + acc[ACC.discharged]) * dt + 1e-9),
    shiftResidualKwh: shiftResidual * dt,
    shiftResidualRelative: acc[ACC.shifted] > 0 ? Math.abs(shiftResidual) / acc[ACC.shifted] : 0,
    peakImportKw: acc[ACC.peakImport],
    peakExportKw: acc[ACC.peakExport],
    importKwh: acc[ACC.imported] * dt,
    exportKwh: acc[ACC.exported] * dt,
    shedKwh: acc[ACC.shed] * dt,
    shiftedKwh: acc[ACC.shifted] * dt,
    unservedShedKwh: (ledger === null ? acc[ACC.shed] : acc[ACC.lost]) * dt,
    recoveredKwh: acc[ACC.recovered] * dt,
    reboundKwh: acc[ACC.rebound] * dt,
    owedAtEndKwh: owedKw * dt,
    stepsRebound: acc[ACC.stepsRebound],
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

import type { ResolvedHub } from '../model/resolved.js';
import type { BalanceCheck } from './balance.js';
import { FLAG } from './flags.js';
import type { Recorder } from './recorder.js';

/** Sums and extremes of one run (energies in kWh, powers in kW), gathered in one pass. */
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
 * One pass over the recorded columns that both checks the energy balance and sums what the metrics
 * need. The balance is recomputed from the recorded columns, not taken from the physics:
 *
 *   (demand - shed) + charge + export + curtailed = generation + discharge + import
 *
 * and the battery's own balance closes over conversion and self-discharge losses:
 *
 *   soc_end - soc_start = sum(charge x eta_c - discharge / eta_d) dt - sum(soc_{t-1} (1 - keep))
 */
export function summarize(hub: ResolvedHub, rec: Recorder): RunSummary {
  const acc = new Float64Array(ACC_SIZE);
  accumulate(hub, rec, acc);
  const dt = hub.axis.stepHours;
  const b = hub.battery;
  const keep = Math.pow(1 - b.selfDischargePerHour, dt);
  const socEndKwh = rec.steps > 0 ? rec.socKwh[rec.steps - 1] : b.socInitialKwh;
  const batteryResidualKwh = socEndKwh - b.socInitialKwh - acc[STORED] * dt + acc[SELF_LOSS] * (1 - keep);
  return {
    energyResidualKwh: acc[RESIDUAL] * dt,
    energyResidualRelative: acc[SCALE] > 0 ? Math.abs(acc[RESIDUAL]) / acc[SCALE] : 0,
    batteryResidualKwh,
    batteryResidualRelative: Math.abs(batteryResidualKwh) / (b.capacityKwh + (acc[CHARGED] + acc[DISCHARGED]) * dt + 1e-9),
    peakImportKw: acc[PEAK_IMPORT],
    peakExportKw: acc[PEAK_EXPORT],
    importKwh: acc[IMPORTED] * dt,
    exportKwh: acc[EXPORTED] * dt,
    shedKwh: acc[SHED] * dt,
    curtailedKwh: acc[CURTAILED] * dt,
    chargeKwh: acc[CHARGED] * dt,
    dischargeKwh: acc[DISCHARGED] * dt,
    stepsAboveImportCap: acc[STEPS_ABOVE_IMPORT],
    energyAboveImportCapKwh: acc[ABOVE_IMPORT] * dt,
    stepsAboveExportCap: acc[STEPS_ABOVE_EXPORT],
    energyAboveExportCapKwh: acc[ABOVE_EXPORT] * dt,
    stepsShed: acc[STEPS_SHED],
    stepsBatteryLimited: acc[STEPS_BATTERY_LIMITED],
    stepsShedLimited: acc[STEPS_SHED_LIMITED],
    socEndKwh,
  };
}

// Slots of the accumulator that the loop fills (sums in kW x steps; the caller multiplies by dt).
const [RESIDUAL, SCALE, STORED, SELF_LOSS, PEAK_IMPORT, PEAK_EXPORT, IMPORTED, EXPORTED, SHED, CURTAILED, CHARGED, DISCHARGED] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const [STEPS_ABOVE_IMPORT, ABOVE_IMPORT, STEPS_ABOVE_EXPORT, ABOVE_EXPORT, STEPS_SHED, STEPS_BATTERY_LIMITED, STEPS_SHED_LIMITED] = [12, 13, 14, 15, 16, 17, 18];
const ACC_SIZE = 19;
const { importAboveCap: IMPORT_ABOVE_CAP, exportAboveCap: EXPORT_ABOVE_CAP, batteryLimited: BATTERY_LIMITED, shedLimited: SHED_LIMITED } = FLAG;

/**
 * The loop of summarize. Nothing follows the loop but the stores into acc: V8 optimises a hot loop on
 * the stack without feedback for the code after it, and a branch there deoptimised every run.
 */
function accumulate(hub: ResolvedHub, rec: Recorder, acc: Float64Array): void {
  const b = hub.battery;
  const { demandKw, generationKw, importCapKw, exportCapKw } = hub;
  const { gridKw, batteryKw, socKwh, shedKw, curtailedKw, flags } = rec;
  const etaC = b.chargeEfficiency;
  const etaD = b.dischargeEfficiency;
  const n = rec.steps;
  let residual = 0;
  let scale = 0;
  let stored = 0;
  let selfLoss = 0;
  let prevSoc = b.socInitialKwh;
  let peakImport = 0;
  let peakExport = 0;
  let imported = 0;
  let exported = 0;
  let shed = 0;
  let curtailed = 0;
  let charged = 0;
  let discharged = 0;
  let stepsAboveImportCap = 0;
  let aboveImport = 0;
  let stepsAboveExportCap = 0;
  let aboveExport = 0;
  let stepsShed = 0;
  let stepsBatteryLimited = 0;
  let stepsShedLimited = 0;
  for (let t = 0; t < n; t++) {
    const p = batteryKw[t];
    const charge = p > 0 ? p : 0;
    const discharge = p < 0 ? -p : 0;
    const g = gridKw[t];
    const imp = g > 0 ? g : 0;
    const exp = g < 0 ? -g : 0;
    const s = shedKw[t];
    const c = curtailedKw[t];
    const left = demandKw[t] - s + charge + exp + c;
    const right = generationKw[t] + discharge + imp;
    residual += left - right;
    scale += (left < 0 ? -left : left) + right;
    stored += charge * etaC - discharge / etaD;
    selfLoss += prevSoc;
    prevSoc = socKwh[t];
    peakImport = imp > peakImport ? imp : peakImport;
    peakExport = exp > peakExport ? exp : peakExport;
    imported += imp;
    exported += exp;
    charged += charge;
    discharged += discharge;
    curtailed += c;
    shed += s;
    stepsShed += s > 0 ? 1 : 0;
    const f = flags[t];
    if (f !== 0) {
      if (f & IMPORT_ABOVE_CAP) {
        stepsAboveImportCap++;
        aboveImport += g - importCapKw[t];
      }
      if (f & EXPORT_ABOVE_CAP) {
        stepsAboveExportCap++;
        aboveExport += -g - exportCapKw[t];
      }
      if (f & BATTERY_LIMITED) stepsBatteryLimited++;
      if (f & SHED_LIMITED) stepsShedLimited++;
    }
  }
  acc[RESIDUAL] = residual;
  acc[SCALE] = scale;
  acc[STORED] = stored;
  acc[SELF_LOSS] = selfLoss;
  acc[PEAK_IMPORT] = peakImport;
  acc[PEAK_EXPORT] = peakExport;
  acc[IMPORTED] = imported;
  acc[EXPORTED] = exported;
  acc[SHED] = shed;
  acc[CURTAILED] = curtailed;
  acc[CHARGED] = charged;
  acc[DISCHARGED] = discharged;
  acc[STEPS_ABOVE_IMPORT] = stepsAboveImportCap;
  acc[ABOVE_IMPORT] = aboveImport;
  acc[STEPS_ABOVE_EXPORT] = stepsAboveExportCap;
  acc[ABOVE_EXPORT] = aboveExport;
  acc[STEPS_SHED] = stepsShed;
  acc[STEPS_BATTERY_LIMITED] = stepsBatteryLimited;
  acc[STEPS_SHED_LIMITED] = stepsShedLimited;
}

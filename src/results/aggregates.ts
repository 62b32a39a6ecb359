import { FLAG } from '../engine/flags.js';
import type { RunRecord } from '../engine/simulate.js';
import type { ResolvedHub } from '../model/resolved.js';

/** Sums and extremes of one run, gathered in one pass over its columns. Energies in kWh. */
export interface Aggregates {
  readonly hub: ResolvedHub;
  readonly run: RunRecord;
  stepHours: number;
  hours: number;
  peakImportKw: number;
  peakExportKw: number;
  coincidentPeakKw: number;
  sumOfMemberPeaksKw: number;
  memberContractedKw: number;
  importCapKw: number;
  exportCapKw: number;
  importKwh: number;
  exportKwh: number;
  demandKwh: number;
  generationKwh: number;
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
  socStartKwh: number;
  socEndKwh: number;
}

export function aggregate(hub: ResolvedHub, run: RunRecord): Aggregates {
  const rec = run.recorder;
  const dt = hub.axis.stepHours;
  const a: Aggregates = {
    hub,
    run,
    stepHours: dt,
    hours: rec.steps * dt,
    peakImportKw: 0,
    peakExportKw: 0,
    coincidentPeakKw: 0,
    sumOfMemberPeaksKw: 0,
    memberContractedKw: 0,
    importCapKw: Number.NEGATIVE_INFINITY,
    exportCapKw: Number.NEGATIVE_INFINITY,
    importKwh: 0,
    exportKwh: 0,
    demandKwh: 0,
    generationKwh: 0,
    shedKwh: 0,
    curtailedKwh: 0,
    chargeKwh: 0,
    dischargeKwh: 0,
    stepsAboveImportCap: 0,
    energyAboveImportCapKwh: 0,
    stepsAboveExportCap: 0,
    energyAboveExportCapKwh: 0,
    stepsShed: 0,
    stepsBatteryLimited: 0,
    stepsShedLimited: 0,
    socStartKwh: hub.battery.socInitialKwh,
    socEndKwh: rec.steps > 0 ? rec.socKwh[rec.steps - 1] : hub.battery.socInitialKwh,
  };
  for (let t = 0; t < rec.steps; t++) {
    const g = rec.gridKw[t];
    const flags = rec.flags[t];
    const uncontrolled = hub.demandKw[t] - hub.generationKw[t];
    if (uncontrolled > a.coincidentPeakKw) a.coincidentPeakKw = uncontrolled;
    if (hub.importCapKw[t] > a.importCapKw) a.importCapKw = hub.importCapKw[t];
    if (hub.exportCapKw[t] > a.exportCapKw) a.exportCapKw = hub.exportCapKw[t];
    if (g > 0) {
      a.importKwh += g * dt;
      if (g > a.peakImportKw) a.peakImportKw = g;
    } else {
      a.exportKwh -= g * dt;
      if (-g > a.peakExportKw) a.peakExportKw = -g;
    }
    if (flags & FLAG.importAboveCap) {
      a.stepsAboveImportCap++;
      a.energyAboveImportCapKwh += (g - hub.importCapKw[t]) * dt;
    }
    if (flags & FLAG.exportAboveCap) {
      a.stepsAboveExportCap++;
      a.energyAboveExportCapKwh += (-g - hub.exportCapKw[t]) * dt;
    }
    if (flags & FLAG.batteryLimited) a.stepsBatteryLimited++;
    if (flags & FLAG.shedLimited) a.stepsShedLimited++;
    a.demandKwh += hub.demandKw[t] * dt;
    a.generationKwh += hub.generationKw[t] * dt;
    if (rec.shedKw[t] > 0) {
      a.stepsShed++;
      a.shedKwh += rec.shedKw[t] * dt;
    }
    a.curtailedKwh += rec.curtailedKw[t] * dt;
    const p = rec.batteryKw[t];
    if (p > 0) a.chargeKwh += p * dt;
    else a.dischargeKwh -= p * dt;
  }
  for (const m of hub.members) {
    let peak = 0;
    for (let t = 0; t < rec.steps; t++) if (m.demandKw[t] > peak) peak = m.demandKw[t];
    a.sumOfMemberPeaksKw += peak;
    a.memberContractedKw += m.ownConnectionKw;
  }
  return a;
}

import type { ResolvedHub } from '../model/resolved.js';
import { batteryStep, clipBatteryKw, nextSocKwh, type BatteryStep } from './battery.js';
import { FLAG } from './flags.js';
import type { Recorder } from './recorder.js';
import type { Setpoints } from './setpoints.js';
import { ShedBudget } from './shedding.js';
import { ACC } from './summary.js';

const TOLERANCE_KW = 1e-6;
const { importAboveCap: IMPORT_ABOVE_CAP, exportAboveCap: EXPORT_ABOVE_CAP, batteryLimited: BATTERY_LIMITED, shedLimited: SHED_LIMITED, curtailLimited: CURTAIL_LIMITED } = FLAG;

/**
 * Applies physics to a strategy's setpoints, step by step: the battery within its power and energy
 * limits, shedding within the flexible loads and their daily budgets, curtailment within the
 * generation. Then the grid exchange is what balances the hub:
 *
 *   grid = (demand - shed) - (generation - curtailed) + battery
 *
 * Caps are contracts, not physics: exceeding them is recorded as a flag, not prevented. The same
 * loop adds up the run's sums and energy balance (see summary.ts) and, when a recorder is given,
 * records every column.
 */
export class Physics {
  socKwh: number;
  readonly acc = new Float64Array(ACC.size);
  private readonly step: BatteryStep;
  private readonly budget: ShedBudget;

  constructor(private readonly hub: ResolvedHub) {
    this.socKwh = hub.battery.socInitialKwh;
    this.step = batteryStep(hub.battery, hub.axis.stepHours);
    this.budget = new ShedBudget(hub.flexible, hub.dayIndex);
  }

  apply(from: number, to: number, sp: Setpoints, rec: Recorder | null): void {
    this.socKwh = applySteps(this.hub, this.budget, this.step, this.socKwh, from, to, sp, rec, this.acc);
  }
}

/**
 * The physics loop over [from, to); returns the state of charge at the end. Nothing but stores into
 * acc follows the loop: V8 optimises a hot loop on the stack (OSR) without feedback for the code
 * after it, and a property store there deoptimised every run (measured: 4x slower).
 */
function applySteps(
  hub: ResolvedHub,
  budget: ShedBudget,
  step: BatteryStep,
  socStart: number,
  from: number,
  to: number,
  sp: Setpoints,
  rec: Recorder | null,
  acc: Float64Array,
): number {
  const { demandKw, generationKw, importCapKw, exportCapKw } = hub;
  const { batteryKw: wantBattery, dischargeAboveKw: dischargeAbove, chargeBelowKw: chargeBelow, shedAboveKw: shedAbove, curtailAboveKw: curtailAbove } = sp;
  const recording = rec !== null;
  let soc = socStart;
  let demandSum = acc[ACC.demand];
  let generationSum = acc[ACC.generation];
  let selfLoss = acc[ACC.selfLoss];
  let peakImport = acc[ACC.peakImport];
  let peakExport = acc[ACC.peakExport];
  let imported = acc[ACC.imported];
  let exported = acc[ACC.exported];
  let shedSum = acc[ACC.shed];
  let curtailedSum = acc[ACC.curtailed];
  let charged = acc[ACC.charged];
  let discharged = acc[ACC.discharged];
  let stepsAboveImport = acc[ACC.stepsAboveImport];
  let aboveImport = acc[ACC.aboveImport];
  let stepsAboveExport = acc[ACC.stepsAboveExport];
  let aboveExport = acc[ACC.aboveExport];
  let stepsShed = acc[ACC.stepsShed];
  let stepsBatteryLimited = acc[ACC.stepsBatteryLimited];
  let stepsShedLimited = acc[ACC.stepsShedLimited];
  for (let t = from; t < to; t++) {
    let flags = 0;
    const demand = demandKw[t];
    const gen = generationKw[t];

    // Battery: the explicit request, moved by the grid levels its controller holds.
    let want = wantBattery[t];
    const before = demand - gen + want;
    const above = dischargeAbove[t];
    const below = chargeBelow[t];
    if (before > above) want -= before - above;
    else if (before < below) want += below - before;
    const p = clipBatteryKw(step, soc, want);
    if (p - want > TOLERANCE_KW || want - p > TOLERANCE_KW) flags |= BATTERY_LIMITED;
    selfLoss += soc;
    soc = nextSocKwh(step, soc, p);

    // Congestion management: shed above one import level, curtail above one export level.
    const withBattery = demand - gen + p;
    const wantShed = withBattery - shedAbove[t];
    const shed = wantShed > 0 ? budget.shed(t, wantShed) : 0;
    if (wantShed - shed > TOLERANCE_KW) flags |= SHED_LIMITED;
    const wantCurtail = -withBattery - curtailAbove[t];
    const curtailed = wantCurtail <= 0 ? 0 : wantCurtail < gen ? wantCurtail : gen;
    if (wantCurtail - curtailed > TOLERANCE_KW) flags |= CURTAIL_LIMITED;

    const grid = demand - shed - (gen - curtailed) + p;
    const imp = grid > 0 ? grid : 0;
    const exp = grid < 0 ? -grid : 0;
    const charge = p > 0 ? p : 0;
    const discharge = p < 0 ? -p : 0;
    if (grid > importCapKw[t] + TOLERANCE_KW) {
      flags |= IMPORT_ABOVE_CAP;
      stepsAboveImport++;
      aboveImport += grid - importCapKw[t];
    }
    if (exp > exportCapKw[t] + TOLERANCE_KW) {
      flags |= EXPORT_ABOVE_CAP;
      stepsAboveExport++;
      aboveExport += exp - exportCapKw[t];
    }

    // The run's sums, from the quantities just decided; finishSummary closes the energy balance
    // over them (summing per-step residuals here instead made the loop twice as slow).
    demandSum += demand;
    generationSum += gen;
    peakImport = imp > peakImport ? imp : peakImport;
    peakExport = exp > peakExport ? exp : peakExport;
    imported += imp;
    exported += exp;
    charged += charge;
    discharged += discharge;
    curtailedSum += curtailed;
    shedSum += shed;
    stepsShed += shed > 0 ? 1 : 0;
    stepsBatteryLimited += flags & BATTERY_LIMITED ? 1 : 0;
    stepsShedLimited += flags & SHED_LIMITED ? 1 : 0;

    if (recording) {
      rec.gridKw[t] = grid;
      rec.batteryKw[t] = p;
      rec.socKwh[t] = soc;
      rec.shedKw[t] = shed;
      rec.curtailedKw[t] = curtailed;
      rec.flags[t] = flags;
    }
  }
  acc[ACC.demand] = demandSum;
  acc[ACC.generation] = generationSum;
  acc[ACC.selfLoss] = selfLoss;
  acc[ACC.peakImport] = peakImport;
  acc[ACC.peakExport] = peakExport;
  acc[ACC.imported] = imported;
  acc[ACC.exported] = exported;
  acc[ACC.shed] = shedSum;
  acc[ACC.curtailed] = curtailedSum;
  acc[ACC.charged] = charged;
  acc[ACC.discharged] = discharged;
  acc[ACC.stepsAboveImport] = stepsAboveImport;
  acc[ACC.aboveImport] = aboveImport;
  acc[ACC.stepsAboveExport] = stepsAboveExport;
  acc[ACC.aboveExport] = aboveExport;
  acc[ACC.stepsShed] = stepsShed;
  acc[ACC.stepsBatteryLimited] = stepsBatteryLimited;
  acc[ACC.stepsShedLimited] = stepsShedLimited;
  return soc;
}

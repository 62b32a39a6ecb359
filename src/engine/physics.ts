import type { ResolvedHub } from '../model/resolved.js';
import { batteryStep, clipChargeKw, clipDischargeKw, clipKw, FACTOR, socAfterChargeKwh, socAfterDischargeKwh, socAfterKwh } from './battery.js';
import { FLAG } from './flags.js';
import type { HeldLevels } from './planner.js';
import type { Recorder } from './recorder.js';
import { CONTROL, type Setpoints } from './setpoints.js';
import { ShedBudget } from './shedding.js';
import { ShiftLedger } from './shifting.js';
import { ACC } from './summary.js';
import { TOLERANCE_KW } from './tolerance.js';

const {
  importAboveCap: IMPORT_ABOVE_CAP,
  exportAboveCap: EXPORT_ABOVE_CAP,
  batteryLimited: BATTERY_LIMITED,
  shedLimited: SHED_LIMITED,
  curtailLimited: CURTAIL_LIMITED,
  rebound: REBOUND,
} = FLAG;

/**
 * Applies physics to a strategy's setpoints, step by step: the battery within its power and energy
 * limits, shedding within the flexible loads and their daily budgets, curtailment within the
 * generation. Then the grid exchange is what balances the hub:
 *
 *   grid = (demand - shed + recovered + rebound) - (generation - curtailed) + battery
 *
 * where recovered and rebound are shed load that a load with recoverWithinHours takes back in later
 * steps (shifting.ts). Caps are contracts, not physics: exceeding them is recorded as a flag, not
 * prevented. The same passes add up the run's sums and energy balance (see summary.ts) and, when a
 * recorder is given, record every column.
 */
export class Physics {
  /**
   * The state of charge (kWh) in a one-slot Float64Array, which the loops read and write, so that it
   * is always held as a double (docs/performance.md, "Code shapes").
   */
  private readonly soc = new Float64Array(1);
  readonly acc = new Float64Array(ACC.size);
  /** The battery's step factors (BatteryStep.factors). */
  private readonly factors: Float64Array;
  private readonly budget: ShedBudget;
  /** What the loads that recover still owe; null when no load recovers (shed energy is lost). */
  readonly ledger: ShiftLedger | null;
  private readonly columns: Columns;

  /**
   * @param batteryKw in a run that records nothing, the column the battery pass hands the battery's
   * power per step to the grid pass in (a batch run reuses one from run to run); made on first use
   * when not given.
   */
  constructor(
    hub: ResolvedHub,
    private batteryKw: Float64Array | null = null,
  ) {
    // Hubs differ in shape (a contract, a flex market, the columns of a sweep draw); the loops read
    // the columns from an object of one shape, so that they stay compiled for every hub.
    this.columns = { steps: hub.axis.steps, demandKw: hub.demandKw, generationKw: hub.generationKw, importCapKw: hub.importCapKw, exportCapKw: hub.exportCapKw };
    this.soc[0] = hub.battery.socInitialKwh;
    this.factors = batteryStep(hub.battery, hub.axis.stepHours).factors;
    this.ledger = ShiftLedger.of(hub.flexible, hub.axis.steps, this.acc);
    this.budget = new ShedBudget(hub.flexible, hub.dayIndex, this.ledger);
  }

  /** The state of charge now (kWh). */
  get socKwh(): number {
    return this.soc[0];
  }

  /**
   * Steps [from, to) in at most two passes: the battery (the state-of-charge chain), then the grid
   * exchange with shedding and curtailment. Each pass runs only the physics of the controls in use:
   * an idle battery costs no pass, a window without shedding or curtailment levels takes the lean
   * grid loop, and in a batch run a battery that only holds a level is one fused pass (with the
   * shedding and curtailment levels or without). Every path decides the same as the general one, to
   * the bit. Without a recorder, gridKw and curtailedKw (if given) receive the grid exchange and the
   * generation curtailed in each step (kW; zero where nothing curtails). A hub
   * whose loads recover shed energy takes the general passes whenever it sheds or owes.
   */
  apply(from: number, to: number, sp: Setpoints, rec: Recorder | null, gridKw: Float64Array | null = null, curtailedKw: Float64Array | null = null): void {
    const ledger = this.ledger;
    const battery = sp.inUse & (CONTROL.batteryKw | CONTROL.holdKw | CONTROL.dischargeAboveKw | CONTROL.chargeBelowKw);
    const managed = (sp.inUse & (CONTROL.shedAboveKw | CONTROL.curtailAboveKw)) !== 0 || (ledger !== null && ledger.owing > 0);
    const shedAbove = managed ? sp.read('shedAboveKw') : null;
    const curtailAbove = managed ? sp.read('curtailAboveKw') : null;
    // The congestion guard's levels are the caps themselves (its controls follow the cap columns).
    // Caps are never negative, so a step can then shed only when it imports and curtail only when it
    // exports: the loops read the cap on the step's own side, not two level columns (same decisions).
    // Recovery reads the import cap in export steps too, so a hub whose loads recover reads both.
    const capLevels = ledger === null && shedAbove === this.columns.importCapKw && curtailAbove === this.columns.exportCapKw;
    const band = battery === (CONTROL.dischargeAboveKw | CONTROL.chargeBelowKw);
    if ((battery === CONTROL.holdKw || band) && rec === null && (ledger === null || !managed)) {
      // The commonest rules (peak shaving, self-consumption), in a batch run: one pass that records
      // nothing, with congestion management or without. A recorded run takes the two passes below.
      const above = band ? sp.read('dischargeAboveKw') : sp.holdKw;
      const below = band ? sp.read('chargeBelowKw') : sp.holdKw;
      if (shedAbove === null || curtailAbove === null) {
        holdGridSteps(this.columns, this.factors, this.soc, from, to, above, below, -1, gridKw, this.acc);
        curtailedKw?.fill(0, from, to);
      } else holdManagedGridSteps(this.columns, this.factors, this.soc, this.budget, from, to, above, below, -1, shedAbove, curtailAbove, capLevels, gridKw, curtailedKw, this.acc);
      return;
    }
    // The battery's power: the recorder's column, or in a batch run the scratch column the battery
    // pass hands the grid pass; an idle battery's is no column there (null reads as zero).
    let powerKw = rec !== null ? rec.batteryKw : null;
    if (battery === 0) idleBattery(this.factors, this.soc, from, to, rec, this.acc);
    else {
      powerKw ??= this.batteryKw?.length === this.columns.steps ? this.batteryKw : (this.batteryKw = new Float64Array(this.columns.steps));
      const hold = (battery & CONTROL.holdKw) !== 0;
      const above = hold ? sp.holdKw : sp.read('dischargeAboveKw');
      const below = hold ? sp.holdKw : sp.read('chargeBelowKw');
      batterySteps(this.columns, this.factors, this.soc, from, to, sp.read('batteryKw'), above, below, powerKw, rec, this.acc);
    }
    if (shedAbove === null || curtailAbove === null) {
      gridSteps(this.columns, from, to, powerKw, rec !== null ? rec.gridKw : gridKw, this.acc);
      if (rec !== null) recordGridSteps(this.columns, from, to, rec);
      else curtailedKw?.fill(0, from, to);
    } else managedGridSteps(this.columns, this.budget, ledger, from, to, powerKw, shedAbove, curtailAbove, capLevels, rec, gridKw, curtailedKw, this.acc);
  }

  /**
   * The whole axis of a batch run in the planner's windows (`starts`), each planned as the pass
   * reaches it: `held` sets a window's levels, in the columns `above` and `below` or as one pair, from
   * the highest import the pass measured in the window before, and the held-level pass steps it. The
   * same decisions and sums as planning each window and applying it (apply), to the bit. False, with
   * nothing done, for a guard on a hub whose loads recover shed energy (the general passes).
   */
  holdWindows(hub: ResolvedHub, starts: Int32Array, held: HeldLevels, above: Float64Array, below: Float64Array, gridKw: Float64Array | null, curtailedKw: Float64Array | null = null): boolean {
    if (held.guardsCaps && this.ledger !== null) return false;
    const { columns: cols, factors, soc, budget, acc } = this;
    const n = cols.steps;
    // A window's one pair of levels, and each as a column of one step that the pass reads at step
    // t & 0 (the columns themselves at t & -1).
    const level = new Float64Array(2);
    const levelAbove = level.subarray(0, 1);
    const levelBelow = level.subarray(1, 2);
    let peakRun = acc[ACC.peakImport];
    let lastPeak = 0;
    for (let w = 0, from = 0; from < n; w++) {
      const to = w + 1 < starts.length ? Math.min(n, starts[w + 1]) : n;
      const uniform = held.levels(hub, from, to, lastPeak, above, below, level);
      const aboveAt = uniform ? levelAbove : above;
      const belowAt = uniform ? levelBelow : below;
      // The window's own highest import, from the pass's running peak (reset for the window).
      acc[ACC.peakImport] = 0;
      if (held.guardsCaps) holdManagedGridSteps(cols, factors, soc, budget, from, to, aboveAt, belowAt, uniform ? 0 : -1, cols.importCapKw, cols.exportCapKw, true, gridKw, curtailedKw, acc);
      else {
        holdGridSteps(cols, factors, soc, from, to, aboveAt, belowAt, uniform ? 0 : -1, gridKw, acc);
        curtailedKw?.fill(0, from, to);
      }
      lastPeak = acc[ACC.peakImport];
      if (lastPeak > peakRun) peakRun = lastPeak;
      from = to;
    }
    acc[ACC.peakImport] = peakRun;
    return true;
  }
}

/** The hub's columns the loops read. */
interface Columns {
  readonly steps: number;
  readonly demandKw: Float64Array;
  readonly generationKw: Float64Array;
  readonly importCapKw: Float64Array;
  readonly exportCapKw: Float64Array;
}

/*
 * The loops below keep their sums in locals and store them into acc after the loop, and nothing
 * but those stores follows a loop (docs/performance.md, "Code shapes"). A step is either import
 * (grid > 0) or export, and caps are never negative (the model rejects them), so each step checks
 * only the cap on its own side.
 */

/**
 * The battery idles: no power, the state of charge only self-discharges. Leaves the state at the
 * end in socCell; writes zero power when recording.
 */
function idleBattery(f: Float64Array, socCell: Float64Array, from: number, to: number, rec: Recorder | null, acc: Float64Array): void {
  if (rec !== null) {
    rec.batteryKw.fill(0, from, to);
    rec.flags.fill(0, from, to);
  }
  const keep = f[FACTOR.keep];
  let soc = socCell[0];
  let selfLoss = acc[ACC.selfLoss];
  if (keep === 1) {
    // Nothing is lost (the balance multiplies selfLoss by 1 - keep = 0): the state stays.
    if (rec !== null) rec.socKwh.fill(soc, from, to);
  } else {
    for (let t = from; t < to; t++) {
      selfLoss += soc;
      soc = soc * keep; // socAfterKwh(soc, 0, ...): no power, only the self-discharge
      if (rec !== null) rec.socKwh[t] = soc;
    }
  }
  acc[ACC.selfLoss] = selfLoss;
  socCell[0] = soc;
}

/**
 * The battery pass: the explicit request, moved by the grid levels its controller holds (measured
 * on demand - generation + request), clipped to the power and energy limits. Leaves the state of
 * charge at the end in socCell; writes the power of each step to powerKw and, when recording, the
 * state and the battery-limited flag.
 */
function batterySteps(
  cols: Columns,
  f: Float64Array,
  socCell: Float64Array,
  from: number,
  to: number,
  wantKw: Float64Array,
  dischargeAbove: Float64Array,
  chargeBelow: Float64Array,
  powerKw: Float64Array,
  rec: Recorder | null,
  acc: Float64Array,
): void {
  const { demandKw, generationKw } = cols;
  const keep = f[FACTOR.keep];
  const socMinKwh = f[FACTOR.socMinKwh];
  const socMaxKwh = f[FACTOR.socMaxKwh];
  const chargeKw = f[FACTOR.chargeKw];
  const dischargeKw = f[FACTOR.dischargeKw];
  const chargeGain = f[FACTOR.chargeGain];
  const chargeGainInverse = f[FACTOR.chargeGainInverse];
  const dischargeCost = f[FACTOR.dischargeCost];
  const dischargeCostInverse = f[FACTOR.dischargeCostInverse];
  let soc = socCell[0];
  let selfLoss = acc[ACC.selfLoss];
  let charged = acc[ACC.charged];
  let discharged = acc[ACC.discharged];
  let stepsLimited = acc[ACC.stepsBatteryLimited];
  for (let t = from; t < to; t++) {
    let want = wantKw[t];
    const before = demandKw[t] - generationKw[t] + want;
    const above = dischargeAbove[t];
    const below = chargeBelow[t];
    if (before > above) want -= before - above;
    else if (before < below) want += below - before;
    const p = clipKw(soc, want, keep, socMinKwh, socMaxKwh, chargeKw, dischargeKw, chargeGainInverse, dischargeCostInverse);
    const limited = p - want > TOLERANCE_KW || want - p > TOLERANCE_KW;
    selfLoss += soc;
    soc = socAfterKwh(soc, p, keep, socMinKwh, socMaxKwh, chargeGain, dischargeCost);
    powerKw[t] = p;
    charged += p > 0 ? p : 0;
    discharged += p < 0 ? -p : 0;
    stepsLimited += limited ? 1 : 0;
    if (rec !== null) {
      rec.socKwh[t] = soc;
      rec.flags[t] = limited ? BATTERY_LIMITED : 0;
    }
  }
  acc[ACC.selfLoss] = selfLoss;
  acc[ACC.charged] = charged;
  acc[ACC.discharged] = discharged;
  acc[ACC.stepsBatteryLimited] = stepsLimited;
  socCell[0] = soc;
}

/**
 * batterySteps and gridSteps in one pass, for a battery that only holds its levels (peak shaving,
 * self-consumption) with no shedding or curtailment: with x = demand - generation it discharges by
 * x - above where x > above and charges by below - x where x < below, within its limits (holdKw is
 * above = below = the level). The same decisions and sums as the two passes with no explicit
 * request, to the bit (0 - (x - y) and y - x round alike), with each step's columns read once. The
 * levels of step t are read at t & mask: mask -1 reads the columns, 0 a level held all window long
 * (columns of one step; Physics.holdWindows). For batch runs: it records nothing but
 * the grid exchange (gridOut, if given); the property tests compare it with the recorded two passes.
 */
function holdGridSteps(
  cols: Columns,
  f: Float64Array,
  socCell: Float64Array,
  from: number,
  to: number,
  aboveKw: Float64Array,
  belowKw: Float64Array,
  mask: number,
  gridOut: Float64Array | null,
  acc: Float64Array,
): void {
  const { demandKw, generationKw, importCapKw, exportCapKw } = cols;
  const keep = f[FACTOR.keep];
  const socMinKwh = f[FACTOR.socMinKwh];
  const socMaxKwh = f[FACTOR.socMaxKwh];
  const chargeKw = f[FACTOR.chargeKw];
  const dischargeKw = f[FACTOR.dischargeKw];
  const chargeGain = f[FACTOR.chargeGain];
  const chargeGainInverse = f[FACTOR.chargeGainInverse];
  const dischargeCost = f[FACTOR.dischargeCost];
  const dischargeCostInverse = f[FACTOR.dischargeCostInverse];
  let soc = socCell[0];
  let selfLoss = acc[ACC.selfLoss];
  let charged = acc[ACC.charged];
  let discharged = acc[ACC.discharged];
  let stepsLimited = acc[ACC.stepsBatteryLimited];
  let demandSum = acc[ACC.demand];
  let generationSum = acc[ACC.generation];
  let peakImport = acc[ACC.peakImport];
  let peakExport = acc[ACC.peakExport];
  let imported = acc[ACC.imported];
  let exported = acc[ACC.exported];
  let stepsAboveImport = acc[ACC.stepsAboveImport];
  let aboveImport = acc[ACC.aboveImport];
  let stepsAboveExport = acc[ACC.stepsAboveExport];
  let aboveExport = acc[ACC.aboveExport];
  for (let t = from; t < to; t++) {
    const demand = demandKw[t];
    const gen = generationKw[t];
    const x = demand - gen;
    const at = t & mask;
    const above = aboveKw[at];
    const below = belowKw[at];
    // Which way the battery goes is known from the level, so each side clips and steps on its own.
    const kept = soc * keep;
    selfLoss += soc;
    let p = 0;
    if (x > above) {
      const want = above - x;
      p = clipDischargeKw(kept, want, socMinKwh, dischargeKw, dischargeCostInverse);
      if (p - want > TOLERANCE_KW) stepsLimited++;
      discharged -= p;
      soc = p < 0 ? socAfterDischargeKwh(kept, p, socMinKwh, dischargeCost) : kept;
    } else if (x < below) {
      const want = below - x;
      p = clipChargeKw(kept, want, socMaxKwh, chargeKw, chargeGainInverse);
      if (want - p > TOLERANCE_KW) stepsLimited++;
      charged += p;
      soc = p > 0 ? socAfterChargeKwh(kept, p, socMaxKwh, chargeGain) : kept;
    } else soc = kept;
    const grid = demand - gen + p;
    if (grid > 0) {
      imported += grid;
      peakImport = grid > peakImport ? grid : peakImport;
      if (grid > importCapKw[t] + TOLERANCE_KW) {
        stepsAboveImport++;
        aboveImport += grid - importCapKw[t];
      }
    } else {
      const exp = -grid;
      exported += exp;
      peakExport = exp > peakExport ? exp : peakExport;
      if (exp > exportCapKw[t] + TOLERANCE_KW) {
        stepsAboveExport++;
        aboveExport += exp - exportCapKw[t];
      }
    }
    demandSum += demand;
    generationSum += gen;
    if (gridOut !== null) gridOut[t] = grid;
  }
  acc[ACC.selfLoss] = selfLoss;
  acc[ACC.charged] = charged;
  acc[ACC.discharged] = discharged;
  acc[ACC.stepsBatteryLimited] = stepsLimited;
  acc[ACC.demand] = demandSum;
  acc[ACC.generation] = generationSum;
  acc[ACC.peakImport] = peakImport;
  acc[ACC.peakExport] = peakExport;
  acc[ACC.imported] = imported;
  acc[ACC.exported] = exported;
  acc[ACC.stepsAboveImport] = stepsAboveImport;
  acc[ACC.aboveImport] = aboveImport;
  acc[ACC.stepsAboveExport] = stepsAboveExport;
  acc[ACC.aboveExport] = aboveExport;
  socCell[0] = soc;
}

/**
 * holdGridSteps with congestion management (peak shaving or self-consumption with a guard): the held
 * level (read at t & mask, as there), then shedding and curtailment as in managedGridSteps, in one
 * pass for batch runs. Steps that shed or curtail are rare: the held-level run stops before one
 * (heldStepsBeforeManaged), managedHeldSteps takes that step whole, and the run goes on after it
 * (docs/performance.md, "Code shapes"). It decides as the battery pass and managedGridSteps do, to
 * the bit; the property tests compare them.
 */
function holdManagedGridSteps(
  cols: Columns,
  f: Float64Array,
  socCell: Float64Array,
  budget: ShedBudget,
  from: number,
  to: number,
  aboveKw: Float64Array,
  belowKw: Float64Array,
  mask: number,
  shedAbove: Float64Array,
  curtailAbove: Float64Array,
  capLevels: boolean,
  gridOut: Float64Array | null,
  curtailedOut: Float64Array | null,
  acc: Float64Array,
): void {
  let t = from;
  while (t < to) {
    t = heldStepsBeforeManaged(cols, f, socCell, t, to, aboveKw, belowKw, mask, shedAbove, curtailAbove, capLevels, gridOut, curtailedOut, acc);
    if (t === to) return;
    managedHeldSteps(cols, f, socCell, budget, t, t + 1, aboveKw, belowKw, mask, shedAbove, curtailAbove, capLevels, gridOut, curtailedOut, acc);
    t++;
  }
}

/**
 * The steps of holdManagedGridSteps from `from` on that neither shed nor curtail: the held level's
 * battery step and the grid exchange, as managedHeldSteps takes them. Stops before the first step
 * that would shed or curtail, leaving it untouched (state of charge and sums as before it), and
 * returns it; returns `to` when there is none.
 */
function heldStepsBeforeManaged(
  cols: Columns,
  f: Float64Array,
  socCell: Float64Array,
  from: number,
  to: number,
  aboveKw: Float64Array,
  belowKw: Float64Array,
  mask: number,
  shedAbove: Float64Array,
  curtailAbove: Float64Array,
  capLevels: boolean,
  gridOut: Float64Array | null,
  curtailedOut: Float64Array | null,
  acc: Float64Array,
): number {
  const { demandKw, generationKw, importCapKw, exportCapKw } = cols;
  const keep = f[FACTOR.keep];
  const socMinKwh = f[FACTOR.socMinKwh];
  const socMaxKwh = f[FACTOR.socMaxKwh];
  const chargeKw = f[FACTOR.chargeKw];
  const dischargeKw = f[FACTOR.dischargeKw];
  const chargeGain = f[FACTOR.chargeGain];
  const chargeGainInverse = f[FACTOR.chargeGainInverse];
  const dischargeCost = f[FACTOR.dischargeCost];
  const dischargeCostInverse = f[FACTOR.dischargeCostInverse];
  let soc = socCell[0];
  let selfLoss = acc[ACC.selfLoss];
  let charged = acc[ACC.charged];
  let discharged = acc[ACC.discharged];
  let stepsLimited = acc[ACC.stepsBatteryLimited];
  let demandSum = acc[ACC.demand];
  let generationSum = acc[ACC.generation];
  let peakImport = acc[ACC.peakImport];
  let peakExport = acc[ACC.peakExport];
  let imported = acc[ACC.imported];
  let exported = acc[ACC.exported];
  let stepsAboveImport = acc[ACC.stepsAboveImport];
  let aboveImport = acc[ACC.aboveImport];
  let stepsAboveExport = acc[ACC.stepsAboveExport];
  let aboveExport = acc[ACC.aboveExport];
  let t = from;
  for (; t < to; t++) {
    const demand = demandKw[t];
    const gen = generationKw[t];
    const x = demand - gen;
    const at = t & mask;
    const above = aboveKw[at];
    const below = belowKw[at];
    // The battery's step, kept aside until the step is known not to shed or curtail.
    const kept = soc * keep;
    let p = 0;
    let next = kept;
    let side = 0;
    let limited = 0;
    if (x > above) {
      const want = above - x;
      p = clipDischargeKw(kept, want, socMinKwh, dischargeKw, dischargeCostInverse);
      limited = p - want > TOLERANCE_KW ? 1 : 0;
      side = -1;
      next = p < 0 ? socAfterDischargeKwh(kept, p, socMinKwh, dischargeCost) : kept;
    } else if (x < below) {
      const want = below - x;
      p = clipChargeKw(kept, want, socMaxKwh, chargeKw, chargeGainInverse);
      limited = want - p > TOLERANCE_KW ? 1 : 0;
      side = 1;
      next = p > 0 ? socAfterChargeKwh(kept, p, socMaxKwh, chargeGain) : kept;
    }
    const grid = demand - gen + p;
    let shedLevel = Number.POSITIVE_INFINITY;
    let curtailLevel = Number.POSITIVE_INFINITY;
    if (!capLevels) {
      shedLevel = shedAbove[t];
      curtailLevel = curtailAbove[t];
    } else if (grid > 0) shedLevel = importCapKw[t];
    else curtailLevel = exportCapKw[t];
    if (grid - shedLevel > 0 || -grid - curtailLevel > 0) break;
    selfLoss += soc;
    soc = next;
    stepsLimited += limited;
    if (side < 0) discharged -= p;
    else if (side > 0) charged += p;
    // With the caps as levels, a step that neither sheds nor curtails is within its cap already.
    if (grid > 0) {
      imported += grid;
      peakImport = grid > peakImport ? grid : peakImport;
      if (!capLevels && grid > importCapKw[t] + TOLERANCE_KW) {
        stepsAboveImport++;
        aboveImport += grid - importCapKw[t];
      }
    } else {
      const exp = -grid;
      exported += exp;
      peakExport = exp > peakExport ? exp : peakExport;
      if (!capLevels && exp > exportCapKw[t] + TOLERANCE_KW) {
        stepsAboveExport++;
        aboveExport += exp - exportCapKw[t];
      }
    }
    demandSum += demand;
    generationSum += gen;
    if (gridOut !== null) gridOut[t] = grid;
    if (curtailedOut !== null) curtailedOut[t] = 0;
  }
  acc[ACC.selfLoss] = selfLoss;
  acc[ACC.charged] = charged;
  acc[ACC.discharged] = discharged;
  acc[ACC.stepsBatteryLimited] = stepsLimited;
  acc[ACC.demand] = demandSum;
  acc[ACC.generation] = generationSum;
  acc[ACC.peakImport] = peakImport;
  acc[ACC.peakExport] = peakExport;
  acc[ACC.imported] = imported;
  acc[ACC.exported] = exported;
  acc[ACC.stepsAboveImport] = stepsAboveImport;
  acc[ACC.aboveImport] = aboveImport;
  acc[ACC.stepsAboveExport] = stepsAboveExport;
  acc[ACC.aboveExport] = aboveExport;
  socCell[0] = soc;
  return t;
}

/**
 * Steps [from, to) of holdManagedGridSteps with shedding and curtailment: the held level's battery
 * step, then what managedGridSteps' rule sheds and curtails of what the battery left (the pass that
 * takes the steps heldStepsBeforeManaged stops at).
 */
function managedHeldSteps(
  cols: Columns,
  f: Float64Array,
  socCell: Float64Array,
  budget: ShedBudget,
  from: number,
  to: number,
  aboveKw: Float64Array,
  belowKw: Float64Array,
  mask: number,
  shedAbove: Float64Array,
  curtailAbove: Float64Array,
  capLevels: boolean,
  gridOut: Float64Array | null,
  curtailedOut: Float64Array | null,
  acc: Float64Array,
): void {
  const { demandKw, generationKw, importCapKw, exportCapKw } = cols;
  const keep = f[FACTOR.keep];
  const socMinKwh = f[FACTOR.socMinKwh];
  const socMaxKwh = f[FACTOR.socMaxKwh];
  const chargeKw = f[FACTOR.chargeKw];
  const dischargeKw = f[FACTOR.dischargeKw];
  const chargeGain = f[FACTOR.chargeGain];
  const chargeGainInverse = f[FACTOR.chargeGainInverse];
  const dischargeCost = f[FACTOR.dischargeCost];
  const dischargeCostInverse = f[FACTOR.dischargeCostInverse];
  let soc = socCell[0];
  let selfLoss = acc[ACC.selfLoss];
  let charged = acc[ACC.charged];
  let discharged = acc[ACC.discharged];
  let stepsLimited = acc[ACC.stepsBatteryLimited];
  let demandSum = acc[ACC.demand];
  let generationSum = acc[ACC.generation];
  let peakImport = acc[ACC.peakImport];
  let peakExport = acc[ACC.peakExport];
  let imported = acc[ACC.imported];
  let exported = acc[ACC.exported];
  let stepsAboveImport = acc[ACC.stepsAboveImport];
  let aboveImport = acc[ACC.aboveImport];
  let stepsAboveExport = acc[ACC.stepsAboveExport];
  let aboveExport = acc[ACC.aboveExport];
  let shedSum = acc[ACC.shed];
  let curtailedSum = acc[ACC.curtailed];
  let stepsShed = acc[ACC.stepsShed];
  let stepsShedLimited = acc[ACC.stepsShedLimited];
  for (let t = from; t < to; t++) {
    const demand = demandKw[t];
    const gen = generationKw[t];
    const x = demand - gen;
    const at = t & mask;
    const above = aboveKw[at];
    const below = belowKw[at];
    // Which way the battery goes is known from the level, so each side clips and steps on its own.
    const kept = soc * keep;
    selfLoss += soc;
    let p = 0;
    if (x > above) {
      const want = above - x;
      p = clipDischargeKw(kept, want, socMinKwh, dischargeKw, dischargeCostInverse);
      if (p - want > TOLERANCE_KW) stepsLimited++;
      discharged -= p;
      soc = p < 0 ? socAfterDischargeKwh(kept, p, socMinKwh, dischargeCost) : kept;
    } else if (x < below) {
      const want = below - x;
      p = clipChargeKw(kept, want, socMaxKwh, chargeKw, chargeGainInverse);
      if (want - p > TOLERANCE_KW) stepsLimited++;
      charged += p;
      soc = p > 0 ? socAfterChargeKwh(kept, p, socMaxKwh, chargeGain) : kept;
    } else soc = kept;
    // Shedding and curtailment act on what the battery left: managedGridSteps' rule, in a branch of
    // their own (rare steps); without them the grid exchange is what the battery left, to the bit.
    let grid = demand - gen + p;
    let shedLevel = Number.POSITIVE_INFINITY;
    let curtailLevel = Number.POSITIVE_INFINITY;
    if (!capLevels) {
      shedLevel = shedAbove[t];
      curtailLevel = curtailAbove[t];
    } else if (grid > 0) shedLevel = importCapKw[t];
    else curtailLevel = exportCapKw[t];
    const wantShed = grid - shedLevel;
    const wantCurtail = -grid - curtailLevel;
    // With the caps as levels, a step that neither sheds nor curtails is within its cap already.
    let checkCap = !capLevels;
    let curtailed = 0;
    if (wantShed > 0 || wantCurtail > 0) {
      checkCap = true;
      let shed = 0;
      if (wantShed > 0) {
        shed = budget.shed(t, wantShed);
        shedSum += shed;
        stepsShed += shed > 0 ? 1 : 0;
        if (wantShed - shed > TOLERANCE_KW) stepsShedLimited++;
      }
      if (wantCurtail > 0) {
        curtailed = wantCurtail < gen ? wantCurtail : gen;
        curtailedSum += curtailed;
      }
      grid = demand - shed - (gen - curtailed) + p;
    }
    if (grid > 0) {
      imported += grid;
      peakImport = grid > peakImport ? grid : peakImport;
      if (checkCap && grid > importCapKw[t] + TOLERANCE_KW) {
        stepsAboveImport++;
        aboveImport += grid - importCapKw[t];
      }
    } else {
      const exp = -grid;
      exported += exp;
      peakExport = exp > peakExport ? exp : peakExport;
      if (checkCap && exp > exportCapKw[t] + TOLERANCE_KW) {
        stepsAboveExport++;
        aboveExport += exp - exportCapKw[t];
      }
    }
    demandSum += demand;
    generationSum += gen;
    if (gridOut !== null) gridOut[t] = grid;
    if (curtailedOut !== null) curtailedOut[t] = curtailed;
  }
  acc[ACC.selfLoss] = selfLoss;
  acc[ACC.charged] = charged;
  acc[ACC.discharged] = discharged;
  acc[ACC.stepsBatteryLimited] = stepsLimited;
  acc[ACC.demand] = demandSum;
  acc[ACC.generation] = generationSum;
  acc[ACC.peakImport] = peakImport;
  acc[ACC.peakExport] = peakExport;
  acc[ACC.imported] = imported;
  acc[ACC.exported] = exported;
  acc[ACC.stepsAboveImport] = stepsAboveImport;
  acc[ACC.aboveImport] = aboveImport;
  acc[ACC.stepsAboveExport] = stepsAboveExport;
  acc[ACC.aboveExport] = aboveExport;
  acc[ACC.shed] = shedSum;
  acc[ACC.curtailed] = curtailedSum;
  acc[ACC.stepsShed] = stepsShed;
  acc[ACC.stepsShedLimited] = stepsShedLimited;
  socCell[0] = soc;
}

/**
 * The grid pass without shedding or curtailment: grid = demand - generation + battery (powerKw;
 * null: the battery idles), written to gridOut if given. It records nothing else: recordGridSteps
 * records the cap flags after it, so a batch run that keeps only the sums makes this one pass
 * (docs/performance.md, "Code shapes").
 */
function gridSteps(cols: Columns, from: number, to: number, powerKw: Float64Array | null, gridOut: Float64Array | null, acc: Float64Array): void {
  const { demandKw, generationKw, importCapKw, exportCapKw } = cols;
  let demandSum = acc[ACC.demand];
  let generationSum = acc[ACC.generation];
  let peakImport = acc[ACC.peakImport];
  let peakExport = acc[ACC.peakExport];
  let imported = acc[ACC.imported];
  let exported = acc[ACC.exported];
  let stepsAboveImport = acc[ACC.stepsAboveImport];
  let aboveImport = acc[ACC.aboveImport];
  let stepsAboveExport = acc[ACC.stepsAboveExport];
  let aboveExport = acc[ACC.aboveExport];
  for (let t = from; t < to; t++) {
    const demand = demandKw[t];
    const gen = generationKw[t];
    const grid = demand - gen + (powerKw === null ? 0 : powerKw[t]);
    if (grid > 0) {
      imported += grid;
      peakImport = grid > peakImport ? grid : peakImport;
      if (grid > importCapKw[t] + TOLERANCE_KW) {
        stepsAboveImport++;
        aboveImport += grid - importCapKw[t];
      }
    } else {
      const exp = -grid;
      exported += exp;
      peakExport = exp > peakExport ? exp : peakExport;
      if (exp > exportCapKw[t] + TOLERANCE_KW) {
        stepsAboveExport++;
        aboveExport += exp - exportCapKw[t];
      }
    }
    demandSum += demand;
    generationSum += gen;
    if (gridOut !== null) gridOut[t] = grid;
  }
  acc[ACC.demand] = demandSum;
  acc[ACC.generation] = generationSum;
  acc[ACC.peakImport] = peakImport;
  acc[ACC.peakExport] = peakExport;
  acc[ACC.imported] = imported;
  acc[ACC.exported] = exported;
  acc[ACC.stepsAboveImport] = stepsAboveImport;
  acc[ACC.aboveImport] = aboveImport;
  acc[ACC.stepsAboveExport] = stepsAboveExport;
  acc[ACC.aboveExport] = aboveExport;
}

/**
 * What gridSteps leaves to the recording: no shedding or curtailment, and the cap flags of each
 * step, from the grid exchange it wrote, by the same tests as its sums.
 */
function recordGridSteps(cols: Columns, from: number, to: number, rec: Recorder): void {
  const { importCapKw, exportCapKw } = cols;
  const { gridKw, flags } = rec;
  rec.shedKw.fill(0, from, to);
  rec.curtailedKw.fill(0, from, to);
  rec.recoveredKw.fill(0, from, to);
  rec.reboundKw.fill(0, from, to);
  for (let t = from; t < to; t++) {
    const grid = gridKw[t];
    if (grid > 0) {
      if (grid > importCapKw[t] + TOLERANCE_KW) flags[t] |= IMPORT_ABOVE_CAP;
    } else if (-grid > exportCapKw[t] + TOLERANCE_KW) flags[t] |= EXPORT_ABOVE_CAP;
  }
}

/**
 * The grid pass with congestion management: shed above one import level (within the flexible
 * loads' daily budgets), curtail above one export level, both measured after the battery (powerKw;
 * null: the battery idles); then grid = (demand - shed) - (generation - curtailed) + battery.
 * With a ledger (loads that recover), owed load comes back: its rebound at the deadline counts in
 * what the controllers measure, and a step that sheds nothing recovers owed load up to the lower
 * of the shedding level and the import cap, before curtailment (shifting.ts).
 */
function managedGridSteps(
  cols: Columns,
  budget: ShedBudget,
  ledger: ShiftLedger | null,
  from: number,
  to: number,
  powerKw: Float64Array | null,
  shedAbove: Float64Array,
  curtailAbove: Float64Array,
  capLevels: boolean,
  rec: Recorder | null,
  gridOut: Float64Array | null,
  curtailedOut: Float64Array | null,
  acc: Float64Array,
): void {
  const { demandKw, generationKw, importCapKw, exportCapKw } = cols;
  let demandSum = acc[ACC.demand];
  let generationSum = acc[ACC.generation];
  let peakImport = acc[ACC.peakImport];
  let peakExport = acc[ACC.peakExport];
  let imported = acc[ACC.imported];
  let exported = acc[ACC.exported];
  let shedSum = acc[ACC.shed];
  let curtailedSum = acc[ACC.curtailed];
  let stepsAboveImport = acc[ACC.stepsAboveImport];
  let aboveImport = acc[ACC.aboveImport];
  let stepsAboveExport = acc[ACC.stepsAboveExport];
  let aboveExport = acc[ACC.aboveExport];
  let stepsShed = acc[ACC.stepsShed];
  let stepsShedLimited = acc[ACC.stepsShedLimited];
  for (let t = from; t < to; t++) {
    const demand = demandKw[t];
    const gen = generationKw[t];
    const p = powerKw === null ? 0 : powerKw[t];
    // What the controllers measure: the grid exchange after the battery, with owed load coming back.
    let measured = demand - gen + p;
    let flags = 0;
    let shed = 0;
    let curtailed = 0;
    let rebound = 0;
    let recovered = 0;
    if (ledger !== null && ledger.owing > 0) {
      rebound = ledger.rebound(t);
      measured += rebound;
      if (rebound > 0) flags = REBOUND;
    }
    // Shedding and curtailment are rare steps: their sums and counts are kept inside the branches.
    let shedLevel = Number.POSITIVE_INFINITY;
    let curtailLevel = Number.POSITIVE_INFINITY;
    if (!capLevels) {
      shedLevel = shedAbove[t];
      curtailLevel = curtailAbove[t];
    } else if (measured > 0) shedLevel = importCapKw[t];
    else curtailLevel = exportCapKw[t];
    const wantShed = measured - shedLevel;
    if (wantShed > 0) {
      shed = budget.shed(t, wantShed);
      shedSum += shed;
      stepsShed += shed > 0 ? 1 : 0;
      if (wantShed - shed > TOLERANCE_KW) {
        flags |= SHED_LIMITED;
        stepsShedLimited++;
      }
    } else if (ledger !== null && ledger.owing > 0) {
      const ceiling = shedLevel < importCapKw[t] ? shedLevel : importCapKw[t];
      if (ceiling > measured) {
        // Below the level the shedding holds and the cap: owed load comes back into the room.
        recovered = ledger.recover(t, ceiling - measured);
        measured += recovered;
      }
    }
    const wantCurtail = -measured - curtailLevel;
    if (wantCurtail > 0) {
      curtailed = wantCurtail < gen ? wantCurtail : gen;
      curtailedSum += curtailed;
      if (wantCurtail - curtailed > TOLERANCE_KW) flags |= CURTAIL_LIMITED;
    }
    let grid = demand - shed - (gen - curtailed) + p;
    if (ledger !== null) grid += rebound + recovered;
    // With the caps as levels, a step that neither sheds nor curtails is within its cap already.
    const checkCap = !capLevels || wantShed > 0 || wantCurtail > 0;
    if (grid > 0) {
      imported += grid;
      peakImport = grid > peakImport ? grid : peakImport;
      if (checkCap && grid > importCapKw[t] + TOLERANCE_KW) {
        flags |= IMPORT_ABOVE_CAP;
        stepsAboveImport++;
        aboveImport += grid - importCapKw[t];
      }
    } else {
      const exp = -grid;
      exported += exp;
      peakExport = exp > peakExport ? exp : peakExport;
      if (checkCap && exp > exportCapKw[t] + TOLERANCE_KW) {
        flags |= EXPORT_ABOVE_CAP;
        stepsAboveExport++;
        aboveExport += exp - exportCapKw[t];
      }
    }
    demandSum += demand;
    generationSum += gen;
    if (rec !== null) {
      rec.gridKw[t] = grid;
      rec.shedKw[t] = shed;
      rec.curtailedKw[t] = curtailed;
      rec.recoveredKw[t] = recovered;
      rec.reboundKw[t] = rebound;
      rec.flags[t] |= flags;
    } else {
      if (gridOut !== null) gridOut[t] = grid;
      if (curtailedOut !== null) curtailedOut[t] = curtailed;
    }
  }
  acc[ACC.demand] = demandSum;
  acc[ACC.generation] = generationSum;
  acc[ACC.peakImport] = peakImport;
  acc[ACC.peakExport] = peakExport;
  acc[ACC.imported] = imported;
  acc[ACC.exported] = exported;
  acc[ACC.shed] = shedSum;
  acc[ACC.curtailed] = curtailedSum;
  acc[ACC.stepsAboveImport] = stepsAboveImport;
  acc[ACC.aboveImport] = aboveImport;
  acc[ACC.stepsAboveExport] = stepsAboveExport;
  acc[ACC.aboveExport] = aboveExport;
  acc[ACC.stepsShed] = stepsShed;
  acc[ACC.stepsShedLimited] = stepsShedLimited;
}

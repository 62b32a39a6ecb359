import type { ModelData } from 'highs';
import { batteryStep, type BatteryStep } from '../engine/battery.js';
import type { BatteryParams } from '../model/resolved.js';
import { highs, statusName } from './highs.js';
import { feasiblePeak, minimumPeakImport } from './optimal.js';

/*
 * Perfect-foresight minimum of a substation's coincident peak import with the batteries of several
 * hubs, exactly. The substation carries a background load bg_t and hubs with net loads x_i,t (kW,
 * import > 0); battery i runs at p_i,t (grid side, > 0 charging) under the physics of
 * engine/battery.ts. With the substation load L_t = bg_t + sum_i x_i,t:
 *
 *   P* = min max(0, max_t (L_t + sum_i p_i,t))     every battery ending at least as full as it started
 *
 * A battery without charge and discharge power idles. No other battery: P* = max(0, max_t L_t).
 * One: the exact greedy and bisection of optimal.ts on L_t. Several batteries: no battery's "as full as possible" state exists on its own (headroom given
 * to one is taken from another, and which battery should serve a peak depends on its efficiencies,
 * power and energy), so the joint problem is solved as a linear program by HiGHS:
 *
 *   columns  P >= 0; per battery and step: charge c in [0, chargeKw], discharge d in [0, dischargeKw],
 *            stored energy s in [socMin, socMax] at the end of the step
 *   rows     s_t - keep s_{t-1} - eta_c dt c_t + dt/eta_d d_t = 0              (battery dynamics)
 *            sum_i (c_i,t - d_i,t) - P <= -L_t                                  (the coincident peak)
 *            s_i at the end >= its initial state
 *
 * Two exact reductions keep the program small:
 *
 * 1. A lower bound: all batteries merged into one, with the summed limits and energies, the best
 *    efficiencies and the least self-discharge, can follow any schedule of the program at least as
 *    full (efficiencies and retention are at most 1, and the states stay at or above the summed
 *    socMin), so its exact single-battery minimum (optimal.ts) is at most P*. In a step with
 *    L_t + sum_i chargeKw_i <= that bound the peak row holds for every schedule: such a free step
 *    needs no row.
 * 2. In a stretch of k free steps each battery is on its own, and the states it can reach from s
 *    are exactly [lo^k(s), hi^k(s)], with hi(s) = min(keep s + eta_c dt chargeKw, socMax) and
 *    lo(s) = max(keep s - dt/eta_d dischargeKw, socMin), both increasing. Composing them,
 *      hi^k(s) = min(keep^k s + eta_c dt chargeKw G_k, hi^(k-1)(socMax))
 *      lo^k(s) = max(keep^k s - dt/eta_d dischargeKw G_k, socMin),   G_k = sum_{j<k} keep^j,
 *    so one stored-energy column and one ranged row per battery stand for the whole stretch. (This
 *    needs a battery that can hold socMin against its self-discharge; otherwise no step is free.)
 *
 * The schedules come from the program's solution through each battery's own greedy: battery i gets
 * the allowance a_i,t = c_i,t - d_i,t + (P + eps - L_t - sum_j (c_j,t - d_j,t)) / n in a modelled
 * step and its full charge power in a free step, and discharges exactly -a_i,t where a_i,t < 0,
 * otherwise charges as much as a_i,t, its power and its room allow (feasiblePeak of optimal.ts on
 * -a_i,t, the engine's own arithmetic). As in optimal.ts, that greedy keeps the battery at least as
 * full as any schedule within the allowance, the program's own included (netting a simultaneous
 * charge and discharge only keeps more: eta_c <= 1 <= 1/eta_d), so it never runs short, and the
 * substation stays at or below P + eps. eps = 1e-9 P absorbs the solver's tolerances (it is raised
 * tenfold, up to 1e-6 P, in the unlikely case that is not enough). The peak returned is the one the
 * schedules reach: the program's optimum to within eps.
 *
 * The program keeps every state at or above socMin in every step, while the engine lets
 * self-discharge alone take an idle battery below socMin (battery.ts). Without self-discharge, or
 * with socMin = 0, the two are the same problem. Otherwise the engine's problem is the less
 * constrained one and its optimum may lie a little lower (by what self-discharge below socMin would
 * spare; tests/support/lp-min-peak.ts): the peak here is then that of the program, reached under the
 * engine's physics. One battery alone takes optimal.ts, which solves the engine's own problem.
 *
 * HiGHS is needed only with two or more batteries that can move power: await loadHighs()
 * (strategies/highs.ts) first.
 */

export type JointPeakMethod = 'none' | 'greedy' | 'lp';

export interface JointMinimumPeak {
  /** The lowest coincident peak import of the substation (kW), as the schedules reach it. */
  peakKw: number;
  /** Each battery's power per step at the grid side (kW, > 0 charging), in the order of the batteries. */
  batteryKw: Float64Array[];
  /**
   * False when a battery cannot end as full as it started whatever the peak (its self-discharge
   * beyond what its charge power restores): every battery then charges all it can in every step.
   */
  endConditionMet: boolean;
  /**
   * 'none': no battery can move power; 'greedy': one battery (optimal.ts), or every battery charging
   * all it can when the end condition cannot be met; 'lp': HiGHS.
   */
  method: JointPeakMethod;
  /** Steps the linear program modelled one by one (the free ones go in stretches); 0 without one. */
  lpSteps: number;
}

/** The margins above the program's optimum (relative) the schedules are given, tried in turn. */
const MARGINS = [1e-9, 1e-8, 1e-7, 1e-6];

/**
 * The exact minimum coincident peak import of a substation with background load backgroundKw and
 * hubs with net loads netKw[i] and batteries batteries[i] (each starting at its socInitialKwh),
 * steps of dt hours, and the battery schedules that reach it.
 */
export function jointMinimumPeak(
  backgroundKw: Float64Array,
  netKw: readonly Float64Array[],
  batteries: readonly BatteryParams[],
  dt: number,
): JointMinimumPeak {
  const steps = backgroundKw.length;
  if (netKw.length !== batteries.length) throw new Error(`jointMinimumPeak: ${netKw.length} net loads for ${batteries.length} batteries`);
  for (const x of netKw) if (x.length !== steps) throw new Error(`jointMinimumPeak: a net load of ${x.length} steps with a background of ${steps}`);
  const loadKw = substationLoad(backgroundKw, netKw);
  const batteryKw = batteries.map(() => new Float64Array(steps));
  const active: number[] = [];
  batteries.forEach((b, i) => {
    if (b.chargeKw > 0 || b.dischargeKw > 0) active.push(i);
  });
  if (active.length === 0) return { peakKw: reachedPeak(loadKw, batteryKw), batteryKw, endConditionMet: true, method: 'none', lpSteps: 0 };

  // With unlimited headroom every battery charges all it can: if one still ends below its start,
  // no peak meets the end condition (as minimumPeakImport reports for one battery).
  const canEndFull = active.every((i) => feasiblePeak(loadKw, 0, steps, batteries[i], dt, batteries[i].socInitialKwh, Number.POSITIVE_INFINITY));
  if (!canEndFull) {
    for (const i of active) feasiblePeak(loadKw, 0, steps, batteries[i], dt, batteries[i].socInitialKwh, Number.POSITIVE_INFINITY, batteryKw[i]);
    return { peakKw: reachedPeak(loadKw, batteryKw), batteryKw, endConditionMet: false, method: 'greedy', lpSteps: 0 };
  }

  if (active.length === 1) {
    const b = batteries[active[0]];
    const best = minimumPeakImport(loadKw, 0, steps, b, dt, b.socInitialKwh);
    feasiblePeak(loadKw, 0, steps, b, dt, b.socInitialKwh, best.peakKw, batteryKw[active[0]]);
    return { peakKw: best.peakKw, batteryKw, endConditionMet: true, method: 'greedy', lpSteps: 0 };
  }

  const lpSteps = lpJointPeak(
    loadKw,
    active.map((i) => batteries[i]),
    active.map((i) => batteryKw[i]),
    dt,
  );
  return { peakKw: reachedPeak(loadKw, batteryKw), batteryKw, endConditionMet: true, method: 'lp', lpSteps };
}

/** L_t = bg_t + sum_i x_i,t (kW). */
export function substationLoad(backgroundKw: Float64Array, netKw: readonly Float64Array[]): Float64Array {
  const loadKw = Float64Array.from(backgroundKw);
  for (const x of netKw) for (let t = 0; t < loadKw.length; t++) loadKw[t] += x[t];
  return loadKw;
}

/** max(0, max_t (L_t + sum_i p_i,t)): the substation's peak import under the schedules (kW). */
export function reachedPeak(loadKw: Float64Array, batteryKw: readonly Float64Array[]): number {
  let peak = 0;
  for (let t = 0; t < loadKw.length; t++) {
    let grid = loadKw[t];
    for (const p of batteryKw) grid += p[t];
    if (grid > peak) peak = grid;
  }
  return peak;
}

/**
 * The lower bound of reduction 1: the exact minimum peak of all batteries merged into one that can
 * follow every schedule of the joint program at least as full (0 when even it cannot end full).
 */
export function mergedLowerBound(loadKw: Float64Array, batteries: readonly BatteryParams[], dt: number): number {
  const sum = (field: keyof BatteryParams): number => batteries.reduce((s, b) => s + b[field], 0);
  const most = (field: keyof BatteryParams): number => Math.max(...batteries.map((b) => b[field]));
  const merged: BatteryParams = {
    capacityKwh: sum('capacityKwh'),
    socMinKwh: sum('socMinKwh'),
    socMaxKwh: sum('socMaxKwh'),
    socInitialKwh: sum('socInitialKwh'),
    chargeKw: sum('chargeKw'),
    dischargeKw: sum('dischargeKw'),
    chargeEfficiency: most('chargeEfficiency'),
    dischargeEfficiency: most('dischargeEfficiency'),
    selfDischargePerHour: Math.min(...batteries.map((b) => b.selfDischargePerHour)),
  };
  const best = minimumPeakImport(loadKw, 0, loadKw.length, merged, dt, merged.socInitialKwh);
  return best.endConditionMet ? best.peakKw : 0;
}

/**
 * Several batteries: solves the program of the header, writes the schedules into batteryKw and
 * returns the number of steps it modelled one by one.
 */
function lpJointPeak(loadKw: Float64Array, batteries: readonly BatteryParams[], batteryKw: readonly Float64Array[], dt: number): number {
  const steps = loadKw.length;
  const physics = batteries.map((b) => batteryStep(b, dt));
  // The bound from bisection lies within 1e-10 of the merged optimum, which may equal P*: a hair
  // below it keeps every free step's row slack.
  const bound = mergedLowerBound(loadKw, batteries, dt);
  const floorKw = Math.max(0, bound - 1e-9 * Math.max(1, bound));
  const free = new Uint8Array(steps);
  if (physics.every(holdsSocMin)) {
    const allChargeKw = batteries.reduce((s, b) => s + b.chargeKw, 0);
    for (let t = 0; t < steps; t++) free[t] = loadKw[t] + allChargeKw <= floorKw ? 1 : 0;
  }
  const lp = jointPeakModel(loadKw, batteries, physics, free, floorKw);
  const h = highs();
  const solution = h.withModel(lp.model, (m) => {
    m.options.set({ output_flag: false, primal_feasibility_tolerance: 1e-9, dual_feasibility_tolerance: 1e-9 });
    const { modelStatus } = m.run();
    if (modelStatus !== h.constants.modelStatus.optimal) return statusName(h, modelStatus);
    return Float64Array.from(m.getSolution().colValue);
  });
  if (typeof solution === 'string') {
    throw new Error(
      `jointMinimumPeak: HiGHS found the joint program ${solution}, although under the engine's physics every battery can end as full as it started. ` +
        'The program keeps every state at or above socMin: a battery that cannot hold socMin against its self-discharge, or one that ends full only to within rounding, makes it stricter than the engine.',
    );
  }
  const allowanceAsLoadKw = batteries.map(() => new Float64Array(steps));
  for (const margin of MARGINS) {
    const targetKw = solution[PEAK_COLUMN] + margin * Math.max(1, solution[PEAK_COLUMN]);
    writeAllowanceAsLoad(loadKw, lp.boundSteps, lp.boundColumns, solution, targetKw, free, allowanceAsLoadKw);
    let all = true;
    for (let i = 0; i < batteries.length && all; i++) {
      const b = batteries[i];
      all = feasiblePeak(allowanceAsLoadKw[i], 0, steps, b, dt, b.socInitialKwh, 0, batteryKw[i]);
    }
    if (all) return lp.boundSteps.length;
  }
  throw new Error('jointMinimumPeak: the batteries cannot follow the solution of the joint program within 1e-6 of its peak. This is a bug in hubsim.');
}

/** Can the battery hold socMin against its self-discharge (the condition of reduction 2)? */
function holdsSocMin(s: BatteryStep): boolean {
  return s.keep * s.socMinKwh + s.chargeGain * s.chargeKw >= s.socMinKwh;
}

const PEAK_COLUMN = 0;

interface JointPeakModel {
  model: ModelData;
  /** The steps modelled one by one, in time order. */
  boundSteps: Int32Array;
  /** For each of them, the first column of its battery block: charge, discharge, state, battery after battery. */
  boundColumns: Int32Array;
}

/**
 * The sparse program of the header (CSR rows, columns ascending within a row). Column 0 is P; then,
 * in time order, a modelled step has three columns per battery (chargeKw, dischargeKw, socKwh at
 * its end) and a stretch of free steps one per battery (socKwh at its end).
 */
function jointPeakModel(loadKw: Float64Array, batteries: readonly BatteryParams[], physics: readonly BatteryStep[], free: Uint8Array, floorKw: number): JointPeakModel {
  const h = highs();
  const steps = loadKw.length;
  const n = batteries.length;
  let bound = 0;
  let stretches = 0;
  for (let t = 0; t < steps; t++) {
    if (free[t] === 0) bound++;
    else if (t === 0 || free[t - 1] === 0) stretches++;
  }
  const numCols = 1 + bound * 3 * n + stretches * n;
  const numRows = bound * (n + 1) + stretches * n;
  const maxEntries = bound * (4 * n + 1 + 2 * n) + stretches * 2 * n;
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  const starts = new Int32Array(numRows + 1);
  const indices = new Int32Array(maxEntries);
  const values = new Float64Array(maxEntries);
  const boundSteps = new Int32Array(bound);
  const boundColumns = new Int32Array(bound);
  colCost[PEAK_COLUMN] = 1;
  colLower[PEAK_COLUMN] = floorKw;
  colUpper[PEAK_COLUMN] = h.infinity;

  let col = 1;
  let row = 0;
  let entries = 0;
  const entry = (column: number, value: number): void => {
    indices[entries] = column;
    values[entries] = value;
    entries++;
  };
  const endRow = (lower: number, upper: number): void => {
    rowLower[row] = lower;
    rowUpper[row] = upper;
    row++;
    starts[row] = entries;
  };
  // The column of each battery's state at the end of the last step modelled; -1: its initial state.
  const previous = new Int32Array(n).fill(-1);
  let modelled = 0;
  let k = 0;
  for (let t = 0; t < steps; t += k) {
    if (free[t] === 0) {
      k = 1;
      const first = col;
      col += 3 * n;
      boundSteps[modelled] = t;
      boundColumns[modelled] = first;
      modelled++;
      for (let i = 0; i < n; i++) {
        const b = batteries[i];
        const s = physics[i];
        const charge = first + 3 * i;
        colUpper[charge] = b.chargeKw;
        colUpper[charge + 1] = b.dischargeKw;
        colLower[charge + 2] = b.socMinKwh;
        colUpper[charge + 2] = b.socMaxKwh;
        // s_t - keep s_{t-1} - eta_c dt c_t + dt/eta_d d_t = 0 (keep s_initial on the right at first)
        if (previous[i] >= 0) entry(previous[i], -s.keep);
        entry(charge, -s.chargeGain);
        entry(charge + 1, s.dischargeCost);
        entry(charge + 2, 1);
        const rhs = previous[i] >= 0 ? 0 : s.keep * b.socInitialKwh;
        endRow(rhs, rhs);
        previous[i] = charge + 2;
      }
      // sum_i (c_i,t - d_i,t) - P <= -L_t
      entry(PEAK_COLUMN, -1);
      for (let i = 0; i < n; i++) {
        entry(first + 3 * i, 1);
        entry(first + 3 * i + 1, -1);
      }
      endRow(-h.infinity, -loadKw[t]);
    } else {
      k = 0;
      while (t + k < steps && free[t + k] === 1) k++;
      const first = col;
      col += n;
      for (let i = 0; i < n; i++) {
        const b = batteries[i];
        const s = physics[i];
        // keep^k, G_k = sum_{j<k} keep^j and hi^(k-1)(socMax), summed step by step.
        let keepK = 1;
        let sumK = 0;
        let topKwh = b.socMaxKwh;
        for (let j = 0; j < k; j++) {
          sumK += keepK;
          keepK *= s.keep;
          if (j > 0) topKwh = Math.min(b.socMaxKwh, s.keep * topKwh + s.chargeGain * b.chargeKw);
        }
        const state = first + i;
        colLower[state] = b.socMinKwh;
        colUpper[state] = topKwh;
        // -dt/eta_d D G_k <= s_out - keep^k s_in <= eta_c dt C G_k
        let lower = -s.dischargeCost * b.dischargeKw * sumK;
        let upper = s.chargeGain * b.chargeKw * sumK;
        if (previous[i] >= 0) entry(previous[i], -keepK);
        else {
          lower += keepK * b.socInitialKwh;
          upper += keepK * b.socInitialKwh;
        }
        entry(state, 1);
        endRow(lower, upper);
        previous[i] = state;
      }
    }
  }
  // Every battery ends at least as full as it started.
  for (let i = 0; i < n; i++) if (previous[i] >= 0) colLower[previous[i]] = Math.max(colLower[previous[i]], batteries[i].socInitialKwh);

  const model: ModelData = {
    numCols,
    numRows,
    sense: h.constants.objectiveSense.minimize,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    matrix: { format: 'csr', numRows, numCols, starts, indices: indices.subarray(0, entries), values: values.subarray(0, entries) },
  };
  return { model, boundSteps, boundColumns };
}

/**
 * Each battery's allowance a_i,t, written as the load -a_i,t that feasiblePeak holds at peak 0: in a
 * modelled step the program's power plus an equal share of what is left below targetKw; in a free
 * step no limit (a load of -Infinity), so the battery charges all its power and room allow.
 */
function writeAllowanceAsLoad(
  loadKw: Float64Array,
  boundSteps: Int32Array,
  boundColumns: Int32Array,
  solution: Float64Array,
  targetKw: number,
  free: Uint8Array,
  allowanceAsLoadKw: readonly Float64Array[],
): void {
  const n = allowanceAsLoadKw.length;
  for (let t = 0; t < loadKw.length; t++) if (free[t] === 1) for (const a of allowanceAsLoadKw) a[t] = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < boundSteps.length; j++) {
    const t = boundSteps[j];
    const first = boundColumns[j];
    let left = targetKw - loadKw[t];
    for (let i = 0; i < n; i++) left -= solution[first + 3 * i] - solution[first + 3 * i + 1];
    const share = left / n;
    for (let i = 0; i < n; i++) allowanceAsLoadKw[i][t] = -(solution[first + 3 * i] - solution[first + 3 * i + 1] + share);
  }
}

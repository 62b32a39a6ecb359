import type { ModelData } from 'highs';
import { batteryStep, type BatteryStep } from '../engine/battery.js';
import type { BatteryParams } from '../model/resolved.js';
import { highs, statusName } from './highs.js';
import { feasiblePeak, minimumPeakImport, reachableEndKwh } from './optimal.js';

/*
 * Perfect-foresight minimum of a substation's coincident peak import with the batteries of several
 * hubs, exactly. The substation carries a background load bg_t and hubs with net loads x_i,t (kW,
 * import > 0); battery i runs at p_i,t (grid side, > 0 charging) under the physics of
 * engine/battery.ts. With the substation load L_t = bg_t + sum_i x_i,t:
 *
 *   P* = min max(0, max_t (L_t + sum_i p_i,t))     every battery ending at least as full as it started
 *
 * (or, for a battery that cannot whatever the peak, at the fullest it can: JointMinimumPeak.endConditionMet).
 *
 * A battery without charge and discharge power idles. No other battery: P* = max(0, max_t L_t).
 * One: the exact greedy and bisection of optimal.ts on L_t. Several batteries: no battery's "as full as possible" state exists on its own (headroom given
 * to one is taken from another, and which battery should serve a peak depends on its efficiencies,
 * power and energy), so the joint problem is solved as a linear program by HiGHS:
 *
 *   columns  P >= 0; per battery and step: charge c in [0, min(chargeKw, u_t)], discharge d in
 *            [0, dischargeKw], stored energy s in [socMin, socMax] at the end of the step
 *   rows     s_t - keep s_{t-1} - eta_c dt c_t + dt/eta_d d_t = 0              (battery dynamics)
 *            sum_i (c_i,t - d_i,t) - P <= -L_t                                  (the coincident peak)
 *            s_i at the end >= its initial state
 *
 * The hub's import cap C_i,t bounds the recharge, as in optimal.ts: battery i never charges import
 * above its hub's cap, so it charges at most u_i,t = max(0, C_i,t - x_i,t) (+Infinity without a cap;
 * none where the hub's own load is at or above its cap). Bounding c rather than c - d loses nothing:
 * a schedule with c - d <= u netted to one of c or d keeps the exchange and at least as much energy.
 * One exception keeps the program feasible where the engine is: the program holds every state at or
 * above socMin (below), and a battery with self-discharge at socMin needs to recharge what it loses,
 * h_i = (1 - keep_i) socMin_i / (eta_c dt) kW, to stay there; so u_i,t is at least h_i (0 without
 * self-discharge or with socMin = 0; for a battery losing 0.01 %/h at a 200 kWh socMin, 0.02 kW).
 * The discharge is free: discharging only lowers the hub's import.
 *
 * Two exact reductions keep the program small:
 *
 * 1. A lower bound: all batteries merged into one, with the summed limits and energies, the best
 *    efficiencies and the least self-discharge, charging at most sum_i min(chargeKw_i, u_i,t), can
 *    follow any schedule of the program at least as full (efficiencies and retention are at most 1,
 *    and the states stay at or above the summed socMin), so its exact single-battery minimum
 *    (optimal.ts) is at most P*. In a step with L_t + sum_i min(chargeKw_i, u_i,t) <= that bound the
 *    peak row holds for every schedule: such a free step needs no row.
 * 2. In a stretch of k free steps each battery is on its own, and the states it can reach from s
 *    are exactly [lo^k(s), hi^k(s)], with hi_t(s) = min(keep s + eta_c dt c_t, socMax),
 *    c_t = min(chargeKw, u_t), and lo(s) = max(keep s - dt/eta_d dischargeKw, socMin), all
 *    increasing. Composing them over the stretch's steps 1..k,
 *      hi^k(s) = min(keep^k s + A_k, B_k),   A_k = keep A_(k-1) + eta_c dt c_k (A_0 = 0),
 *                                            B_k = min(socMax, keep B_(k-1) + eta_c dt c_k) (B_1 = socMax)
 *      lo^k(s) = max(keep^k s - dt/eta_d dischargeKw G_k, socMin),   G_k = sum_{j<k} keep^j,
 *    so one stored-energy column and one ranged row per battery stand for the whole stretch. (This
 *    needs a battery that can hold socMin against its self-discharge, which u_t >= h_i allows when
 *    its charge power does; otherwise no step is free.)
 *
 * The schedules come from the program's solution through each battery's own greedy: battery i gets
 * the allowance a_i,t = min(u_i,t, c_i,t - d_i,t + (P + eps - L_t - sum_j (c_j,t - d_j,t)) / n) in a
 * modelled step and u_i,t in a free step, and discharges exactly -a_i,t where a_i,t < 0,
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
 * engine's physics, with a battery recharging at most h above its hub's cap where that holds it at
 * socMin. One battery alone takes optimal.ts, which solves the engine's own problem (its
 * recharge under the cap written on the substation's load: min(P, L_t + u_t) - L_t, without h).
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
   * beyond what its charge power restores, or its hub at or near its import cap too long to refill):
   * such a battery then ends at the fullest it can (charging all its ceiling allows in every step
   * would), to within 1e-6 of its socMax, and the peak is the lowest under that condition.
   */
  endConditionMet: boolean;
  /**
   * 'none': no battery can move power; 'greedy': one battery (optimal.ts); 'lp': HiGHS.
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
 * recharging under their hubs' import caps importCapKw[i] (kW per step, +Infinity: none; null: no
 * hub has one), steps of dt hours, and the battery schedules that reach it.
 */
export function jointMinimumPeak(
  backgroundKw: Float64Array,
  netKw: readonly Float64Array[],
  batteries: readonly BatteryParams[],
  dt: number,
  importCapKw: readonly Float64Array[] | null = null,
): JointMinimumPeak {
  const steps = backgroundKw.length;
  if (netKw.length !== batteries.length) throw new Error(`jointMinimumPeak: ${netKw.length} net loads for ${batteries.length} batteries`);
  if (importCapKw !== null && importCapKw.length !== batteries.length) throw new Error(`jointMinimumPeak: ${importCapKw.length} import caps for ${batteries.length} batteries`);
  for (const x of netKw) if (x.length !== steps) throw new Error(`jointMinimumPeak: a net load of ${x.length} steps with a background of ${steps}`);
  for (const c of importCapKw ?? []) if (c.length < steps) throw new Error(`jointMinimumPeak: an import cap of ${c.length} steps with a background of ${steps}`);
  const loadKw = substationLoad(backgroundKw, netKw);
  const batteryKw = batteries.map(() => new Float64Array(steps));
  const active: number[] = [];
  batteries.forEach((b, i) => {
    if (b.chargeKw > 0 || b.dischargeKw > 0) active.push(i);
  });
  if (active.length === 0) return { peakKw: reachedPeak(loadKw, batteryKw), batteryKw, endConditionMet: true, method: 'none', lpSteps: 0 };
  // Battery i's recharge under its hub's cap, as optimal.ts's cap column on the substation's load:
  // min(P, L_t + u_i,t) - L_t (null: no cap).
  const capOnLoad = (i: number): Float64Array | null => {
    if (importCapKw === null) return null;
    const column = new Float64Array(steps);
    for (let t = 0; t < steps; t++) column[t] = loadKw[t] + recharge(importCapKw[i][t], netKw[i][t]);
    return column;
  };

  // With unlimited headroom every battery charges all its ceiling allows: if one still ends below
  // its start, it ends instead at the fullest it can (optimal.ts, reachableEndKwh).
  const caps = batteries.map((_, i) => (active.includes(i) ? capOnLoad(i) : null));
  const endKwh = batteries.map((b, i) => (active.includes(i) ? reachableEndKwh(loadKw, 0, steps, b, dt, b.socInitialKwh, caps[i]) : b.socInitialKwh));
  const endConditionMet = endKwh.every((e, i) => e === batteries[i].socInitialKwh);

  if (active.length === 1) {
    const i = active[0];
    const b = batteries[i];
    const best = minimumPeakImport(loadKw, 0, steps, b, dt, b.socInitialKwh, endKwh[i], caps[i]);
    feasiblePeak(loadKw, 0, steps, b, dt, b.socInitialKwh, best.peakKw, batteryKw[i], endKwh[i], caps[i]);
    return { peakKw: best.peakKw, batteryKw, endConditionMet, method: 'greedy', lpSteps: 0 };
  }

  const ceilingKw = active.map((i) => chargeCeiling(batteries[i], dt, importCapKw?.[i] ?? null, netKw[i]));
  const lpSteps = lpJointPeak(
    loadKw,
    active.map((i) => batteries[i]),
    ceilingKw,
    importCapKw !== null,
    endConditionMet ? null : active.map((i) => endKwh[i]),
    active.map((i) => batteryKw[i]),
    dt,
  );
  return { peakKw: reachedPeak(loadKw, batteryKw), batteryKw, endConditionMet, method: 'lp', lpSteps };
}

/** u = max(0, C - x): what a battery may charge without lifting its hub's import above the cap C (kW). */
function recharge(capKw: number, netKw: number): number {
  const room = capKw - netKw;
  return room > 0 ? room : 0;
}

/**
 * The program's charge ceiling of a battery per step, u_t of the header at least h, at most its
 * charge power (kW): the charge power itself without a cap.
 */
function chargeCeiling(b: BatteryParams, dt: number, capKw: Float64Array | null, netKw: Float64Array): Float64Array {
  const steps = netKw.length;
  const column = new Float64Array(steps).fill(b.chargeKw);
  if (capKw === null) return column;
  const s = batteryStep(b, dt);
  const holdKw = Math.min(b.chargeKw, ((1 - s.keep) * s.socMinKwh) / s.chargeGain);
  for (let t = 0; t < steps; t++) column[t] = Math.min(b.chargeKw, Math.max(holdKw, recharge(capKw[t], netKw[t])));
  return column;
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
 * ceilingKw: the batteries' charge ceilings per step (the program's; null: their charge powers);
 * endKwh: the states they must end at least in (null: their initial states), summed for the merged one.
 */
export function mergedLowerBound(
  loadKw: Float64Array,
  batteries: readonly BatteryParams[],
  dt: number,
  ceilingKw: readonly Float64Array[] | null = null,
  endKwh: readonly number[] | null = null,
): number {
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
  // The merged battery's recharge under the summed ceilings, as optimal.ts's cap on the load.
  let capKw: Float64Array | null = null;
  if (ceilingKw !== null) {
    capKw = Float64Array.from(loadKw);
    for (const u of ceilingKw) for (let t = 0; t < capKw.length; t++) capKw[t] += u[t];
  }
  const mergedEndKwh = endKwh === null ? merged.socInitialKwh : endKwh.reduce((s, e) => s + e, 0);
  const best = minimumPeakImport(loadKw, 0, loadKw.length, merged, dt, merged.socInitialKwh, mergedEndKwh, capKw);
  return best.endConditionMet ? best.peakKw : 0;
}

/**
 * Several batteries: solves the program of the header, writes the schedules into batteryKw and
 * returns the number of steps it modelled one by one. ceilingKw: each battery's charge ceiling per
 * step; capped: whether import caps were given (the merged bound then takes the ceilings); endKwh:
 * the state each must end at least in (null: its initial state).
 */
function lpJointPeak(
  loadKw: Float64Array,
  batteries: readonly BatteryParams[],
  ceilingKw: readonly Float64Array[],
  capped: boolean,
  endKwh: readonly number[] | null,
  batteryKw: readonly Float64Array[],
  dt: number,
): number {
  const steps = loadKw.length;
  const physics = batteries.map((b) => batteryStep(b, dt));
  // The bound from bisection lies within 1e-10 of the merged optimum, which may equal P*: a hair
  // below it keeps every free step's row slack.
  const bound = mergedLowerBound(loadKw, batteries, dt, capped ? ceilingKw : null, endKwh);
  const floorKw = Math.max(0, bound - 1e-9 * Math.max(1, bound));
  const free = new Uint8Array(steps);
  if (physics.every(holdsSocMin)) {
    for (let t = 0; t < steps; t++) {
      let chargeKw = 0;
      for (const u of ceilingKw) chargeKw += u[t];
      free[t] = loadKw[t] + chargeKw <= floorKw ? 1 : 0;
    }
  }
  const ends = endKwh ?? batteries.map((b) => b.socInitialKwh);
  const lp = jointPeakModel(loadKw, batteries, ceilingKw, ends, physics, free, floorKw);
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
    writeAllowanceAsLoad(loadKw, lp.boundSteps, lp.boundColumns, solution, targetKw, free, ceilingKw, allowanceAsLoadKw);
    let all = true;
    for (let i = 0; i < batteries.length && all; i++) {
      const b = batteries[i];
      all = feasiblePeak(allowanceAsLoadKw[i], 0, steps, b, dt, b.socInitialKwh, 0, batteryKw[i], ends[i]);
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
 * its end) and a stretch of free steps one per battery (socKwh at its end). ceilingKw: each
 * battery's charge ceiling per step, min(chargeKw, u_t).
 */
function jointPeakModel(
  loadKw: Float64Array,
  batteries: readonly BatteryParams[],
  ceilingKw: readonly Float64Array[],
  endKwh: readonly number[],
  physics: readonly BatteryStep[],
  free: Uint8Array,
  floorKw: number,
): JointPeakModel {
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
        colUpper[charge] = ceilingKw[i][t];
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
        // keep^k, G_k = sum_{j<k} keep^j, A_k and B_k, summed step by step.
        let keepK = 1;
        let sumK = 0;
        let gainKwh = 0;
        let topKwh = b.socMaxKwh;
        for (let j = 0; j < k; j++) {
          const u = ceilingKw[i][t + j];
          sumK += keepK;
          keepK *= s.keep;
          gainKwh = s.keep * gainKwh + s.chargeGain * u;
          if (j > 0) topKwh = Math.min(b.socMaxKwh, s.keep * topKwh + s.chargeGain * u);
        }
        const state = first + i;
        colLower[state] = b.socMinKwh;
        colUpper[state] = topKwh;
        // -dt/eta_d D G_k <= s_out - keep^k s_in <= A_k
        let lower = -s.dischargeCost * b.dischargeKw * sumK;
        let upper = gainKwh;
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
  // Every battery ends at least as full as it started (or as it can: endKwh).
  for (let i = 0; i < n; i++) if (previous[i] >= 0) colLower[previous[i]] = Math.max(colLower[previous[i]], endKwh[i]);

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
 * modelled step the program's power plus an equal share of what is left below targetKw, in a free
 * step no more than that, both at most the battery's charge ceiling (ceilingKw), so the battery
 * charges all its ceiling, power and room allow in a free step.
 */
function writeAllowanceAsLoad(
  loadKw: Float64Array,
  boundSteps: Int32Array,
  boundColumns: Int32Array,
  solution: Float64Array,
  targetKw: number,
  free: Uint8Array,
  ceilingKw: readonly Float64Array[],
  allowanceAsLoadKw: readonly Float64Array[],
): void {
  const n = allowanceAsLoadKw.length;
  for (let t = 0; t < loadKw.length; t++) if (free[t] === 1) for (let i = 0; i < n; i++) allowanceAsLoadKw[i][t] = -ceilingKw[i][t];
  for (let j = 0; j < boundSteps.length; j++) {
    const t = boundSteps[j];
    const first = boundColumns[j];
    let left = targetKw - loadKw[t];
    for (let i = 0; i < n; i++) left -= solution[first + 3 * i] - solution[first + 3 * i + 1];
    const share = left / n;
    for (let i = 0; i < n; i++) allowanceAsLoadKw[i][t] = -Math.min(ceilingKw[i][t], solution[first + 3 * i] - solution[first + 3 * i + 1] + share);
  }
}

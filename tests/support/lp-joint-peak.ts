import type { ModelData } from 'highs';
import type { BatteryParams } from '../../src/model/resolved.js';
import { loadHighs } from './lp-min-peak.js';

/*
 * An independent reference for src/strategies/joint-peak.ts: the minimum coincident peak import of a
 * substation with several hubs' batteries, as one plain linear program over every step, solved by
 * HiGHS. It shares no code with the engine or the strategy (no merged bound, no free steps, no
 * stretches): only the BatteryParams type is imported, the retention factors are recomputed here.
 *
 * With n batteries and T steps, substation load L_t = background_t + sum_i net_i,t:
 *   column 0                      P        coincident peak import (kW), P >= 0
 *   1 + 3(i T + t) + 0            c_i,t    charge power of battery i (kW) in [0, chargeKw]
 *   1 + 3(i T + t) + 1            d_i,t    discharge power (kW) in [0, dischargeKw]
 *   1 + 3(i T + t) + 2            s_i,t    stored energy at the end of step t (kWh) in [socMin, socMax],
 *                                          s_i,T-1 >= socInitial_i (or the end asked for)
 * rows
 *   i T + t        s_i,t - keep_i s_i,t-1 - eta_c,i dt c_i,t + dt/eta_d,i d_i,t = 0   (keep_i s_initial on the right at t = 0)
 *   n T + t        sum_i (c_i,t - d_i,t) - P <= -L_t
 *   then, with import caps C_i (only for a finite cap):
 *                  c_i,t - d_i,t <= max(0, C_i,t - net_i,t)      recharging never lifts a hub's import above its cap
 * with keep_i = (1 - selfDischargePerHour_i)^dt. Objective: minimise P. As in lp-min-peak.ts, a
 * simultaneous charge and discharge of one battery is allowed here and cannot beat the optimum
 * without it, and the state stays at or above socMin in every step.
 */

function jointPeakModel(
  infinity: number,
  minimize: ModelData['sense'],
  backgroundKw: ArrayLike<number>,
  netKw: readonly ArrayLike<number>[],
  batteries: readonly BatteryParams[],
  dt: number,
  importCapKw: readonly ArrayLike<number>[] | undefined,
  endKwh: readonly number[] | undefined,
): ModelData {
  const T = backgroundKw.length;
  const n = batteries.length;
  const numCols = 1 + 3 * n * T;
  const capRows: [number, number, number][] = [];
  if (importCapKw !== undefined) {
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < T; t++) if (Number.isFinite(importCapKw[i][t])) capRows.push([i, t, Math.max(0, importCapKw[i][t] - netKw[i][t])]);
    }
  }
  const numRows = n * T + T + capRows.length;
  const charge = (i: number, t: number): number => 1 + 3 * (i * T + t);
  const discharge = (i: number, t: number): number => charge(i, t) + 1;
  const stored = (i: number, t: number): number => charge(i, t) + 2;
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  colCost[0] = 1;
  colUpper[0] = infinity;
  for (let i = 0; i < n; i++) {
    const b = batteries[i];
    for (let t = 0; t < T; t++) {
      colUpper[charge(i, t)] = b.chargeKw;
      colUpper[discharge(i, t)] = b.dischargeKw;
      colLower[stored(i, t)] = b.socMinKwh;
      colUpper[stored(i, t)] = b.socMaxKwh;
    }
    if (T > 0) colLower[stored(i, T - 1)] = Math.max(b.socMinKwh, endKwh?.[i] ?? b.socInitialKwh);
  }
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = batteries[i];
    const keep = Math.pow(1 - b.selfDischargePerHour, dt);
    for (let t = 0; t < T; t++) {
      if (t > 0) {
        indices.push(stored(i, t - 1));
        values.push(-keep);
      }
      indices.push(charge(i, t), discharge(i, t), stored(i, t));
      values.push(-b.chargeEfficiency * dt, dt / b.dischargeEfficiency, 1);
      starts.push(indices.length);
      const rhs = t === 0 ? keep * b.socInitialKwh : 0;
      rowLower[i * T + t] = rhs;
      rowUpper[i * T + t] = rhs;
    }
  }
  for (let t = 0; t < T; t++) {
    let load = backgroundKw[t];
    for (const x of netKw) load += x[t];
    indices.push(0);
    values.push(-1);
    for (let i = 0; i < n; i++) {
      indices.push(charge(i, t), discharge(i, t));
      values.push(1, -1);
    }
    starts.push(indices.length);
    rowLower[n * T + t] = -infinity;
    rowUpper[n * T + t] = -load;
  }
  capRows.forEach(([i, t, room], j) => {
    indices.push(charge(i, t), discharge(i, t));
    values.push(1, -1);
    starts.push(indices.length);
    rowLower[n * T + T + j] = -infinity;
    rowUpper[n * T + T + j] = room;
  });
  return {
    numCols,
    numRows,
    sense: minimize,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    matrix: { format: 'csr', numRows, numCols, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(values) },
  };
}

/**
 * The minimum coincident peak import P (kW) by HiGHS, with its model status by name ('optimal', ...);
 * with importCapKw, each battery recharges under its hub's cap (+Infinity: none); with endKwh, each
 * ends at least in that state instead of its initial one.
 */
export async function lpJointMinimumPeak(
  backgroundKw: ArrayLike<number>,
  netKw: readonly ArrayLike<number>[],
  batteries: readonly BatteryParams[],
  dt: number,
  importCapKw?: readonly ArrayLike<number>[],
  endKwh?: readonly number[],
): Promise<{ peakKw: number; status: string }> {
  const highs = await loadHighs();
  const data = jointPeakModel(highs.infinity, highs.constants.objectiveSense.minimize, backgroundKw, netKw, batteries, dt, importCapKw, endKwh);
  return highs.withModel(data, (model) => {
    model.options.set({ output_flag: false, primal_feasibility_tolerance: 1e-9, dual_feasibility_tolerance: 1e-9 });
    const { modelStatus } = model.run();
    let status = `status ${modelStatus}`;
    for (const [name, value] of Object.entries(highs.constants.modelStatus)) if (value === modelStatus) status = name;
    if (modelStatus !== highs.constants.modelStatus.optimal) return { peakKw: Number.NaN, status };
    return { peakKw: model.getSolution().colValue[0], status };
  });
}

import highsLoader, { type Highs, type ModelData } from 'highs';
import type { BatteryParams } from '../../src/model/resolved.js';

/*
 * An independent reference for src/strategies/optimal.ts: the minimum peak import with one battery,
 * written as a linear program and solved by HiGHS (sparse model API, CSR rows). It shares no code with
 * the engine: only the BatteryParams type is imported, the retention factor is recomputed here.
 *
 * Variables (columns), n = number of steps:
 *   0                 P    peak import (kW), P >= 0
 *   1 + t             c_t  charge power (kW) in [0, chargeKw]
 *   1 + n + t         d_t  discharge power (kW) in [0, dischargeKw]
 *   1 + 2n + t        s_t  stored energy at the end of step t (kWh) in [socMinKwh, socMaxKwh],
 *                          and s_{n-1} >= endSocKwh as a bound on the last column
 *
 * Rows:
 *   t        (dynamics)  s_t - keep*s_{t-1} - eta_c*dt*c_t + dt/eta_d*d_t = 0   (t >= 1)
 *                        s_0 - eta_c*dt*c_0 + dt/eta_d*d_0 = keep*socInitialKwh  (t = 0)
 *   n + t    (peak)      c_t - d_t - P <= -x_t        i.e. x_t + c_t - d_t <= P
 *   2n + t   (cap, only with an import cap column C)
 *                        c_t - d_t <= max(0, C_t - x_t)   recharging never lifts import above the cap
 * with keep = (1 - selfDischargePerHour)^dt. Objective: minimise P.
 *
 * Simultaneous charge and discharge (c_t > 0 and d_t > 0) is allowed here but cannot beat the
 * no-simultaneity optimum: replacing c_t, d_t by their net keeps the grid exchange and leaves at
 * least as much stored energy (eta_c <= 1 <= 1/eta_d), and surplus stored energy can always be
 * avoided by charging less, which only lowers import, so the optimal P is the same.
 *
 * The one modelling difference to the greedy/bisection of optimal.ts: there, socMin limits only
 * discharging (self-discharge alone may take the state below socMin, see battery.ts), while this LP
 * asks s_t >= socMin in every step. The two problems are identical when socMinKwh = 0 (self-discharge
 * never takes the state below 0) or selfDischargePerHour = 0 (the state then never falls without a
 * discharge, and a discharge is limited to socMin in both). The tests therefore use socMinKwh = 0 for
 * every battery with self-discharge when they ask for equality. In general the LP is the more
 * constrained problem, so lpMinimumPeak >= minimumPeakImport; equality also holds whenever the greedy
 * trajectory at the optimum stays at or above socMin.
 */

/*
 * At run time the default import is the loader (build/highs.mjs). The package declares its types for
 * CommonJS ("type": "commonjs" with an `export default` in types.d.ts), so under NodeNext TypeScript
 * sees the default import as the whole module; the cast states what the ESM build really exports.
 */
const loadWasm = highsLoader as unknown as () => Promise<Highs>;

let loaded: Promise<Highs> | undefined;

/** HiGHS, loaded once per module instance (the first load takes a second or two). */
export function loadHighs(): Promise<Highs> {
  if (loaded === undefined) loaded = loadWasm();
  return loaded;
}

export interface LpMinimumPeak {
  /** The optimal P (kW); NaN when the LP has no optimal solution. */
  peakKw: number;
  /** HiGHS' model status by name: 'optimal', 'infeasible', ... */
  status: string;
}

/** The model data for the LP above (exported for inspection in tests). */
export function minPeakModel(highs: Highs, netKw: ArrayLike<number>, b: BatteryParams, dt: number, endSocKwh = b.socInitialKwh, capKw?: ArrayLike<number>): ModelData {
  const n = netKw.length;
  const keep = Math.pow(1 - b.selfDischargePerHour, dt);
  const numCols = 1 + 3 * n;
  const numRows = capKw === undefined ? 2 * n : 3 * n;
  const P = 0;
  const C = (t: number): number => 1 + t;
  const D = (t: number): number => 1 + n + t;
  const S = (t: number): number => 1 + 2 * n + t;

  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  colCost[P] = 1;
  colLower[P] = 0;
  colUpper[P] = highs.infinity;
  for (let t = 0; t < n; t++) {
    colLower[C(t)] = 0;
    colUpper[C(t)] = b.chargeKw;
    colLower[D(t)] = 0;
    colUpper[D(t)] = b.dischargeKw;
    colLower[S(t)] = b.socMinKwh;
    colUpper[S(t)] = b.socMaxKwh;
  }
  if (n > 0) colLower[S(n - 1)] = Math.max(b.socMinKwh, endSocKwh);

  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const entry = (col: number, value: number): void => {
    indices.push(col);
    values.push(value);
  };
  // Dynamics rows, columns in ascending order within each row.
  for (let t = 0; t < n; t++) {
    entry(C(t), -b.chargeEfficiency * dt);
    entry(D(t), dt / b.dischargeEfficiency);
    if (t > 0) entry(S(t - 1), -keep);
    entry(S(t), 1);
    starts.push(indices.length);
    const rhs = t === 0 ? keep * b.socInitialKwh : 0;
    rowLower[t] = rhs;
    rowUpper[t] = rhs;
  }
  // Peak rows.
  for (let t = 0; t < n; t++) {
    entry(P, -1);
    entry(C(t), 1);
    entry(D(t), -1);
    starts.push(indices.length);
    rowLower[n + t] = -highs.infinity;
    rowUpper[n + t] = -netKw[t];
  }
  // Cap rows.
  if (capKw !== undefined) {
    for (let t = 0; t < n; t++) {
      entry(C(t), 1);
      entry(D(t), -1);
      starts.push(indices.length);
      rowLower[2 * n + t] = -highs.infinity;
      rowUpper[2 * n + t] = Number.isFinite(capKw[t]) ? Math.max(0, capKw[t] - netKw[t]) : highs.infinity;
    }
  }

  return {
    numCols,
    numRows,
    sense: highs.constants.objectiveSense.minimize,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    matrix: {
      format: 'csr',
      numRows,
      numCols,
      starts: Int32Array.from(starts),
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
    },
  };
}

/** Name of a HiGHS model status code, e.g. 7 -> 'optimal'. */
function statusName(highs: Highs, code: number): string {
  for (const [name, value] of Object.entries(highs.constants.modelStatus)) if (value === code) return name;
  return `status ${code}`;
}

/**
 * The minimum peak import P over the whole series netKw (kW, may be negative), with the battery b
 * starting at b.socInitialKwh and ending at or above endSocKwh (default b.socInitialKwh), recharging
 * under the import cap capKw when given, by HiGHS.
 */
export async function lpMinimumPeak(
  netKw: ArrayLike<number>,
  b: BatteryParams,
  dt: number,
  endSocKwh: number = b.socInitialKwh,
  capKw?: ArrayLike<number>,
): Promise<{ peakKw: number; status: string }> {
  const highs = await loadHighs();
  const data = minPeakModel(highs, netKw, b, dt, endSocKwh, capKw);
  return highs.withModel(data, (model): LpMinimumPeak => {
    model.options.set({
      output_flag: false,
      primal_feasibility_tolerance: 1e-9,
      dual_feasibility_tolerance: 1e-9,
    });
    const { modelStatus } = model.run();
    const status = statusName(highs, modelStatus);
    if (modelStatus !== highs.constants.modelStatus.optimal) return { peakKw: Number.NaN, status };
    return { peakKw: model.getSolution().colValue[0], status };
  });
}

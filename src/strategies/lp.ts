import { performance } from 'node:perf_hooks';
import type { ModelData } from 'highs';
import { batteryStep } from '../engine/battery.js';
import type { PlanView, Planner } from '../engine/planner.js';
import type { Setpoints } from '../engine/setpoints.js';
import type { ResolvedHub } from '../model/resolved.js';
import { DEFAULT_KWMAX_EUR_PER_KW_MONTH, type StrategySpec } from '../model/strategy.js';
import { localMonthKey } from '../time/axis.js';
import { highs, statusName } from './highs.js';

type LpSpec = Extract<StrategySpec, { kind: 'lp' }>;

/*
 * Tariff-aware dispatch as a linear program, solved by HiGHS per planning window.
 *
 * Per step t (n steps), with net load x_t = demand - generation, price pi_t (EUR/MWh), dt (h):
 *   columns  c_t in [0, chargeKw], d_t in [0, dischargeKw], s_t in [socMin, socMax] (end of step),
 *            i_t >= 0 import, e_t >= 0 export, u_t >= 0 and v_t >= 0 import and export above the caps
 *   balance  i_t - e_t - c_t + d_t = x_t
 *   battery  s_t - keep s_{t-1} - eta_c dt c_t + dt/eta_d d_t = 0      (s_{-1}: the state at the window start)
 *   caps     i_t - u_t <= importCap_t,   e_t - v_t <= exportCap_t        (when the cap is finite)
 *   recharge c_t - d_t <= max(0, importCap_t - x_t): the battery never charges import above the cap
 *            (only load the battery cannot shave pays the penalty), as in `optimal`
 *   peaks    i_t <= P, e_t <= E, i_t <= M_k for the calendar month k of step t
 *   end      s_{n-1} >= the state at the window start
 * objective  wP P + wE E + kWmax sum_k M_k + sum_t [pi_t dt/1000 (i_t - e_t) + tau dt i_t + wear dt (c_t + d_t)
 *            + penalty dt (u_t + v_t)]
 * kWmax: the strategy's kwmaxEurPerKwMonth, else the hub's tariff (its operator's rate), else 3; tau:
 * the tariff's transport rate per kWh of offtake (0 without a tariff block). A month's highest step is
 * its kWmax: on a 15-minute axis the PTU maximum, as the tariff sheets charge.
 * Billing-month memory: M_k >= the highest import already planned in month k, which therefore costs
 * nothing to reach again. With wP = 1 and every other weight 0 this is the minimum-peak problem that
 * `optimal` solves exactly (a test compares them). An LP may charge and discharge in one step when
 * that pays (negative prices); the engine executes the net power, as physics requires.
 */
export class Lp implements Planner {
  readonly windowSteps = 0;
  private readonly monthKey: Int32Array;
  private readonly monthPeak = new Map<number, number>();
  private readonly prices: Float64Array | null;
  /** EUR per kW per billing month of the month's highest import. */
  private readonly kwmaxRate: number;
  /** EUR per kWh imported, the transport tariff's energy part. */
  private readonly offtakeRate: number;
  private solves = 0;
  private worstStatus = 'optimal';
  private solveTimeMs = 0;

  constructor(
    readonly name: string,
    private readonly spec: LpSpec,
    hub: ResolvedHub,
    prices: Float64Array | null,
  ) {
    this.prices = spec.energyPrices ? prices : null;
    this.monthKey = localMonthKey(hub.axis);
    this.kwmaxRate = spec.kwmaxEurPerKwMonth ?? hub.tariff?.kwmaxEurPerKwMonth ?? DEFAULT_KWMAX_EUR_PER_KW_MONTH;
    this.offtakeRate = hub.tariff?.energyEurPerKwh ?? 0;
  }

  plan(view: PlanView, out: Setpoints): void {
    out.clear(view.from, view.to);
    let soc = view.socKwh;
    let start = view.from;
    while (start < view.to) {
      let end = start + 1;
      if (this.spec.window === 'month') while (end < view.to && this.monthKey[end] === this.monthKey[start]) end++;
      else end = view.to;
      soc = this.solveWindow(view, start, end, soc, out);
      start = end;
    }
  }

  /** Solver status and counts for the results; the solve time is reported only on the terminal. */
  diagnostics(): Record<string, number | string> {
    return { solverStatus: this.worstStatus, solves: this.solves, solveTimeS: this.solveTimeMs / 1000 };
  }

  private solveWindow(view: PlanView, from: number, to: number, socStart: number, out: Setpoints): number {
    const h = highs();
    const { hub } = view;
    const b = hub.battery;
    const step = batteryStep(b, hub.axis.stepHours);
    const battery = out.open('batteryKw');
    const dt = hub.axis.stepHours;
    const n = to - from;
    const spec = this.spec;
    const months = [...new Set(this.monthKey.subarray(from, to))];
    const usePeak = spec.peakImportEurPerKw > 0;
    const useExport = spec.peakExportEurPerKw > 0;
    const useKwmax = this.kwmaxRate > 0;

    // Column layout: 7 per step, then P, E and one M per month.
    const C = (t: number): number => 7 * t;
    const D = (t: number): number => 7 * t + 1;
    const S = (t: number): number => 7 * t + 2;
    const I = (t: number): number => 7 * t + 3;
    const E_ = (t: number): number => 7 * t + 4;
    const U = (t: number): number => 7 * t + 5;
    const V = (t: number): number => 7 * t + 6;
    const P = 7 * n;
    const E = 7 * n + 1;
    const M = (k: number): number => 7 * n + 2 + months.indexOf(k);
    const numCols = 7 * n + 2 + months.length;

    const inf = h.infinity;
    const colCost = new Float64Array(numCols);
    const colLower = new Float64Array(numCols);
    const colUpper = new Float64Array(numCols).fill(inf);
    for (let t = 0; t < n; t++) {
      const g = from + t;
      colUpper[C(t)] = b.chargeKw;
      colUpper[D(t)] = b.dischargeKw;
      colLower[S(t)] = b.socMinKwh;
      colUpper[S(t)] = b.socMaxKwh;
      const price = this.prices === null ? 0 : (this.prices[g] * dt) / 1000;
      colCost[I(t)] = price + this.offtakeRate * dt;
      colCost[E_(t)] = -price;
      colCost[C(t)] = spec.wearEurPerKwh * dt;
      colCost[D(t)] = spec.wearEurPerKwh * dt;
      colCost[U(t)] = spec.capViolationEurPerKwh * dt;
      colCost[V(t)] = spec.capViolationEurPerKwh * dt;
      if (!Number.isFinite(hub.importCapKw[g])) colUpper[U(t)] = 0;
      if (!Number.isFinite(hub.exportCapKw[g])) colUpper[V(t)] = 0;
    }
    colLower[S(n - 1)] = Math.min(b.socMaxKwh, Math.max(b.socMinKwh, socStart));
    colCost[P] = spec.peakImportEurPerKw;
    colCost[E] = spec.peakExportEurPerKw;
    for (const k of months) {
      colCost[M(k)] = this.kwmaxRate;
      colLower[M(k)] = this.monthPeak.get(k) ?? 0;
    }

    const starts: number[] = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const rowLower: number[] = [];
    const rowUpper: number[] = [];
    const row = (entries: [number, number][], lower: number, upper: number): void => {
      entries.sort((x, y) => x[0] - y[0]);
      for (const [col, value] of entries) {
        indices.push(col);
        values.push(value);
      }
      starts.push(indices.length);
      rowLower.push(lower);
      rowUpper.push(upper);
    };
    for (let t = 0; t < n; t++) {
      const g = from + t;
      const x = view.demandKw[g] - view.generationKw[g];
      row([[I(t), 1], [E_(t), -1], [C(t), -1], [D(t), 1]], x, x);
      const dyn: [number, number][] = [[S(t), 1], [C(t), -step.chargeGain], [D(t), step.dischargeCost]];
      if (t > 0) dyn.push([S(t - 1), -step.keep]);
      const rhs = t === 0 ? step.keep * socStart : 0;
      row(dyn, rhs, rhs);
      if (Number.isFinite(hub.importCapKw[g])) {
        row([[I(t), 1], [U(t), -1]], -inf, hub.importCapKw[g]);
        // The battery never recharges import above the cap (as optimal.ts): charge - discharge <= (cap - x)+.
        row([[C(t), 1], [D(t), -1]], -inf, Math.max(0, hub.importCapKw[g] - x));
      }
      if (Number.isFinite(hub.exportCapKw[g])) row([[E_(t), 1], [V(t), -1]], -inf, hub.exportCapKw[g]);
      if (usePeak) row([[I(t), 1], [P, -1]], -inf, 0);
      if (useExport) row([[E_(t), 1], [E, -1]], -inf, 0);
      if (useKwmax) row([[I(t), 1], [M(this.monthKey[g]), -1]], -inf, 0);
    }
    const numRows = rowLower.length;
    const model: ModelData = {
      numCols,
      numRows,
      sense: h.constants.objectiveSense.minimize,
      colCost,
      colLower,
      colUpper,
      rowLower: Float64Array.from(rowLower),
      rowUpper: Float64Array.from(rowUpper),
      matrix: { format: 'csr', numRows, numCols, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(values) },
    };
    const t0 = performance.now();
    const socEnd = h.withModel(model, (m) => {
      m.options.set({ output_flag: false, primal_feasibility_tolerance: 1e-9, dual_feasibility_tolerance: 1e-9 });
      const { modelStatus } = m.run();
      const status = statusName(h, modelStatus);
      this.solves++;
      if (status !== 'optimal') this.worstStatus = status;
      if (modelStatus !== h.constants.modelStatus.optimal) {
        // No plan: the battery idles this window (the engine records what that means).
        battery.fill(0, from, to);
        return socStart;
      }
      const col = m.getSolution().colValue;
      for (let t = 0; t < n; t++) {
        const g = from + t;
        battery[g] = col[C(t)] - col[D(t)];
        const imp = col[I(t)];
        const k = this.monthKey[g];
        if (imp > (this.monthPeak.get(k) ?? 0)) this.monthPeak.set(k, imp);
      }
      return col[S(n - 1)];
    });
    this.solveTimeMs += performance.now() - t0;
    return socEnd;
  }
}

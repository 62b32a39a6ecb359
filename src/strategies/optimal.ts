import { batteryStep, FACTOR, nextSocKwh } from '../engine/battery.js';
import type { PlanView, Planner } from '../engine/planner.js';
import type { Setpoints } from '../engine/setpoints.js';
import type { BatteryParams } from '../model/resolved.js';

/*
 * Perfect-foresight minimum peak import for one battery, exactly.
 *
 * For a candidate peak P, the greedy policy "discharge exactly x_t - P when net load x_t exceeds P,
 * otherwise charge as much as the grid headroom P - x_t, the power limit and the room allow" gives
 * the highest state of charge at every step that any policy keeping import <= P can reach: the battery
 * dynamics soc' = soc*keep + eta_c*p*dt (or p*dt/eta_d) are increasing in soc and in p, and every
 * limit is monotone in soc. So P is feasible if and only if this greedy trajectory never needs more
 * discharge than the battery can give and ends at least as full as it started. Feasibility is
 * monotone in P, so bisection on P converges to the exact minimum (to 1e-10 relative here), which a
 * test checks against an independent LP solver (HiGHS). P >= 0: export is never needed for the peak.
 *
 * The hub's import cap C_t bounds the recharge, not the peak: the battery never charges import above
 * the cap, so the headroom it charges into is min(P, C_t) - x_t (none where x_t is at or above the
 * cap). Where the lowest peak lies below the cap everywhere this changes nothing; for a hub short of
 * capacity (P above C_t somewhere) it keeps the battery from importing above its connection or
 * contract in the hours it refills. The headroom is still a per-step upper bound that does not depend
 * on the state of charge and grows with P, so the greedy argument and the bisection stay exact (the
 * LP of the tests takes the same bound).
 *
 * A battery that cannot end as full as it started whatever the peak (its self-discharge beyond what
 * its charge power restores, or its hub at or above its cap too long to refill) ends instead at the
 * fullest it can, the state charging all its headroom allows in every step leaves it in (less 1e-6
 * of socMax, room for rounding), at the lowest peak under that condition.
 */

const RELATIVE_TOLERANCE = 1e-10;
const END_SOC_SLACK_KWH = 1e-9;

/**
 * Is peak import P reachable? When out is given, writes the greedy schedule into it. This is the hot
 * loop of `optimal` (30-40 calls per run), so the battery limits of engine/battery.ts are written out
 * here with the same arithmetic; a property test checks the engine executes the schedule unclipped.
 * capKw: the import cap per step that recharging stays under (null: none).
 */
export function feasiblePeak(
  netKw: Float64Array,
  from: number,
  to: number,
  b: BatteryParams,
  dt: number,
  socInitialKwh: number,
  peakKw: number,
  out?: Float64Array,
  endSocKwh = socInitialKwh,
  capKw: Float64Array | null = null,
): boolean {
  return feasibleWith(netKw, from, to, batteryStep(b, dt).factors, socInitialKwh, peakKw, out, endSocKwh, capKw ?? noCap(to));
}

/**
 * feasiblePeak with the battery's step factors made once (BatteryStep.factors, as doubles: docs/
 * performance.md, "Code shapes"), for a bisection that tests many peaks on the same battery: MPC
 * bisects each day's plan, some 30 tests a day.
 */
function feasibleWith(netKw: Float64Array, from: number, to: number, f: Float64Array, socInitialKwh: number, peakKw: number, out: Float64Array | undefined, endSocKwh: number, cap: Float64Array): boolean {
  const keep = f[FACTOR.keep];
  const socMaxKwh = f[FACTOR.socMaxKwh];
  const socMinKwh = f[FACTOR.socMinKwh];
  const chargeKw = f[FACTOR.chargeKw];
  const dischargeKw = f[FACTOR.dischargeKw];
  const chargeGain = f[FACTOR.chargeGain];
  const chargeGainInverse = f[FACTOR.chargeGainInverse];
  const dischargeCost = f[FACTOR.dischargeCost];
  const dischargeCostInverse = f[FACTOR.dischargeCostInverse];
  let soc = socInitialKwh;
  for (let t = from; t < to; t++) {
    const x = netKw[t];
    const kept = soc * keep;
    let p: number;
    if (x > peakKw) {
      const need = x - peakKw;
      const avail = (kept - socMinKwh) * dischargeCostInverse;
      const m = avail <= 0 ? 0 : avail < dischargeKw ? avail : dischargeKw;
      if (need > m * (1 + 1e-12) + 1e-12) return false;
      p = -need;
      soc = kept + p * dischargeCost;
      if (soc < socMinKwh) soc = socMinKwh;
    } else {
      const room = (socMaxKwh - kept) * chargeGainInverse;
      const m = room <= 0 ? 0 : room < chargeKw ? room : chargeKw;
      // Where x lies between the cap and P there is no headroom: the battery idles (p = 0, not < 0).
      const top = cap[t];
      const headroom = (top < peakKw ? top : peakKw) - x;
      p = headroom <= 0 ? 0 : headroom < m ? headroom : m;
      if (p > 0) {
        soc = kept + p * chargeGain;
        if (soc > socMaxKwh) soc = socMaxKwh;
      } else soc = kept;
    }
    if (out !== undefined) out[t] = p;
  }
  return soc >= endSocKwh - END_SOC_SLACK_KWH;
}

export interface MinimumPeak {
  peakKw: number;
  /** False when no peak lets the battery end as full as it started (self-discharge beyond charge power). */
  endConditionMet: boolean;
}

/**
 * The lowest peak import over [from, to) with the battery ending at least as full as it started
 * (or at least endSocKwh when given), recharging under capKw when given (null: no cap).
 */
export function minimumPeakImport(
  netKw: Float64Array,
  from: number,
  to: number,
  b: BatteryParams,
  dt: number,
  socInitialKwh: number,
  endSocKwh = socInitialKwh,
  capKw: Float64Array | null = null,
): MinimumPeak {
  // Each test is a direct call, not through a closure made per call (docs/performance.md, "Code shapes").
  const cap = capKw ?? noCap(to);
  const f = batteryStep(b, dt).factors;
  let maxNet = 0;
  for (let t = from; t < to; t++) if (netKw[t] > maxNet) maxNet = netKw[t];
  let lo = Math.max(0, maxNet - b.dischargeKw);
  let hi = maxNet;
  if (!feasibleWith(netKw, from, to, f, socInitialKwh, hi, undefined, endSocKwh, cap)) {
    hi = maxNet + b.chargeKw;
    if (!feasibleWith(netKw, from, to, f, socInitialKwh, hi, undefined, endSocKwh, cap)) return { peakKw: hi, endConditionMet: false };
    lo = maxNet;
  }
  if (lo < hi && feasibleWith(netKw, from, to, f, socInitialKwh, lo, undefined, endSocKwh, cap)) hi = lo;
  const tolerance = RELATIVE_TOLERANCE * Math.max(1, hi);
  while (hi - lo > tolerance) {
    const mid = 0.5 * (lo + hi);
    if (feasibleWith(netKw, from, to, f, socInitialKwh, mid, undefined, endSocKwh, cap)) hi = mid;
    else lo = mid;
  }
  return { peakKw: hi, endConditionMet: true };
}

/** How far below the fullest end a battery that cannot end as full as it started is asked to end (relative to socMax). */
const FULLEST_END_SLACK = 1e-6;

/**
 * The state (kWh) a battery starting at socInitialKwh ends [from, to) in when it charges all that
 * its power, its room and the headroom under capKw (null: none) allow in every step.
 */
function fullestEndKwh(netKw: Float64Array, from: number, to: number, b: BatteryParams, dt: number, socInitialKwh: number, capKw: Float64Array | null = null): number {
  const scheduleKw = new Float64Array(to);
  feasiblePeak(netKw, from, to, b, dt, socInitialKwh, Number.POSITIVE_INFINITY, scheduleKw, socInitialKwh, capKw);
  const s = batteryStep(b, dt);
  let socKwh = socInitialKwh;
  for (let t = from; t < to; t++) socKwh = nextSocKwh(s, socKwh, scheduleKw[t]);
  return socKwh;
}

/**
 * The end state a plan asks of a battery: its start, or, when even charging all it can leaves it
 * lower, that fullest end less FULLEST_END_SLACK x socMax (kWh).
 */
export function reachableEndKwh(netKw: Float64Array, from: number, to: number, b: BatteryParams, dt: number, socInitialKwh: number, capKw: Float64Array | null = null): number {
  if (feasiblePeak(netKw, from, to, b, dt, socInitialKwh, Number.POSITIVE_INFINITY, undefined, socInitialKwh, capKw)) return socInitialKwh;
  return fullestEndKwh(netKw, from, to, b, dt, socInitialKwh, capKw) - FULLEST_END_SLACK * Math.max(1, b.socMaxKwh);
}

/** A column of +Infinity of at least `steps` steps: no cap (made once per length, never written). */
function noCap(steps: number): Float64Array {
  let column = noCaps.get(steps);
  if (column === undefined) noCaps.set(steps, (column = new Float64Array(steps).fill(Number.POSITIVE_INFINITY)));
  return column;
}

const noCaps = new Map<number, Float64Array>();

/**
 * Perfect foresight over the whole axis: plans the greedy schedule at the exact minimum peak, the
 * battery ending at least as full as it started (or as it can: reachableEndKwh).
 */
export class Optimal implements Planner {
  readonly windowSteps = 0;
  private net: Float64Array | undefined;
  lastPeakKw = Number.NaN;

  constructor(readonly name: string) {}

  plan(view: PlanView, out: Setpoints): void {
    out.clear(view.from, view.to);
    const { battery } = view.hub;
    const dt = view.hub.axis.stepHours;
    const n = view.demandKw.length;
    if (this.net === undefined || this.net.length !== n) this.net = new Float64Array(n);
    const net = this.net;
    for (let t = view.from; t < view.to; t++) net[t] = view.demandKw[t] - view.generationKw[t];
    // The import cap bounds the recharge (above); a hub without one has a cap column of +Infinity.
    const cap = view.hub.importCapKw;
    let endKwh = view.socKwh;
    let best = minimumPeakImport(net, view.from, view.to, battery, dt, view.socKwh, endKwh, cap);
    if (!best.endConditionMet) {
      endKwh = reachableEndKwh(net, view.from, view.to, battery, dt, view.socKwh, cap);
      best = minimumPeakImport(net, view.from, view.to, battery, dt, view.socKwh, endKwh, cap);
    }
    this.lastPeakKw = best.peakKw;
    feasiblePeak(net, view.from, view.to, battery, dt, view.socKwh, best.peakKw, out.open('batteryKw'), endKwh, cap);
  }
}

import { batteryStep, maxChargeKw, maxDischargeKw, nextSocKwh } from '../engine/battery.js';
import type { PlanView, Planner } from '../engine/planner.js';
import type { Setpoints } from '../engine/setpoints.js';

/**
 * Rule-based peak shaving. With net load x = demand - generation and threshold T (kW, per step):
 *   x > T: discharge min(x - T, what the battery can give);
 *   x < T: recharge min(T - x, what the battery can take), so the recharge never lifts import above T.
 * The rule reads only the measured values of the step it sets, and tracks the state of charge with
 * the engine's battery physics, so planning the whole axis at once equals planning step by step
 * (a test checks this).
 */
export class PeakShaving implements Planner {
  readonly windowSteps = 0;
  constructor(
    readonly name: string,
    private readonly thresholdKw: Float64Array,
  ) {}

  plan(view: PlanView, out: Setpoints): void {
    const { battery } = view.hub;
    const step = batteryStep(battery, view.hub.axis.stepHours);
    const threshold = this.thresholdKw;
    let soc = view.socKwh;
    for (let t = view.from; t < view.to; t++) {
      const x = view.demandKw[t] - view.generationKw[t];
      const gap = x - threshold[t];
      let p: number;
      if (gap > 0) {
        const m = maxDischargeKw(step, soc);
        p = -(gap < m ? gap : m);
      } else {
        const m = maxChargeKw(step, soc);
        p = -gap < m ? -gap : m;
      }
      out.batteryKw[t] = p;
      out.shedKw[t] = 0;
      out.curtailKw[t] = 0;
      soc = nextSocKwh(step, soc, p);
    }
  }
}

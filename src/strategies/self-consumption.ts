import { batteryStep, maxChargeKw, maxDischargeKw, nextSocKwh } from '../engine/battery.js';
import type { PlanView, Planner } from '../engine/planner.js';
import type { Setpoints } from '../engine/setpoints.js';

/**
 * Rule-based self-consumption: charge from the PV and wind surplus (net load x < 0), discharge into
 * the load when x > 0, each within the battery's limits. Causal like peak shaving.
 */
export class SelfConsumption implements Planner {
  readonly windowSteps = 0;
  constructor(readonly name: string) {}

  plan(view: PlanView, out: Setpoints): void {
    const { battery } = view.hub;
    const step = batteryStep(battery, view.hub.axis.stepHours);
    let soc = view.socKwh;
    for (let t = view.from; t < view.to; t++) {
      const x = view.demandKw[t] - view.generationKw[t];
      let p: number;
      if (x < 0) {
        const m = maxChargeKw(step, soc);
        p = -x < m ? -x : m;
      } else {
        const m = maxDischargeKw(step, soc);
        p = -(x < m ? x : m);
      }
      out.batteryKw[t] = p;
      out.shedKw[t] = 0;
      out.curtailKw[t] = 0;
      soc = nextSocKwh(step, soc, p);
    }
  }
}

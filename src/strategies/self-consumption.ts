import type { PlanView, Planner } from '../engine/planner.js';
import type { Setpoints } from '../engine/setpoints.js';

/**
 * Rule-based self-consumption: charge from the PV and wind surplus (net load x < 0), discharge into
 * the load when x > 0, each within the battery's limits. That is a battery controller holding the
 * grid exchange at zero (holdKw = 0), applied by the engine's physics to
 * the measured values of each step; causal like peak shaving.
 */
export class SelfConsumption implements Planner {
  readonly windowSteps = 0;
  constructor(readonly name: string) {}

  plan(view: PlanView, out: Setpoints): void {
    out.clear(view.from, view.to);
    out.writeAll('holdKw').fill(0, view.from, view.to);
  }
}

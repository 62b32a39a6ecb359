import type { PlanView, Planner } from '../engine/planner.js';
import type { Setpoints } from '../engine/setpoints.js';
import type { ThresholdLevel } from './registry.js';

/**
 * Rule-based peak shaving. With net load x = demand - generation and threshold T (kW, per step):
 *   x > T: discharge min(x - T, what the battery can give);
 *   x < T: recharge min(T - x, what the battery can take), so the recharge never lifts import above T.
 * That is a battery controller holding the grid exchange at T, so the plan is the level T itself
 * (holdKw = T) and the engine's physics applies it to the value measured
 * in each step: the rule is causal, and planning the whole axis at once equals planning step by
 * step (a test checks this).
 */
export class PeakShaving implements Planner {
  readonly windowSteps = 0;
  constructor(
    readonly name: string,
    private readonly threshold: ThresholdLevel,
  ) {}

  plan(view: PlanView, out: Setpoints): void {
    out.clear(view.from, view.to);
    const { levelKw, cappedByImportCap } = this.threshold;
    const cap = view.hub.importCapKw;
    const hold = out.writeAll('holdKw').fill(levelKw, view.from, view.to);
    // The caps are mostly above the level: a fill, and a loop over the caps only where one is lower.
    if (cappedByImportCap && view.hub.importCapLowestKw < levelKw) for (let t = view.from; t < view.to; t++) if (cap[t] < levelKw) hold[t] = cap[t];
  }
}


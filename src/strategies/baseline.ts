import type { PlanView, Planner } from '../engine/planner.js';
import type { Setpoints } from '../engine/setpoints.js';

/** No control: the battery idles, nothing is shed or curtailed. The reference for every reduction. */
export class Baseline implements Planner {
  readonly windowSteps = 0;
  constructor(readonly name: string) {}

  plan(view: PlanView, out: Setpoints): void {
    out.clear(view.from, view.to);
  }
}

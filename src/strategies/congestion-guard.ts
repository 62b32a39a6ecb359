import type { PlanView, Planner } from '../engine/planner.js';
import type { Setpoints } from '../engine/setpoints.js';
import { ShedBudget } from '../engine/shedding.js';

/**
 * Congestion management (tijdelijk afschakelen and dynamisch terugleveren) as a guard after any
 * battery plan: where the planned import would exceed the import cap, shed flexible load (within its
 * daily budget); where the planned export would exceed the export cap, curtail PV and wind.
 *
 *   shed      = min(grid - importCap, flexible load left today)
 *   curtailed = min(-grid - exportCap, generation)
 *
 * Wrapping the baseline gives congestion management alone.
 */
export class CongestionGuard implements Planner {
  readonly windowSteps: number;
  private budget: ShedBudget | undefined;

  constructor(
    readonly name: string,
    private readonly inner: Planner,
  ) {
    this.windowSteps = inner.windowSteps;
  }

  diagnostics(): Record<string, number | string> | undefined {
    return this.inner.diagnostics?.();
  }

  plan(view: PlanView, out: Setpoints): void {
    this.inner.plan(view, out);
    const { importCapKw, exportCapKw, flexible, dayIndex } = view.hub;
    this.budget ??= new ShedBudget(flexible, dayIndex);
    for (let t = view.from; t < view.to; t++) {
      const grid = view.demandKw[t] - view.generationKw[t] + out.batteryKw[t];
      const over = grid - importCapKw[t];
      out.shedKw[t] = over > 0 ? this.budget.shed(t, over) : 0;
      const overExport = -grid - exportCapKw[t];
      const gen = view.generationKw[t];
      out.curtailKw[t] = overExport > 0 ? (overExport < gen ? overExport : gen) : 0;
    }
  }
}

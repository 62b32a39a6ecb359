import type { HeldLevels, PlanView, Planner } from '../engine/planner.js';
import type { ResolvedHub } from '../model/resolved.js';
import type { Setpoints } from '../engine/setpoints.js';

/**
 * Congestion management (tijdelijk afschakelen and dynamisch terugleveren) as a guard after any
 * battery plan: where the import after the battery would exceed the import cap, shed flexible load
 * (within its daily budget); where the export would exceed the export cap, curtail PV and wind.
 *
 *   shed      = min(grid - importCap, flexible load left today)
 *   curtailed = min(-grid - exportCap, generation)
 *
 * The guard sets the caps as the levels of the engine's shedding and feed-in controllers (the
 * controls follow the hub's cap columns, not copies), which apply them to the measured values after
 * the battery has acted. Wrapping the baseline gives congestion management alone.
 */
export class CongestionGuard implements Planner, HeldLevels {
  readonly windowSteps: number;
  readonly windowStarts?: Int32Array;
  /** A battery plan of held levels stays one under the guard, which the held-level pass then runs too. */
  readonly heldLevels?: HeldLevels;
  readonly guardsCaps = true;

  constructor(
    readonly name: string,
    private readonly inner: Planner,
  ) {
    this.windowSteps = inner.windowSteps;
    if (inner.windowStarts !== undefined) this.windowStarts = inner.windowStarts;
    if (inner.heldLevels !== undefined) this.heldLevels = this;
  }

  levels(hub: ResolvedHub, from: number, to: number, lastPeakImportKw: number, above: Float64Array, below: Float64Array, level: Float64Array): boolean {
    return this.inner.heldLevels!.levels(hub, from, to, lastPeakImportKw, above, below, level);
  }

  diagnostics(): Record<string, number | string> | undefined {
    return this.inner.diagnostics?.();
  }

  plan(view: PlanView, out: Setpoints): void {
    this.inner.plan(view, out);
    const { importCapKw, exportCapKw } = view.hub;
    out.follow('shedAboveKw', importCapKw);
    out.follow('curtailAboveKw', exportCapKw);
  }
}

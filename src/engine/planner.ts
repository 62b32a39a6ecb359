import type { MarketPositions } from '../flex/positions.js';
import type { ResolvedHub } from '../model/resolved.js';
import type { Setpoints } from './setpoints.js';

/**
 * What a strategy may know when it plans the window [from, to): the hub's parameters (battery,
 * caps, flexible limits), the state of charge at the window's start, what the meter measured in the
 * window before (its highest import), and the demand and generation columns. A causal strategy reads
 * those only before `from` (or forecasts from them); a perfect-foresight bound reads the window itself.
 * The engine passes one view per run and sets it anew for each window: a planner reads it during
 * `plan` and keeps no reference to it.
 */
export interface PlanView {
  readonly hub: ResolvedHub;
  readonly from: number;
  readonly to: number;
  readonly socKwh: number;
  /** The highest grid import measured in the previous planning window (kW, at least 0); 0 before the first. */
  readonly lastPeakImportKw: number;
  readonly demandKw: Float64Array;
  readonly generationKw: Float64Array;
}

/**
 * The one interface every strategy implements. The engine rolls the window, calls plan, and applies
 * physics to whatever plan wrote into the setpoints for [from, to). It never asks a strategy's kind.
 */
export interface Planner {
  readonly name: string;
  /** Steps per planning window; 0 plans the whole axis at once. */
  readonly windowSteps: number;
  /**
   * Optional: the first step of each planning window (ascending, from 0), for windows of unequal
   * length such as the local days (23, 24 or 25 hours); it replaces windowSteps.
   */
  readonly windowStarts?: Int32Array;
  plan(view: PlanView, out: Setpoints): void;
  /**
   * Optional: the same plan, for a planner whose every window only holds battery levels (discharge
   * above one, charge below the other, no explicit power) and reads nothing but the meter's peak of
   * the window before. A batch run then plans each window as the engine's held-level pass reaches
   * it (Physics.holdWindows), with no view, setpoints or dispatch per window, and a window whose
   * levels are one pair throughout is handed over as two numbers; a recorded run, or a run with
   * windows of its own, calls plan. Both must decide the same, step for step.
   */
  readonly heldLevels?: HeldLevels;
  /** Optional facts about the planning itself (a solver's status, solves, time), for the results. */
  diagnostics?(): Record<string, number | string> | undefined;
  /** Optional: what the strategy sold on the flex market, settled in the results against the run. */
  positions?(): MarketPositions | undefined;
}

/**
 * A planner's windows as held battery levels (Planner.heldLevels): a local controller that discharges
 * where the measured grid exchange would exceed `above` and charges where it would fall below
 * `below`, each window's levels set from what the meter measured in the window before.
 */
export interface HeldLevels {
  /** Shed flexible load above the import cap and curtail generation above the export cap, after the battery (the congestion guard). */
  readonly guardsCaps: boolean;
  /**
   * The levels of the window [from, to), as plan would set them for the same window: called in
   * window order, with the highest import the meter measured in the window before (kW, at least 0;
   * 0 before the first). Either writes every step of `above` (discharge above it) and `below` (charge
   * below it) and returns false, or, for levels that are the same in every step of the window,
   * writes them into level[0] (above) and level[1] (below) only and returns true.
   */
  levels(hub: ResolvedHub, from: number, to: number, lastPeakImportKw: number, above: Float64Array, below: Float64Array, level: Float64Array): boolean;
}

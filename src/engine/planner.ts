import type { MarketPositions } from '../flex/positions.js';
import type { ResolvedHub } from '../model/resolved.js';
import type { Setpoints } from './setpoints.js';

/**
 * What a strategy may know when it plans the window [from, to): the hub's parameters (battery,
 * caps, flexible limits), the state of charge at the window's start, and a forecast of demand and
 * generation for the window. For the strategies of the core the forecast is the measured value.
 */
export interface PlanView {
  readonly hub: ResolvedHub;
  readonly from: number;
  readonly to: number;
  readonly socKwh: number;
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
  plan(view: PlanView, out: Setpoints): void;
  /** Optional facts about the planning itself (a solver's status, solves, time), for the results. */
  diagnostics?(): Record<string, number | string> | undefined;
  /** Optional: what the strategy sold on the flex market, settled in the results against the run. */
  positions?(): MarketPositions | undefined;
}

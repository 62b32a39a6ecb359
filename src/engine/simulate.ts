import type { MarketPositions } from '../flex/positions.js';
import type { ResolvedHub } from '../model/resolved.js';
import { BALANCE_TOLERANCE } from './balance.js';
import { Physics } from './physics.js';
import type { PlanView, Planner } from './planner.js';
import { Recorder } from './recorder.js';
import { Setpoints } from './setpoints.js';
import { ACC, finishSummary, type RunSummary } from './summary.js';

export interface RunRecord {
  readonly strategy: string;
  /** The per-step columns; null for a run made with record: false. */
  readonly recorder: Recorder | null;
  /** The run's sums and its energy-balance check. */
  readonly balance: RunSummary;
  /** What the planner reports about its planning (e.g. solver status), if anything. */
  readonly diagnostics?: Record<string, number | string>;
  /** What the planner sold on the flex market, if anything. */
  readonly positions?: MarketPositions;
}

/** A run that kept its per-step columns. */
export interface RecordedRun extends RunRecord {
  readonly recorder: Recorder;
}

export interface SimulateOptions {
  /** Plan with this window instead of the strategy's own (used to prove rule-based strategies causal). */
  windowSteps?: number;
  /** Keep the per-step columns (default true). Batch runs that need only metrics pass false. */
  record?: boolean;
  /** Reuse these setpoint columns (batch runs); they are overwritten. */
  setpoints?: Setpoints;
  /** Record into these columns instead of new ones (batch runs that keep a pool); they are overwritten. */
  recorder?: Recorder;
  /** With record: false, still write the grid exchange of each step (kW) into this column (batch runs that price it). */
  gridKw?: Float64Array;
  /** With record: false, still write the generation curtailed in each step (kW) into this column (batch runs that value lost generation). */
  curtailedKw?: Float64Array;
  /** With record: false, the battery's power per step goes into this column between the physics passes (batch runs reuse one); overwritten. */
  batteryKw?: Float64Array;
}

/**
 * The simulation loop: roll the planning window over the axis, let the strategy plan, apply physics,
 * record. Then check the energy balance of the whole run; a violation is an engine bug and throws.
 */
export function simulate(hub: ResolvedHub, planner: Planner, options?: SimulateOptions & { record?: true }): RecordedRun;
export function simulate(hub: ResolvedHub, planner: Planner, options: SimulateOptions): RunRecord;
export function simulate(hub: ResolvedHub, planner: Planner, options: SimulateOptions = {}): RunRecord {
  const n = hub.axis.steps;
  const rec = options.record === false ? null : options.recorder?.steps === n ? options.recorder : new Recorder(n);
  const setpoints = options.setpoints?.batteryKw.length === n ? options.setpoints : new Setpoints(n);
  const physics = new Physics(hub, rec === null ? (options.batteryKw ?? null) : null);
  const gridKw = rec === null && options.gridKw?.length === n ? options.gridKw : null;
  const curtailedKw = rec === null && options.curtailedKw?.length === n ? options.curtailedKw : null;
  const own = options.windowSteps ?? planner.windowSteps;
  const window = own > 0 ? own : n;
  const starts = options.windowSteps === undefined ? planner.windowStarts : undefined;
  // A batch run of a planner that only holds battery levels plans its windows inside the pass.
  const held = rec === null && starts !== undefined ? planner.heldLevels : undefined;
  const planned = held !== undefined && physics.holdWindows(hub, starts!, held, setpoints.dischargeAboveKw, setpoints.chargeBelowKw, gridKw, curtailedKw);
  let lastPeakImportKw = 0;
  // One view for the run, set anew for each window: a planner reads it while it plans and keeps
  // nothing of it (a planner of one step a window would otherwise have an object made per step).
  const view: { -readonly [K in keyof PlanView]: PlanView[K] } = { hub, from: 0, to: 0, socKwh: 0, lastPeakImportKw: 0, demandKw: hub.demandKw, generationKw: hub.generationKw };
  for (let w = 0, from = planned ? n : 0; from < n; w++) {
    const to = starts !== undefined ? (w + 1 < starts.length ? Math.min(n, starts[w + 1]) : n) : Math.min(n, from + window);
    view.from = from;
    view.to = to;
    view.socKwh = physics.socKwh;
    view.lastPeakImportKw = lastPeakImportKw;
    setpoints.clear(from, to);
    planner.plan(view, setpoints);
    // The window's own highest import, from the run's running peak (reset for the window, then restored).
    const peakBefore = physics.acc[ACC.peakImport];
    physics.acc[ACC.peakImport] = 0;
    physics.apply(from, to, setpoints, rec, gridKw, curtailedKw);
    lastPeakImportKw = physics.acc[ACC.peakImport];
    if (peakBefore > lastPeakImportKw) physics.acc[ACC.peakImport] = peakBefore;
    from = to;
  }
  const balance = finishSummary(hub, physics.acc, physics.socKwh, physics.ledger);
  // Written as "not within" so that a NaN or infinite sum (an overflow) fails the check too.
  const within = (r: number): boolean => r <= BALANCE_TOLERANCE;
  if (!within(balance.energyResidualRelative) || !within(balance.batteryResidualRelative) || !within(balance.shiftResidualRelative) || !Number.isFinite(balance.energyResidualKwh)) {
    throw new Error(
      `energy balance violated in hub "${hub.name}", strategy "${planner.name}": residual ${balance.energyResidualKwh} kWh ` +
        `(${balance.energyResidualRelative} relative), battery residual ${balance.batteryResidualKwh} kWh, shifted load residual ${balance.shiftResidualKwh} kWh. This is a bug in hubsim.`,
    );
  }
  const positions = planner.positions?.();
  return { strategy: planner.name, recorder: rec, balance, diagnostics: planner.diagnostics?.(), ...(positions ? { positions } : {}) };
}

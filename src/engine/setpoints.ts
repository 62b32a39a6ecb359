/** The controls a planner can set; each is a column of the Setpoints. */
export type Control = 'batteryKw' | 'holdKw' | 'dischargeAboveKw' | 'chargeBelowKw' | 'shedAboveKw' | 'curtailAboveKw';

/** Bits of Setpoints.inUse, one per control. */
export const CONTROL = {
  batteryKw: 1,
  holdKw: 2,
  dischargeAboveKw: 4,
  chargeBelowKw: 8,
  shedAboveKw: 16,
  curtailAboveKw: 32,
} as const;

/** The value of a control that is off: the battery idles, a level that is never reached. */
const OFF: { readonly [C in Control]: number } = {
  batteryKw: 0,
  holdKw: Number.NaN,
  dischargeAboveKw: Number.POSITIVE_INFINITY,
  chargeBelowKw: Number.NEGATIVE_INFINITY,
  shedAboveKw: Number.POSITIVE_INFINITY,
  curtailAboveKw: Number.POSITIVE_INFINITY,
};

/**
 * The slot of a control: its bit in CONTROL is 1 << slot. A switch, not a lookup by name: the
 * engine asks for every control by name in every window, and a property read by a name that varies
 * is slow once it has seen several.
 */
function slotOf(control: Control): number {
  switch (control) {
    case 'batteryKw':
      return 0;
    case 'holdKw':
      return 1;
    case 'dischargeAboveKw':
      return 2;
    case 'chargeBelowKw':
      return 3;
    case 'shedAboveKw':
      return 4;
    default:
      return 5;
  }
}

/**
 * What a strategy returns for the steps of its planning window. The engine applies physics to them
 * (limits, budgets) and records what actually happened.
 *
 * A setpoint is either an explicit battery power, or a level of the grid exchange that the hub's
 * local controllers hold with the value measured in the step itself, the way a battery inverter in
 * peak-shaving mode or a feed-in limiter works:
 *
 *   battery  = batteryKw, plus discharge down to dischargeAboveKw or charge up to chargeBelowKw;
 *              holdKw is both levels at once (the battery holds the grid exchange there)
 *   shed     = flexible load above shedAboveKw of import, within the daily budgets
 *   curtail  = PV and wind above curtailAboveKw of export
 *
 * A rule-based strategy therefore states its rule as levels and costs no pass of its own over the
 * steps, and the physics stays the only place that steps the state of charge.
 *
 * A window starts with every control off (clear). A planner writes a control through open(), which
 * fills the window with the control's off value the first time and marks it in use; the engine reads
 * only the controls in use, and runs a loop without the physics of the others (an idle battery, no
 * shedding): that is what lets a rule-based hub-year take a fraction of a millisecond.
 */
export class Setpoints {
  /** Battery power at the grid side (kW): > 0 charge, < 0 discharge. */
  readonly batteryKw: Float64Array;
  /**
   * Charge or discharge (on top of batteryKw) so that the grid exchange stays at this level (kW;
   * negative is export): dischargeAboveKw and chargeBelowKw at one level, and not combined with them.
   * NaN: off.
   */
  readonly holdKw: Float64Array;
  /** Discharge (on top of batteryKw) so that import stays at or below this (kW); +Infinity: off. */
  readonly dischargeAboveKw: Float64Array;
  /** Charge (on top of batteryKw) so that the grid exchange rises to this (kW; negative is export); -Infinity: off. */
  readonly chargeBelowKw: Float64Array;
  /** Shed flexible load where import would exceed this (kW); +Infinity: off. */
  readonly shedAboveKw: Float64Array;
  /** Curtail PV and wind where export would exceed this (kW, export positive); +Infinity: off. */
  readonly curtailAboveKw: Float64Array;
  /** The controls opened in the current window, as CONTROL bits; the others are off. */
  inUse = 0;
  private from = 0;
  private to = 0;

  constructor(readonly steps: number) {
    this.batteryKw = new Float64Array(steps);
    this.holdKw = new Float64Array(steps);
    this.dischargeAboveKw = new Float64Array(steps);
    this.chargeBelowKw = new Float64Array(steps);
    this.shedAboveKw = new Float64Array(steps);
    this.curtailAboveKw = new Float64Array(steps);
    this.columns = [this.batteryKw, this.holdKw, this.dischargeAboveKw, this.chargeBelowKw, this.shedAboveKw, this.curtailAboveKw];
  }

  /** Start the window [from, to) with every control off: the battery idles, the controllers are off. */
  clear(from: number, to: number): void {
    this.from = from;
    this.to = to;
    this.inUse = 0;
    this.followed = 0;
  }

  /**
   * Let a control follow a column of the whole axis for the current window (a cap of the hub's, or
   * the levels a grid operator's signal sets), read where it is instead of copied: the engine reads
   * it through read(), and can tell it by identity (the physics runs the congestion guard's levels on
   * the caps it reads anyway). The column is not written. Writing the control in the same window is
   * a planner bug.
   */
  follow(control: Control, column: Float64Array): void {
    this.checkHold(control);
    if (column.length !== this.steps) throw new Error(`setpoints: ${control} cannot follow a column of ${column.length} steps on an axis of ${this.steps}. This is a bug in hubsim.`);
    const slot = slotOf(control);
    this.inUse |= 1 << slot;
    this.followed |= 1 << slot;
    this.followedColumns[slot] = column;
  }

  /** The column of a control, to write for the current window; the first call fills the window with the off value. */
  open(control: Control): Float64Array {
    this.checkHold(control);
    this.checkWritable(control);
    const slot = slotOf(control);
    const column = this.columns[slot];
    if ((this.inUse & (1 << slot)) === 0) {
      column.fill(OFF[control], this.from, this.to);
      this.inUse |= 1 << slot;
    }
    return column;
  }

  /**
   * The column of a control, for a planner that writes every step of the current window itself (no
   * fill); marks it in use.
   */
  writeAll(control: Control): Float64Array {
    this.checkHold(control);
    this.checkWritable(control);
    const slot = slotOf(control);
    this.inUse |= 1 << slot;
    return this.columns[slot];
  }

  /** Whether a control is in use in the current window. */
  has(control: Control): boolean {
    return (this.inUse & (1 << slotOf(control))) !== 0;
  }

  /**
   * The column the engine reads for a control: the one it follows, or its own when in use, else a
   * column that holds the off value in every step (made once), so that a loop reads every control alike.
   */
  read(control: Control): Float64Array {
    const slot = slotOf(control);
    const bit = 1 << slot;
    if ((this.followed & bit) !== 0) return this.followedColumns[slot] as Float64Array;
    if ((this.inUse & bit) !== 0) return this.columns[slot];
    return (this.offColumns[slot] ??= new Float64Array(this.steps).fill(OFF[control]));
  }

  /** holdKw sets both battery levels, so it cannot be combined with either (a planner bug). */
  private checkHold(control: Control): void {
    const levels = CONTROL.dischargeAboveKw | CONTROL.chargeBelowKw;
    const clash = control === 'holdKw' ? this.inUse & levels : control === 'dischargeAboveKw' || control === 'chargeBelowKw' ? this.inUse & CONTROL.holdKw : 0;
    if (clash !== 0) throw new Error(`setpoints: holdKw cannot be combined with dischargeAboveKw or chargeBelowKw in one window. This is a bug in hubsim.`);
  }

  /** A followed control's column is not the planner's: writing it would change the hub or the signal (a planner bug). */
  private checkWritable(control: Control): void {
    if ((this.followed & (1 << slotOf(control))) !== 0) throw new Error(`setpoints: ${control} follows a column in this window and cannot be written. This is a bug in hubsim.`);
  }

  /** The columns by slot, and for each slot the one that holds the off value everywhere (made when first read). */
  private readonly columns: Float64Array[];
  private readonly offColumns: (Float64Array | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined];
  /** The controls that follow a column in the current window, as CONTROL bits, and their columns. */
  private followed = 0;
  private readonly followedColumns: (Float64Array | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined];
}

/**
 * What a strategy returns: per-step setpoints, written for the steps of its planning window.
 * The engine applies physics to them (limits, budgets) and records what actually happened.
 */
export class Setpoints {
  /** Battery power at the grid side (kW): > 0 charge, < 0 discharge. */
  readonly batteryKw: Float64Array;
  /** Flexible load to switch off (kW, >= 0). */
  readonly shedKw: Float64Array;
  /** PV and wind output to curtail (kW, >= 0). */
  readonly curtailKw: Float64Array;

  constructor(steps: number) {
    this.batteryKw = new Float64Array(steps);
    this.shedKw = new Float64Array(steps);
    this.curtailKw = new Float64Array(steps);
  }
}

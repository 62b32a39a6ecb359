/**
 * What a strategy returns for the steps of its planning window. The engine applies physics to them
 * (limits, budgets) and records what actually happened.
 *
 * A setpoint is either an explicit battery power, or a level of the grid exchange that the hub's
 * local controllers hold with the value measured in the step itself, the way a battery inverter in
 * peak-shaving mode or a feed-in limiter works:
 *
 *   battery  = batteryKw, plus discharge down to dischargeAboveKw or charge up to chargeBelowKw
 *   shed     = flexible load above shedAboveKw of import, within the daily budgets
 *   curtail  = PV and wind above curtailAboveKw of export
 *
 * A rule-based strategy therefore states its rule as levels and costs no pass of its own over the
 * steps, and the physics stays the only place that steps the state of charge.
 */
export class Setpoints {
  /** Battery power at the grid side (kW): > 0 charge, < 0 discharge. */
  readonly batteryKw: Float64Array;
  /** Discharge (on top of batteryKw) so that import stays at or below this (kW); +Infinity: off. */
  readonly dischargeAboveKw: Float64Array;
  /** Charge (on top of batteryKw) so that the grid exchange rises to this (kW; negative is export); -Infinity: off. */
  readonly chargeBelowKw: Float64Array;
  /** Shed flexible load where import would exceed this (kW); +Infinity: off. */
  readonly shedAboveKw: Float64Array;
  /** Curtail PV and wind where export would exceed this (kW, export positive); +Infinity: off. */
  readonly curtailAboveKw: Float64Array;

  constructor(steps: number) {
    this.batteryKw = new Float64Array(steps);
    this.dischargeAboveKw = new Float64Array(steps);
    this.chargeBelowKw = new Float64Array(steps);
    this.shedAboveKw = new Float64Array(steps);
    this.curtailAboveKw = new Float64Array(steps);
  }

  /** No control over [from, to): the battery idles, the controllers are off. Planners start here. */
  clear(from: number, to: number): void {
    this.batteryKw.fill(0, from, to);
    this.dischargeAboveKw.fill(Number.POSITIVE_INFINITY, from, to);
    this.chargeBelowKw.fill(Number.NEGATIVE_INFINITY, from, to);
    this.shedAboveKw.fill(Number.POSITIVE_INFINITY, from, to);
    this.curtailAboveKw.fill(Number.POSITIVE_INFINITY, from, to);
  }
}

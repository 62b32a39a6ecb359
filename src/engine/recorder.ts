/**
 * What happened in each step of a run, as preallocated columns. Conversion to tables happens only in
 * the report layer.
 */
export class Recorder {
  /** Grid exchange (kW): > 0 import, < 0 export. */
  readonly gridKw: Float64Array;
  /** Battery power at the grid side (kW): > 0 charge, < 0 discharge. */
  readonly batteryKw: Float64Array;
  /** State of charge at the end of the step (kWh). */
  readonly socKwh: Float64Array;
  /** Flexible load switched off (kW). */
  readonly shedKw: Float64Array;
  /** PV and wind output curtailed (kW). */
  readonly curtailedKw: Float64Array;
  /** Shifted load served again below the level the shedding holds (kW), on top of demand. */
  readonly recoveredKw: Float64Array;
  /** Shifted load served at its deadline regardless of the cap (kW), on top of demand. */
  readonly reboundKw: Float64Array;
  /** Violation flags, see FLAG. */
  readonly flags: Uint8Array;

  constructor(readonly steps: number) {
    this.gridKw = new Float64Array(steps);
    this.batteryKw = new Float64Array(steps);
    this.socKwh = new Float64Array(steps);
    this.shedKw = new Float64Array(steps);
    this.curtailedKw = new Float64Array(steps);
    this.recoveredKw = new Float64Array(steps);
    this.reboundKw = new Float64Array(steps);
    this.flags = new Uint8Array(steps);
  }
}

/** The energy-balance check of a run (computed in summarize, one pass with the run's sums). */
export interface BalanceCheck {
  /**
   * Sum over steps of (served + charge + export + curtailed) - (generation + discharge + import), kWh;
   * served = demand - shed + shifted load served again (recovered and rebound).
   */
  energyResidualKwh: number;
  /** The residual relative to the total energy that flowed. */
  energyResidualRelative: number;
  /** Stored energy at the end - at the start - (charged x eta_c - discharged / eta_d - self-discharge), kWh. */
  batteryResidualKwh: number;
  /** The battery residual relative to its capacity plus the energy that went through it. */
  batteryResidualRelative: number;
  /** Shifted - recovered - rebound - still owed at the end (the ledger's state), kWh; 0 without shifted load. */
  shiftResidualKwh: number;
  /** The shift residual relative to the shifted energy. */
  shiftResidualRelative: number;
}

/** A residual above this (relative) is a bug in the engine, never a property of the input. */
export const BALANCE_TOLERANCE = 1e-6;

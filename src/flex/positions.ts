/**
 * What a strategy sold on the flex market in each step, for settlement against what the physics
 * then did: GOPACS volumes cleared, the import the hub would have had without them, and which steps
 * the battery traded day-ahead in.
 */
export interface MarketPositions {
  /** Import reduction cleared on GOPACS, delivered by the battery (kW). */
  readonly gopacsBatteryKw: Float64Array;
  /**
   * Of gopacsBatteryKw, what the battery was asked to give when the step came (kW): less where an
   * intraday promise, made from the battery state lead time before, met a battery that no longer had
   * it above the levels' reserve (the rest is not delivered).
   */
  readonly gopacsBatteryExecutedKw: Float64Array;
  /** Import reduction cleared on GOPACS, delivered by shedding (kW). */
  readonly gopacsShedKw: Float64Array;
  /** Value of the cleared bids at their own prices (EUR per hour of the step). */
  readonly gopacsEurPerHour: Float64Array;
  /** The import the plan would have had without the GOPACS bids (kW): what delivery is measured from. */
  readonly gopacsBaselineKw: Float64Array;
  /** Export reduction cleared on GOPACS in feed-in congestion, delivered by charging the battery (kW). */
  readonly gopacsExportBatteryKw: Float64Array;
  /** Export reduction cleared on GOPACS, delivered by curtailing PV and wind (kW). */
  readonly gopacsCurtailKw: Float64Array;
  /** Value of the cleared export bids at their own prices (EUR per hour of the step). */
  readonly gopacsExportEurPerHour: Float64Array;
  /** The export the plan would have had without the export bids (kW, positive). */
  readonly gopacsExportBaselineKw: Float64Array;
  /** Day-ahead trades: +1 a step bought to charge, -1 a step sold from the battery, 0 none. */
  readonly arbitrage: Int8Array;
}

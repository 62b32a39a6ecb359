/** Per-step violation flags (bits), recorded by the engine and counted in the results. */
export const FLAG = {
  /** Grid import above the import cap. */
  importAboveCap: 1,
  /** Grid export above the export cap. */
  exportAboveCap: 2,
  /** The battery was asked (explicitly, or by a grid level its controller holds) for more than its power or state of charge allow, and was clipped. */
  batteryLimited: 4,
  /** More shedding was asked than the flexible loads and their daily budgets allow. */
  shedLimited: 8,
  /** More curtailment was asked than there was generation. */
  curtailLimited: 16,
  /** Shifted load came back at its deadline regardless of the cap (forced rebound). */
  rebound: 32,
} as const;

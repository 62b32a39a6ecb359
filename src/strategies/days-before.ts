/*
 * The days before a run, as a controller remembers them.
 *
 * A causal controller decides from what it measured before each step, and in the field it does not
 * start its year empty-handed: its meter recorded the weeks before. Four strategies read them: an
 * online peak shaver sizes each day's level on the windowDays days before it (peak-shaving.ts), a
 * causal flex strategy forecasts its first week from the week before and starts its margin from the
 * misses of its forecast over the 28 days before (flex-forecast.ts FlexMemory), the grid operator's
 * day-ahead signal for a grid-aware hub
 * repeats the load of the week before and
 * learns its recharge margin from the misses of the 28 days before that (grid-aware.ts), and MPC
 * forecasts its first week from the 14 UTC days before and starts its margin from their forecasts'
 * misses (day-forecasts.ts, mpc.ts). Given the days before the run they start from them; without,
 * they learn: the peak shaver for its first week, flex for its first week (no plan on day 0, the
 * day before alone after it, no margin), the
 * signal for its first week (no signal, the battery holds the import cap only), MPC idling on day 0
 * and falling back to yesterday's forecast.
 *
 * Where they come from: `hubsim run` a peak shaver's (or flex strategy's) designYear
 * (registry.ts preparePreviousYear), a rollout the terrain's previous
 * simulated year (the signal from the horizon's second year: rollout/run-task.ts), a sweep a drawn
 * year before each synthetic year (sweep/year-before.ts).
 */

import { amsterdamWallMs } from '../time/amsterdam.js';
import { DAY_MS, endMs, type TimeAxis } from '../time/axis.js';

/** The last local days before a run, their columns ending where the run begins. */
export interface DaysBefore {
  /**
   * The local days, oldest first: day k is the steps [dayStarts[k], dayStarts[k + 1]) of the
   * columns below, and the last ends at their end.
   */
  readonly dayStarts: Int32Array;
  /** The hub's demand and generation (kW per step). */
  readonly demandKw: Float64Array;
  readonly generationKw: Float64Array;
  /**
   * The rest of the hub's substation (kW per step): its background plus the other terrains, none of
   * them controlled; null for a hub without a substation.
   */
  readonly substationOtherKw: Float64Array | null;
  /**
   * Whether the last day is only the head of a local day: columns that end after local midnight (a
   * UTC year ends at 01:00 local, its last "day" one hour), which a controller that remembers whole
   * days leaves out.
   */
  readonly endsWithHead: boolean;
}

/** Whether days that end where `axis` ends end with the head of a local day (DaysBefore.endsWithHead). */
export function endsWithHead(axis: TimeAxis): boolean {
  return amsterdamWallMs(endMs(axis)) % DAY_MS !== 0;
}

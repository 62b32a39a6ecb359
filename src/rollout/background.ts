import { profileColumn } from '../model/resolve.js';
import { yearAxis } from '../time/axis.js';
import type { LoadedRollout } from './load.js';

/*
 * A substation's background load: everything on it besides the rollout's terrains (homes, other
 * companies), an input of the rollout. Its profile on a weather year's axis, grown to a horizon year
 * by compounding from the rollout's growth.baseYear:
 *
 *   bg_t(year) = profile_t x (1 + backgroundGrowthPerYear)^(year - baseYear)     (kW)
 */

/** The background profile of substation `index` on a weather year's axis, as given (kW per step). */
export function backgroundProfile(loaded: LoadedRollout, index: number, weatherYear: number, stepMinutes: number): Float64Array {
  const s = loaded.rollout.substations[index];
  return profileColumn(s.backgroundLoad, yearAxis(weatherYear, stepMinutes), loaded.source, ['substations', index, 'backgroundLoad'], 'rollout.absurdValue');
}

/** The background's growth factor from growth.baseYear to `year`. */
export function backgroundGrowth(loaded: LoadedRollout, index: number, year: number): number {
  return Math.pow(1 + loaded.rollout.substations[index].backgroundGrowthPerYear, year - loaded.rollout.growth.baseYear);
}

/** profile x factor, step by step, into `out`. */
export function grownBackground(profile: Float64Array, factor: number, out: Float64Array): Float64Array {
  for (let t = 0; t < out.length; t++) out[t] = profile[t] * factor;
  return out;
}

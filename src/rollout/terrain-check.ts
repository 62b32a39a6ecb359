import { HubsimError } from '../errors.js';
import { MAX_ENERGY_KWH, MAX_POWER_KW } from '../limits.js';
import type { Hub } from '../model/hub.js';
import { filledStepsOf, type FilledSteps } from '../model/resolve.js';
import { alignToAxis } from '../profiles/align.js';
import { findShipped, loadShipped } from '../profiles/catalogue.js';
import { shapeFactor } from '../profiles/scale.js';
import { yearAxis } from '../time/axis.js';
import type { RolloutContext } from './context.js';
import { yearAxisKey } from './keys.js';

/*
 * The main thread's check of the terrains, before any thread starts: every input error a thread
 * could meet when it resolves a terrain's hub (model/resolve.ts) must surface here, with its own code
 * and words. Resolving every terrain in every weather year does that but costs a few milliseconds
 * each (a national rollout: 8,000 terrain-years, most of the main thread's serial time). Most
 * terrains are made of shipped shapes and constants only, and for those it is enough to know, per
 * distinct shipped profile and axis (read and aligned once), its largest value: a member's column
 * is that shape times its scaling factor, a PV or wind column the capacity factor times the
 * capacity. Such a terrain is passed without resolving it when every bound is within the limits
 * resolveHub enforces (MAX_POWER_KW, MAX_ENERGY_KWH, non-negative output per unit). Any other terrain
 * (a profile file, values per step, a contract or congestion signal, a bound beyond a limit, a shape
 * that is not shipped) is resolved as a thread resolves it and dropped at once: its error, if it
 * has one, is resolveHub's own, and the steps its files did not hold are reported.
 */

/** A shipped profile on an axis: the largest absolute value and the smallest value of its aligned column. */
interface ShippedBounds {
  readonly maxAbs: number;
  readonly min: number;
}

export class TerrainCheck {
  /** Bounds by shipped profile id, then by the year's axis (yearAxisKey). */
  private readonly bounds = new Map<string, Map<number, ShippedBounds>>();

  constructor(private readonly ctx: RolloutContext) {}

  /**
   * Check a terrain's hub in a weather year (throws resolveHub's error if it has one) and return the
   * steps its profile files did not hold (none for shipped shapes and constants).
   */
  filledSteps(terrainIndex: number, weatherYear: number): readonly FilledSteps[] {
    const { hub } = this.ctx.loaded.hubs[terrainIndex];
    if (this.withinLimits(hub, weatherYear)) return [];
    return filledStepsOf(this.ctx.resolveTerrain(terrainIndex, weatherYear));
  }

  /** Whether the hub is made of shipped shapes and constants only, every column provably within resolveHub's limits. */
  private withinLimits(hub: Hub, year: number): boolean {
    const axis = yearAxis(year, hub.axis.stepMinutes);
    if (hub.contract !== undefined || hub.flexMarket !== undefined) return false;
    const power = (kw: number): boolean => Math.abs(kw) <= MAX_POWER_KW;
    for (const { profile } of hub.members) {
      if (typeof profile === 'number') {
        if (!power(profile)) return false;
      } else if (Array.isArray(profile) || !('shape' in profile)) return false;
      else {
        const bounds = this.shipped(profile.shape, year, hub.axis.stepMinutes);
        if (bounds === undefined) return false;
        let factor: number;
        try {
          factor = shapeFactor(loadShipped(findShipped(profile.shape, year, 'shape')), axis, profile);
        } catch (err) {
          if (err instanceof HubsimError) return false;
          throw err;
        }
        if (!power(bounds.maxAbs * Math.abs(factor))) return false;
      }
    }
    for (const unit of [hub.pv && { profile: hub.pv.profile, kw: hub.pv.kwp }, hub.wind && { profile: hub.wind.profile, kw: hub.wind.ratedKw }]) {
      if (!unit) continue;
      if (typeof unit.profile !== 'string') return false;
      const bounds = this.shipped(unit.profile, year, hub.axis.stepMinutes);
      if (bounds === undefined || !(bounds.min >= 0) || !power(bounds.maxAbs * unit.kw)) return false;
    }
    for (const cap of [hub.connection.importCapKw, hub.connection.exportCapKw]) {
      if (cap !== undefined && (typeof cap !== 'number' || !power(cap))) return false;
    }
    const b = hub.battery;
    if (b !== undefined && !(b.energyKwh <= MAX_ENERGY_KWH && [b.powerKw, b.chargeKw, b.dischargeKw].every((kw) => kw === undefined || power(kw)))) return false;
    return true;
  }

  /**
   * The bounds of a shipped profile on the axis of `year` with steps of `stepMinutes` (read and aligned
   * once); undefined when it cannot be read or aligned.
   */
  private shipped(id: string, year: number, stepMinutes: number): ShippedBounds | undefined {
    let ofProfile = this.bounds.get(id);
    if (ofProfile === undefined) this.bounds.set(id, (ofProfile = new Map()));
    const key = yearAxisKey(year, stepMinutes);
    let bounds = ofProfile.get(key);
    if (bounds !== undefined) return bounds;
    let column: Float64Array;
    try {
      column = alignToAxis(loadShipped(findShipped(id, year, 'shape')), yearAxis(year, stepMinutes));
    } catch (err) {
      if (err instanceof HubsimError) return undefined;
      throw err;
    }
    ofProfile.set(key, (bounds = columnBounds(column)));
    return bounds;
  }
}

/** The largest |value| and the lowest value of a column. */
function columnBounds(column: Float64Array): ShippedBounds {
  let maxAbs = 0;
  let min = Number.POSITIVE_INFINITY;
  for (let t = 0; t < column.length; t++) {
    // A value that is not a number makes the bounds NaN (Math.max and Math.min keep it), so the terrain is resolved.
    maxAbs = Math.max(maxAbs, Math.abs(column[t]));
    min = Math.min(min, column[t]);
  }
  return { maxAbs, min };
}

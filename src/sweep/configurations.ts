import { foresight, strategyName, type Foresight, type StrategySpec } from '../model/strategy.js';
import type { Sweep } from './schema.js';

/** One configuration of one subject: the sizes and the strategy a hub-year runs with. */
export interface Configuration {
  readonly index: number;
  /** Battery energy (kWh) and power (kW); null: the battery as built. */
  readonly batteryEnergyKwh: number | null;
  readonly batteryPowerKw: number | null;
  /** PV peak power (kWp); null: as built. */
  readonly pvKwp: number | null;
  /** Import cap (kW); null: the caps of the hub file. */
  readonly importCapKw: number | null;
  readonly strategy: StrategySpec;
  readonly strategyName: string;
  /** causal: decides from data before each step; perfect: a perfect-foresight bound (model/strategy.ts). */
  readonly foresight: Foresight;
}

/** What relative sizes are relative to, per subject. */
export interface SubjectScale {
  /** Uncontrolled peak import (demand - PV - wind as built) in the real calendar year, kW. */
  readonly peakKw: number;
}

const orNull = <T>(xs: readonly T[] | undefined): (T | null)[] => (xs === undefined ? [null] : [...xs]);

/**
 * The grid of a sweep for one subject, in a fixed order: battery energy, battery power, PV, import
 * cap, strategy (innermost). Relative sizes (shares of the peak, hours) become kW and kWh here, so
 * every thread and every machine sees the same numbers.
 */
export function configurations(sweep: Sweep, scale: SubjectScale): Configuration[] {
  const g = sweep.grid;
  const b = g.battery;
  const powers: (number | null)[] = b === undefined ? [null] : b.powerKw !== undefined ? [...b.powerKw] : b.powerShareOfPeak!.map((s) => s * scale.peakKw);
  const caps: (number | null)[] = g.importCapShareOfPeak !== undefined ? g.importCapShareOfPeak.map((s) => s * scale.peakKw) : orNull(g.importCapKw);
  const out: Configuration[] = [];
  const batteries: [number | null, number | null][] = [];
  if (b === undefined) batteries.push([null, null]);
  else if (b.energyKwh !== undefined) for (const e of b.energyKwh) for (const p of powers) batteries.push([e, p]);
  else for (const h of b.hours!) for (const p of powers) batteries.push([p! * h, p]);
  // A battery of zero energy or power is no battery: one configuration, not one per other size.
  const seen = new Set<string>();
  for (const [e, p] of batteries) {
    const none = e === 0 || p === 0;
    const key = none ? 'none' : `${e}/${p}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const pv of orNull(g.pvKwp)) {
      for (const cap of caps) {
        for (const strategy of g.strategies) {
          out.push({ index: out.length, batteryEnergyKwh: none ? 0 : e, batteryPowerKw: none ? 0 : p, pvKwp: pv, importCapKw: cap, strategy, strategyName: strategyName(strategy), foresight: foresight(strategy) });
        }
      }
    }
  }
  return out;
}

/**
 * The number of configurations the grid asks for at most (before a zero-size battery's duplicates
 * are merged), from the lengths of its lists alone: checked against MAX_CONFIGURATIONS before any
 * configuration is made.
 */
export function configurationBound(sweep: Sweep): number {
  const g = sweep.grid;
  const b = g.battery;
  const len = (xs: readonly unknown[] | undefined): number => xs?.length ?? 1;
  const batteries = b === undefined ? 1 : (b.energyKwh ?? b.hours ?? [null]).length * (b.powerKw ?? b.powerShareOfPeak ?? [null]).length;
  return batteries * len(g.pvKwp) * len(g.importCapShareOfPeak ?? g.importCapKw) * g.strategies.length;
}

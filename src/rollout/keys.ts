import type { LoadedRollout } from './load.js';
import { strategyVariants } from './task.js';

/*
 * Where a row of a rollout sits in its tables. Rows name their terrain, substation, strategy and
 * year; the aggregation holds its tables as arrays indexed by numbers: a terrain by its place in the
 * scenario's terrains, a substation by its place in the scenario's substations, a strategy by its
 * place in the strategy variants (the reference without hubs has none), a year by its place in the
 * horizon.
 */
export class RolloutKeys {
  /** The strategy variants in output order, without the reference (task.ts, strategyVariants). */
  readonly strategies: readonly string[];
  readonly years: readonly number[];
  /** Per substation, its terrains' indices in scenario order. */
  readonly terrainsOf: readonly (readonly number[])[];
  private readonly terrainIndex: ReadonlyMap<string, number>;
  private readonly substationIndex: ReadonlyMap<string, number>;
  private readonly strategyIndex: ReadonlyMap<string, number>;

  constructor(loaded: LoadedRollout) {
    const { rollout, years } = loaded;
    this.strategies = strategyVariants(rollout.strategies);
    this.years = years;
    this.terrainIndex = new Map(rollout.terrains.map((t, i) => [t.id, i]));
    this.substationIndex = new Map(rollout.substations.map((s, i) => [s.id, i]));
    this.strategyIndex = new Map(this.strategies.map((s, i) => [s, i]));
    const terrainsOf: number[][] = rollout.substations.map(() => []);
    rollout.terrains.forEach((t, i) => terrainsOf[this.substation(t.substation)]?.push(i));
    this.terrainsOf = terrainsOf;
  }

  /** The terrain's index; -1 for a terrain not in the scenario. */
  terrain(id: string): number {
    return this.terrainIndex.get(id) ?? -1;
  }

  /** The substation's index; -1 for a substation not in the scenario. */
  substation(id: string): number {
    return this.substationIndex.get(id) ?? -1;
  }

  /** The strategy variant's index; -1 for the reference without hubs. */
  strategy(name: string): number {
    return this.strategyIndex.get(name) ?? -1;
  }

  /** The year's index in the horizon (the horizon's years are consecutive). */
  year(year: number): number {
    return year - this.years[0];
  }
}

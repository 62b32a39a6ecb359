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

/**
 * Values kept per pair of numbers, such as a terrain's index and a weather year: a map of maps, so
 * that no key is spelt as a string.
 */
export class PairMap<V> {
  private readonly byFirst = new Map<number, Map<number, V>>();

  get(a: number, b: number): V | undefined {
    return this.byFirst.get(a)?.get(b);
  }

  has(a: number, b: number): boolean {
    return this.byFirst.get(a)?.has(b) ?? false;
  }

  set(a: number, b: number, value: V): void {
    let inner = this.byFirst.get(a);
    if (inner === undefined) this.byFirst.set(a, (inner = new Map()));
    inner.set(b, value);
  }

  /** The value at (a, b), made by `make` the first time. */
  once(a: number, b: number, make: () => V): V {
    let value = this.get(a, b);
    if (value === undefined) this.set(a, b, (value = make()));
    return value;
  }

  clear(): void {
    this.byFirst.clear();
  }
}

/**
 * A year's time axis as one number, year x 100 + step minutes: the axes of a rollout are whole UTC
 * years whose step is one of 5, 10, 15, 30 or 60 minutes (model/hub.ts), so two axes never share one.
 */
export function yearAxisKey(year: number, stepMinutes: number): number {
  return year * 100 + stepMinutes;
}

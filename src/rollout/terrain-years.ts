import type { RolloutKeys } from './keys.js';
import type { TerrainYearRow } from './task.js';

/*
 * The terrain-year rows of one substation's task (one terrain in one year in one strategy, its runs
 * over the weather years averaged: docs/economics.md sections 4 to 6), found by terrain, strategy and
 * year. Attribution reads each terrain's contributions to the substation's peak from them, and the
 * terrain's economics its yearly savings. A year that failed has no row.
 */
export class TerrainYears {
  /** Per terrain index: per strategy index, per year index, the row (undefined: none). */
  private readonly rows = new Map<number, (TerrainYearRow | undefined)[][]>();

  constructor(
    private readonly keys: RolloutKeys,
    rows: readonly TerrainYearRow[],
  ) {
    for (const r of rows) {
      const s = keys.strategy(r.strategy);
      if (s < 0) continue; // the reference has no economics of its own: each strategy's row holds its figures against it
      const byStrategy = this.terrainRows(keys.terrain(r.terrain));
      const k = keys.year(r.year);
      byStrategy[s][k] ??= r;
    }
  }

  /** The terrain's rows under the strategy, per horizon year (undefined where the year has no row). */
  of(terrain: number, strategy: number): readonly (TerrainYearRow | undefined)[] {
    return this.terrainRows(terrain)[strategy];
  }

  private terrainRows(terrain: number): (TerrainYearRow | undefined)[][] {
    let byStrategy = this.rows.get(terrain);
    if (byStrategy === undefined) {
      byStrategy = this.keys.strategies.map(() => this.keys.years.map(() => undefined));
      this.rows.set(terrain, byStrategy);
    }
    return byStrategy;
  }
}

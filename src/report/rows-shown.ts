/*
 * How many terrains or substations a printed table or a chart of a rollout holds. A rollout of a
 * region has 20 terrains on six substations; a national one 4,000 on 400, which no terminal table and
 * no chart can show one by one (a chart of 4,000 bars is unreadable, and Vega cannot even build its
 * axis). Up to MAX_TABLE_ROWS every one is shown; beyond, the SHOWN_ROWS that weigh most, in their
 * own order, and the table or chart says so: every row is in the CSV tables and results.json, and
 * totals stay over all of them.
 */
export const MAX_TABLE_ROWS = 40;
export const SHOWN_ROWS = 20;

/**
 * The rows to print: all up to MAX_TABLE_ROWS, else the SHOWN_ROWS that weigh most, in their order.
 * `weights` gives each row its weights, compared one after the other (largest first; ties keep the
 * rows' order).
 */
export function rowsShown<T>(rows: readonly T[], weights: (row: T) => readonly number[]): readonly T[] {
  if (rows.length <= MAX_TABLE_ROWS) return rows;
  const w = new Map(rows.map((row) => [row, weights(row)]));
  const heavier = (a: T, b: T): number => {
    const [x, y] = [w.get(a)!, w.get(b)!];
    for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return y[k] - x[k];
    return 0;
  };
  const top = new Set([...rows].sort(heavier).slice(0, SHOWN_ROWS));
  return rows.filter((x) => top.has(x));
}


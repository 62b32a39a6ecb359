import { ROLLOUT_TABLES } from '../report/rollout-tables.js';
import { METRICS } from '../results/metrics.js';
import { OUTCOMES } from '../sweep/outcome.js';
import { SWEEP_COLUMNS } from '../sweep/output.js';

/*
 * The unit and basis of a value a regression check compares, as the output references define them:
 * a run's metric (results/metrics.ts), a rollout table's column (report/rollout-tables.ts), a sweep
 * row's column or outcome statistic (sweep/output.ts, sweep/outcome.ts). A value the references do
 * not describe (the hub echoed, provenance) has none: '-'.
 */

export interface LeafUnit {
  /** The unit ('-' for text, ids and values without a reference). */
  readonly unit: string;
  /** input: a scenario input restated; simulated: a result of the run; id: text naming the row. */
  readonly basis: 'input' | 'simulated' | 'id' | '-';
}

const NONE: LeafUnit = { unit: '-', basis: '-' };

/** The unit and basis of results.json's `table`.`metric` (a sweep's statistic as `stats.OUTCOME.STAT`). */
export function leafUnit(table: string, metric: string): LeafUnit {
  if (table === 'strategies') {
    const m = METRICS.find((x) => x.name === metric);
    return m === undefined ? NONE : { unit: m.unit, basis: m.basis };
  }
  if (table === 'rows') {
    const stat = /^stats\.([^.]+)\.[^.]+$/.exec(metric);
    if (stat !== null) {
      const o = OUTCOMES.find((x) => x.name === stat[1]);
      return o === undefined ? NONE : { unit: o.unit, basis: 'simulated' };
    }
    const c = SWEEP_COLUMNS.find((x) => x.name === metric);
    return c === undefined ? NONE : { unit: c.unit === '' ? "target's" : c.unit, basis: c.basis };
  }
  const col = ROLLOUT_TABLES.find((t) => t.key === table)?.columns.find((c) => c.name === metric);
  // The agenda check's claimed and simulated figures: the unit named in each row (its unit column).
  return col === undefined ? NONE : { unit: col.unit === 'unit' ? "row's" : col.unit, basis: col.basis };
}

/** The unit as the regress table prints it: marked "(input)" for a scenario input restated. */
export function unitText(u: LeafUnit): string {
  return u.basis === 'input' ? `${u.unit} (input)` : u.unit;
}

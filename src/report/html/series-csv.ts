import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fail, quote } from '../../errors.js';
import { readUserFile } from '../../files.js';
import { fileSafe } from '../../model/strategy.js';
import { REPORT_COLUMNS, type ReportColumn, type StrategyColumns } from './hub-data.js';

/**
 * Read the report's columns back from series-<strategy>.csv (written by `hubsim run --out --series`):
 * numbers as written, an empty cell (no cap) as NaN.
 */
export function readSeriesCsv(dir: string, strategy: string, steps: number): StrategyColumns {
  const file = join(dir, `series-${fileSafe(strategy)}.csv`);
  if (!existsSync(file)) {
    fail('report.noSeries', { file }, `is missing: a hub report draws the per-step series; run hubsim run <hub-file> --out ${dir} --series (or --report)`);
  }
  const lines = readUserFile(file, 'report.badSeries').split('\n').filter((l) => l !== '');
  if (lines.length === 0) fail('report.badSeries', { file }, 'is empty; rewrite the folder with hubsim run --out --series');
  const header = lines[0].split(',');
  const index = REPORT_COLUMNS.map((name) => {
    const j = header.indexOf(name);
    if (j < 0) fail('report.badSeries', { file, field: name }, 'the column is missing; rewrite the folder with this hubsim run --out --series');
    return j;
  });
  if (lines.length - 1 !== steps) fail('report.badSeries', { file }, `has ${lines.length - 1} rows but results.json has ${steps} steps; rewrite the folder with hubsim run --out --series`);
  const cols = Object.fromEntries(REPORT_COLUMNS.map((name) => [name, new Float64Array(steps)])) as Record<ReportColumn, Float64Array>;
  for (let t = 0; t < steps; t++) {
    const cells = lines[t + 1].split(',');
    REPORT_COLUMNS.forEach((name, k) => {
      const cell = cells[index[k]];
      const value = cell === '' || cell === undefined ? NaN : Number(cell);
      // An empty cell is a column's "none" (no cap); anything else must be a number.
      if (Number.isNaN(value) && cell !== '' && cell !== undefined) fail('report.badSeries', { file, line: t + 2, field: name }, `${quote(cell)} is not a number; rewrite the folder with hubsim run --out --series`);
      cols[name][t] = value;
    });
  }
  return cols;
}

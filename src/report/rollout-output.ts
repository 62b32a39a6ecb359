import type { RolloutResult } from '../rollout/aggregate.js';
import { csvCell, roundNumber } from './format.js';
import { jsonData, jsonText, JsonTable, type StreamedDocument } from './json-text.js';
import type { FileContent } from './write.js';
import { ROLLOUT_TABLES, type RowContext, type Table } from './rollout-tables.js';

export const ROLLOUT_SCHEMA_VERSION = 2;

function cellValue(v: number | string | boolean | null): number | string | null {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v;
}

/**
 * A rollout table as tidy CSV, a line at a time, each number at its unit's resolution (format.ts);
 * results.json keeps 12 significant digits.
 */
export function* tableCsv<T>(table: Table<T>, rows: readonly T[], rollout: RowContext): Generator<string> {
  yield `${table.columns.map((col) => col.name).join(',')}\n`;
  for (const r of rows) yield `${table.columns.map((col) => csvCell(cellValue(col.get(r, rollout)), col.unitOf?.(r) ?? col.unit)).join(',')}\n`;
}

function jsonValue(v: number | string | boolean | null): number | string | boolean | null {
  return typeof v === 'number' ? (Number.isFinite(v) ? roundNumber(v) : null) : v;
}

/** A table cell for results.json: a number as it is (the table rounds it, JsonTable), one that is not finite as null. */
function tableValue(v: number | string | boolean | null): number | string | boolean | null {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}

/**
 * results.json of a rollout: the money convention, and every table as an array of objects with the
 * CSV's columns, each row made when it is written (jsonText) or read (rolloutJson).
 */
export function rolloutDocument(result: RolloutResult): StreamedDocument {
  const out: Record<string, unknown> = {
    schemaVersion: ROLLOUT_SCHEMA_VERSION,
    kind: 'rollout',
    name: result.name,
    years: result.years,
    weatherYears: result.weatherYears,
    strategies: result.strategies,
    strategyForesight: result.strategyForesight,
    hubYears: result.hubYears,
    economicsConvention: Object.fromEntries(Object.entries(result.economicsConvention).map(([k, v]) => [k, jsonValue(v)])),
  };
  for (const table of ROLLOUT_TABLES) {
    const rows = result[table.key] as unknown[];
    out[table.key] = new JsonTable(
      table.columns.map((col) => col.name),
      function* () {
        for (const r of rows) yield table.columns.map((col) => tableValue(col.get(r, result)));
      },
      true,
    );
  }
  out.failures = result.failures;
  if (result.filledSteps !== undefined) out.filledSteps = result.filledSteps;
  if (result.provenance !== undefined) out.provenance = result.provenance;
  return out;
}

/** results.json of a rollout as data (what `compare` and `regress` read). */
export function rolloutJson(result: RolloutResult): Record<string, unknown> {
  return jsonData(rolloutDocument(result));
}

/** The files of `hubsim rollout --out DIR`, each written as it is made (results.json row by row). */
export function rolloutFiles(result: RolloutResult): Map<string, FileContent> {
  const files = new Map<string, FileContent>([['results.json', () => jsonText(rolloutDocument(result))]]);
  for (const table of ROLLOUT_TABLES) files.set(table.file, () => tableCsv(table, result[table.key] as unknown[], result));
  return files;
}

/** docs/outputs.md tables: every rollout output column with its unit and meaning. */
export function rolloutOutputsReference(): string {
  return ROLLOUT_TABLES.map((t) => {
    const lines = [`### \`${t.file}\` (results.json: \`${String(t.key)}\`)`, '', `Each row: ${t.row}.`, '', '| column | unit | basis | meaning |', '|---|---|---|---|'];
    for (const col of t.columns) lines.push(`| \`${col.name}\` | ${col.unit} | ${col.basis} | ${col.description.replace(/\|/g, '\\|')} |`);
    return lines.join('\n');
  }).join('\n\n');
}

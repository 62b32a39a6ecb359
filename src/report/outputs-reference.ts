import { UNIT_RESOLUTION } from './format.js';
import { metricsReference, seriesReference } from './reference.js';
import { z } from 'zod';
import { ProvenanceJson, rolloutResultsJsonSchema, runResultsJsonSchema } from './results-schema.js';
import { rolloutOutputsReference } from './rollout-output.js';
import { ROLLOUT_TABLES } from './rollout-tables.js';

/*
 * The generated sections of docs/outputs.md: every output field and column with its unit and meaning,
 * from the single sources (METRICS, SERIES_COLUMNS, ROLLOUT_TABLES and the results.json schemas built
 * from them). `npm run docs` writes them; tests/docs.test.ts checks docs/outputs.md holds exactly these.
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  description?: string;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum !== undefined) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.anyOf !== undefined) return s.anyOf.map(typeOf).join(' \\| ');
  const types = Array.isArray(s.type) ? s.type : [s.type ?? 'any'];
  return types
    .map((t) => {
      if (t === 'array') return `array of ${s.items === undefined ? 'any' : typeOf(s.items)}`;
      if (t === 'object' && s.properties === undefined && typeof s.additionalProperties === 'object') return 'object (by name)';
      return t;
    })
    .join(' \\| ');
}

/** The object a field holds, seen through null-ables and arrays, if it has fields of its own. */
function objectOf(s: JsonSchema): JsonSchema | undefined {
  if (s.anyOf !== undefined) return s.anyOf.map(objectOf).find((o) => o !== undefined);
  if (s.type === 'array' && s.items !== undefined) return objectOf(s.items);
  if (s.type === 'object') return s;
  return undefined;
}

/** Rows `field | type | meaning` of a results.json, down to the fields listed in `stop` (documented by their own tables). */
function fieldsReference(schema: JsonSchema, stop: ReadonlyMap<string, string>): string {
  const lines = ['| field | type | meaning |', '|---|---|---|'];
  const walk = (s: JsonSchema, path: string): void => {
    const inner = objectOf(s);
    const description = s.description ?? s.anyOf?.find((v) => v.description !== undefined)?.description ?? '';
    if (path !== '') lines.push(`| \`${path}\` | ${typeOf(s)} | ${cell(description)}${stop.has(path) ? ` ${stop.get(path)}` : ''} |`);
    if (inner === undefined || stop.has(path)) return;
    const prefix = path === '' ? '' : s.type === 'array' ? `${path}[].` : `${path}.`;
    for (const [key, child] of Object.entries(inner.properties ?? {})) walk(child, `${prefix}${key}`);
    if (inner.properties === undefined && typeof inner.additionalProperties === 'object') walk(inner.additionalProperties, `${prefix}<name>`);
  };
  walk(schema, '');
  return lines.join('\n');
}

/** Top-level fields of `hubsim run`'s results.json. */
export function runResultsFieldsReference(): string {
  return fieldsReference(
    runResultsJsonSchema() as JsonSchema,
    new Map([
      ['metricUnits', 'One key per metric, below.'],
      ['strategies.<name>.metrics', 'The metrics are listed under metrics.csv below.'],
    ]),
  );
}

/** Top-level fields of a rollout's results.json (the tables themselves are documented per table). */
export function rolloutResultsFieldsReference(): string {
  return fieldsReference(rolloutResultsJsonSchema() as JsonSchema, new Map(ROLLOUT_TABLES.map((t) => [String(t.key), `Columns: [\`${t.file}\`](#${anchor(t.file, String(t.key))}).`])));
}

/** The fields of `provenance`, the same in results.json of run, rollout and sweep (README, Outputs). */
export function provenanceFieldsReference(): string {
  const schema = z.toJSONSchema(z.strictObject({ provenance: ProvenanceJson }), { io: 'output' }) as JsonSchema;
  return fieldsReference(schema, new Map());
}

/** GitHub's anchor of a rollout table's heading in rolloutOutputsReference(). */
function anchor(file: string, key: string): string {
  return `${file} (results.json: ${key})`.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

/** Every generated section of docs/outputs.md, by the NAME of its <!-- generated:NAME --> block. */
/** docs/outputs.md: the resolution each unit is written with in CSV files (format.ts UNIT_RESOLUTION). */
function csvResolutionReference(): string {
  const lines = ['| unit | CSV resolution |', '|---|---|'];
  for (const [unit, res] of Object.entries(UNIT_RESOLUTION)) lines.push(`| \`${unit}\` | ${res >= 0.01 ? String(res) : res.toExponential()} |`);
  return lines.join('\n');
}

export function outputsReferenceSections(): Record<string, string> {
  return {
    'csv-resolution': csvResolutionReference(),
    'run-results-json': runResultsFieldsReference(),
    'run-metrics': metricsReference(),
    'run-series': seriesReference(),
    'rollout-results-json': rolloutResultsFieldsReference(),
    'rollout-tables': rolloutOutputsReference(),
  };
}

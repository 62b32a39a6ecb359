import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { hubJsonSchema } from '../model/json-schema.js';
import { Rollout } from '../model/rollout.js';
import { CsvOptions } from '../model/series.js';
import { METRICS } from '../results/metrics.js';
import { METRICS_CSV_KEYS } from './csv.js';
import { SERIES_COLUMNS } from './series.js';

/*
 * The README's reference tables, generated from the single sources: the zod schema's descriptions
 * (hub file), METRICS (results.json and metrics.csv) and SERIES_COLUMNS (series CSV). A test checks
 * the README holds exactly these, so the documentation cannot drift from the code.
 */

type Schema = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  required?: string[];
};

function range(s: Schema): string {
  const lo = s.minimum !== undefined && s.minimum > -1e15 ? `>= ${s.minimum}` : s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : '';
  const hiValue = s.maximum !== undefined && s.maximum < 1e15 ? `<= ${s.maximum}` : s.exclusiveMaximum !== undefined ? `< ${s.exclusiveMaximum}` : '';
  return [lo, hiValue].filter((x) => x !== '').join(', ');
}

function typeOf(s: Schema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum !== undefined) return s.enum.map((v) => JSON.stringify(v).replace(/\|/g, '\\|')).join(' \\| ');
  const variants = s.anyOf ?? s.oneOf;
  if (variants !== undefined) {
    if (variants.every((v) => v.const !== undefined)) return variants.map((v) => JSON.stringify(v.const)).join(' \\| ');
    return [...new Set(variants.map(typeOf))].join(' \\| ');
  }
  if (s.type === 'array') return `array of ${s.items ? typeOf(s.items) : 'any'}`;
  if (s.type === 'object') return 'object';
  const r = range(s);
  return r === '' ? (s.type ?? 'any') : `${s.type} (${r})`;
}

interface Row {
  field: string;
  type: string;
  required: boolean;
  default: string;
  description: string;
}

/** Fields whose schema is documented elsewhere (the hub inside a rollout terrain): listed, not expanded. */
const STOP_AT = new Set(['terrains[].hub']);

function walk(s: Schema, path: string, required: boolean, rows: Row[]): void {
  if (STOP_AT.has(path)) {
    rows.push({ field: path, type: 'string \\| object', required, default: '', description: `${s.description ?? ''} See the hub file reference.` });
    return;
  }
  if (path !== '') {
    rows.push({
      field: path,
      type: typeOf(s),
      required,
      default: s.default === undefined ? '' : JSON.stringify(s.default),
      description: s.description ?? '',
    });
  }
  const variants = s.anyOf ?? s.oneOf;
  if (variants !== undefined) {
    for (const v of variants) {
      const kind = v.properties?.kind?.const;
      const sub = kind !== undefined ? `${path}(kind: ${String(kind)})` : path;
      if (v.type === 'object') walkProperties(v, sub, rows, kind !== undefined ? ['kind'] : []);
      else if (v.type === 'array' && v.items?.type === 'object') walkProperties(v.items, `${path}[]`, rows, []);
    }
    return;
  }
  if (s.type === 'object') walkProperties(s, path, rows, []);
  if (s.type === 'array' && s.items !== undefined && (s.items.type === 'object' || s.items.anyOf || s.items.oneOf)) walkItems(s.items, `${path}[]`, rows);
}

function walkItems(items: Schema, path: string, rows: Row[]): void {
  const variants = items.anyOf ?? items.oneOf;
  if (variants !== undefined) {
    for (const v of variants) {
      const kind = v.properties?.kind?.const;
      walkProperties(v, kind !== undefined ? `${path}(kind: ${String(kind)})` : path, rows, kind !== undefined ? ['kind'] : []);
    }
  } else walkProperties(items, path, rows, []);
}

/**
 * The options of a profile CSV (delimiter, decimal, time, ...) are the same wherever a file is read:
 * the hub-file table leaves them out of each file field, and csvOptionsReference lists them once.
 */
const CSV_OPTION_KEYS = new Set(Object.keys(CsvOptions));

function walkProperties(s: Schema, path: string, rows: Row[], skip: string[]): void {
  const seen = new Set(rows.map((r) => r.field));
  const isFile = s.properties?.file !== undefined;
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    if (isFile && CSV_OPTION_KEYS.has(key)) continue;
    if (skip.includes(key) && path.includes('(kind:')) {
      if (!seen.has(`${path}.${key}`)) rows.push({ field: `${path}.${key}`, type: typeOf(child), required: true, default: '', description: s.description ?? '' });
      continue;
    }
    const field = path === '' ? key : `${path}.${key}`;
    if (seen.has(field)) continue;
    walk(child, field, (s.required ?? []).includes(key), rows);
  }
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Markdown table of every hub-file field: path, type, required, default, description. */
export function hubFileReference(): string {
  return schemaReference(hubJsonSchema() as Schema);
}

/** Markdown table of the options of every profile CSV field (members' profiles, PV, wind, caps, signals, background load). */
export function csvOptionsReference(): string {
  const json = z.toJSONSchema(z.strictObject(CsvOptions), { io: 'input', unrepresentable: 'any' }) as Schema;
  return schemaReference(json);
}

/** Markdown table of every rollout-scenario field. */
export function rolloutFileReference(): string {
  return schemaReference(z.toJSONSchema(Rollout, { io: 'input', unrepresentable: 'any' }) as Schema);
}

/** Markdown table of every field of a JSON Schema (also used for the sweep-file reference, report/sweep-reference.ts). */
export function schemaReference(schema: Schema): string {
  const rows: Row[] = [];
  walk(schema, '', true, rows);
  const lines = ['| field | type | required | default | description |', '|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| \`${r.field}\` | ${r.type} | ${r.required && r.default === '' ? 'yes' : ''} | ${r.default === '' ? '' : `\`${cell(r.default)}\``} | ${cell(r.description)} |`);
  return lines.join('\n');
}

/** Markdown table of metrics.csv columns (and results.json metric names) with units. */
export function metricsReference(): string {
  const lines = ['| column | unit | basis | meaning |', '|---|---|---|---|'];
  for (const k of METRICS_CSV_KEYS) lines.push(`| \`${k.name}\` | ${k.unit} | id | ${k.description} |`);
  for (const m of METRICS) lines.push(`| \`${m.name}\` | ${m.unit} | ${m.basis} | ${cell(m.description)} |`);
  return lines.join('\n');
}

/** Markdown table of the series-<strategy>.csv columns with units. */
export function seriesReference(): string {
  const lines = ['| column | unit | basis | meaning |', '|---|---|---|---|', '| `time_utc` | ISO 8601 | id | Start of the step, UTC. Values are means over the step. |'];
  for (const c of SERIES_COLUMNS) lines.push(`| \`${c.name}\` | ${c.unit} | ${c.basis} | ${cell(c.description)} |`);
  return lines.join('\n');
}

/** The README's table of input limits (src/limits.ts). */
export function limitsReference(): string {
  const rows = LIMITS.map((l) => `| ${l.what} | ${l.limit.toLocaleString('en-US')}${l.unit === '' ? '' : ` ${l.unit}`} | \`${l.code}\` |`);
  return ['| what | at most | error code |', '|---|---|---|', ...rows].join('\n');
}

import { z } from 'zod';
import { RolloutResultsJson, RunResultsJson } from '../report/results-schema.js';
import { ROLLOUT_TABLES } from '../report/rollout-tables.js';
import { METRICS } from '../results/metrics.js';
import { OUTCOMES } from '../sweep/outcome.js';
import { SWEEP_COLUMNS } from '../report/sweep-output.js';
import { Sweep } from '../sweep/schema.js';
import { unitOf } from '../provenance/assumptions.js';

/*
 * The unit and basis of a value a regression check compares, as the output references define them:
 * a run's metric (results/metrics.ts), a rollout table's column (report/rollout-tables.ts), a sweep
 * row's column or outcome statistic (report/sweep-output.ts, sweep/outcome.ts; a sweep's pick is one of its
 * rows). The rest of a results.json restates what the run was given (the hub and its members, the
 * economic convention, the sweep file): its unit is the one its schema's description names (the
 * unit in brackets, as docs/outputs.md shows it) or its name spells, its basis as describedUnit
 * says. A value none of them describes has neither: '-'.
 */

export interface LeafUnit {
  /** The unit ('-' for text, ids and values no reference gives a unit). */
  readonly unit: string;
  /** input: a scenario input restated; simulated: a result of the run; id: text naming the row; '-': not said. */
  readonly basis: 'input' | 'simulated' | 'id' | '-';
}

const NONE: LeafUnit = { unit: '-', basis: '-' };

/**
 * The unit and basis of the value at `key` (a flattened results.json key: `table.path`, each row's
 * identity in brackets), `table` its top-level block and `metric` its path within the block's row.
 */
export function leafUnit(table: string, metric: string, key = `${table}.${metric}`): LeafUnit {
  if (table === 'strategies') {
    const m = METRICS.find((x) => x.name === metric);
    return m === undefined ? NONE : { unit: m.unit, basis: m.basis };
  }
  if (table === 'rows') return sweepRowUnit(metric);
  // A sweep's pick: its row (and the causal one under a bound) is a row of the table above.
  if (table === 'cheapest') {
    const row = /^(?:causal\.)?row\.(.+)$/.exec(metric);
    return row === null ? NONE : sweepRowUnit(row[1]);
  }
  const col = ROLLOUT_TABLES.find((t) => t.key === table)?.columns.find((c) => c.name === metric);
  // The agenda check's claimed and simulated figures: the unit named in each row (its unit column).
  if (col !== undefined) return { unit: col.unit === 'unit' ? "row's" : col.unit, basis: col.basis };
  return describedUnit(table, key);
}

function sweepRowUnit(metric: string): LeafUnit {
  // The configuration's transport tariff: its contracted kW (the import cap tried) and the rates, inputs.
  if (metric.startsWith('tariff.')) return { unit: unitOf(metric.slice('tariff.'.length)), basis: 'input' };
  const stat = /^stats\.([^.]+)\.[^.]+$/.exec(metric);
  if (stat !== null) {
    const o = OUTCOMES.find((x) => x.name === stat[1]);
    return o === undefined ? NONE : { unit: o.unit, basis: 'simulated' };
  }
  const c = SWEEP_COLUMNS.find((x) => x.name === metric);
  return c === undefined ? NONE : { unit: c.unit === '' ? "target's" : c.unit, basis: c.basis };
}

interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
}

/** The schemas whose descriptions name the units of a results.json's other values, made once. */
let schemas: readonly JsonSchema[] | undefined;
function resultSchemas(): readonly JsonSchema[] {
  schemas ??= [
    z.toJSONSchema(RunResultsJson, { io: 'output' }) as JsonSchema,
    z.toJSONSchema(RolloutResultsJson, { io: 'output' }) as JsonSchema,
    // A sweep's results.json echoes its sweep file (with its defaults) under `sweep`.
    { properties: { sweep: z.toJSONSchema(Sweep, { io: 'output', unrepresentable: 'any' }) as JsonSchema } },
  ];
  return schemas;
}

/** The schema at a path of property names (arrays and unions stepped through), if any. */
function schemaAt(schema: JsonSchema, path: readonly string[]): JsonSchema | undefined {
  if (path.length === 0) return schema;
  const [head, ...rest] = path;
  const own = schema.properties?.[head];
  if (own !== undefined) return schemaAt(own, rest);
  for (const branch of [...(schema.items === undefined ? [] : [schema.items]), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const found = schemaAt(branch, path);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A unit as the schemas write it in brackets: "(kW)", "(EUR/kWh)", "(kW; negative above ...)". */
const UNIT_TEXT = /^(?:kWh?|kWp|MWh?|EUR(?:\/[A-Za-z/]+)?|h|min|%|1|1\/yr|count|steps|days|members|years?|cycles)$/;

/**
 * A value of the blocks that restate the input (the hub, the economic convention, the sweep file):
 * text has no unit, a flag is `bool`, a number the unit its description names in brackets or its
 * name spells (provenance/assumptions.ts). Its basis: the sweep file's and a number of the
 * convention's are inputs (the convention's text describes hubsim's conventions); of the hub, what its
 * description calls simulated (a member's uncontrolled peak) and the ACM figures worked out from it
 * are simulated, the rest (caps, the tariff, the value of lost load, the axis) inputs.
 */
function describedUnit(table: string, key: string): LeafUnit {
  // The sweep's target bound is in the unit of the metric it bounds (sweep.csv says the same).
  if (key === 'sweep.target.atMost') return { unit: "target's", basis: 'input' };
  const path = key.replace(/\[[^\]]*\]/g, '').split('.');
  for (const schema of resultSchemas()) {
    const node = schemaAt(schema, path);
    if (node?.description === undefined) continue;
    const description = node.description;
    const types = node.type === undefined ? [] : typeof node.type === 'string' ? [node.type] : node.type;
    const text = types.includes('string') && !types.includes('number') && !types.includes('integer');
    const flag = types.includes('boolean');
    const named = [...description.matchAll(/\(([^()]+)\)/g)].map((m) => m[1].split(/[;,]/)[0].trim()).filter((u) => UNIT_TEXT.test(u));
    const unit = text ? '-' : flag ? 'bool' : named.length > 0 ? named[named.length - 1] : unitOf(path[path.length - 1]);
    return { unit, basis: basisOf(table, description, text) };
  }
  return NONE;
}

function basisOf(table: string, description: string, text: boolean): LeafUnit['basis'] {
  if (table === 'sweep') return 'input';
  if (table === 'economicsConvention') return text ? '-' : 'input';
  if (table === 'hub') return /simulated|\bACM\b/.test(description) ? 'simulated' : text ? 'id' : 'input';
  return /^Input\b/.test(description) ? 'input' : '-';
}

/** The unit as the regress table prints it: marked "(input)" for a scenario input restated. */
export function unitText(u: LeafUnit): string {
  return u.basis === 'input' ? `${u.unit} (input)` : u.unit;
}

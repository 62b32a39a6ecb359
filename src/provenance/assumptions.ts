/*
 * The assumptions behind a result: every economic and physical parameter a run used, with its value,
 * unit, source and whether it is hubsim's default or was set in an input file. The values are read
 * from the validated input (the zod schemas fill in the defaults), and "defaulted" from the raw file:
 * a parameter the file does not name took the default. Sources are never written twice: a parameter's
 * source is its own `...Source` field (or the `source` of the object holding it) as the schema
 * defines it, so a default's source is the one docs/sources.md quotes; a value the file sets without a
 * source of its own is "set in <file>".
 */

import { isRecord } from '../record.js';

/** One parameter used: its name (the field path in the input), value, unit, source, and whether defaulted. */
export interface Assumption {
  readonly name: string;
  readonly value: number | string | boolean | null;
  readonly unit: string;
  readonly source: string;
  readonly defaulted: boolean;
}

/** Units read from a field name's suffix (hubsim spells the unit in the name: docs STYLE). */
const UNIT_SUFFIXES: readonly [string, string][] = [
  ['EurPerKwMonth', 'EUR/kW/month'],
  ['EurPerKwYear', 'EUR/kW/yr'],
  ['EurPerMwYear', 'EUR/MW/yr'],
  ['EurPerMwh', 'EUR/MWh'],
  ['EurPerKwh', 'EUR/kWh'],
  ['EurPerKwp', 'EUR/kWp'],
  ['EurPerKw', 'EUR/kW'],
  ['EurPerYear', 'EUR/yr'],
  ['PerYearEur', 'EUR/yr'],
  ['PerStepEur', 'EUR'],
  ['Eur', 'EUR'],
  ['PerHour', '1/h'],
  ['PerYear', '1/yr'],
  ['perYear', '1/yr'],
  ['Years', 'yr'],
  ['Year', 'year'],
  ['Kwh', 'kWh'],
  ['Kwp', 'kWp'],
  ['Kw', 'kW'],
  ['Mw', 'MW'],
  ['Hours', 'h'],
  ['Rate', '1/yr'],
];

/** Fields that are fractions (0-1) without a unit suffix. */
const FRACTIONS = new Set(['chargeEfficiency', 'dischargeEfficiency', 'socMin', 'socMax', 'socInitial', 'spareCapacity', 'share', 'planningMargin']);

/** The unit of a parameter, from its field name. */
export function unitOf(field: string): string {
  if (FRACTIONS.has(field)) return 'fraction';
  for (const [suffix, unit] of UNIT_SUFFIXES) if (field.endsWith(suffix)) return unit;
  return '-';
}

/** The sibling source of a field: `<prefix>Source` with the longest prefix of the name, else `source`. */
function siblingSource(field: string, parsed: Record<string, unknown>): string | undefined {
  let best: string | undefined;
  for (const k of Object.keys(parsed)) {
    if (!k.endsWith('Source') || k === 'source') continue;
    const prefix = k.slice(0, -'Source'.length);
    if (field.startsWith(prefix) && (best === undefined || k.length > best.length)) best = k;
  }
  if (best !== undefined) return best;
  return 'source' in parsed ? 'source' : undefined;
}

export interface WalkOptions {
  /** The input file the values come from, as provenance names it. */
  readonly file: string;
  /** The source of a default with no source field of its own (a pointer into docs/sources.md). */
  readonly defaultSource: string;
  /** Fields left out (text that is no parameter: names, ids, sources, schema links). */
  readonly skip?: ReadonlySet<string>;
  /** The source of a value that was set, when not the file ("set on the command line (--design-year)"). */
  readonly setBy?: string;
}

const ALWAYS_SKIP = new Set(['source', '$schema', 'name', 'id', 'level', 'kind']);

/**
 * Every parameter under `parsed` (the validated object) as an assumption named `prefix.field`, with
 * `raw` the same object as the file wrote it (undefined when the file left it out altogether).
 * Objects are walked; an array of objects with a `level` or `id` is walked per element, named by it.
 */
export function parameterAssumptions(prefix: string, parsed: unknown, raw: unknown, options: WalkOptions): Assumption[] {
  const out: Assumption[] = [];
  walk(prefix, parsed, raw, options, out, undefined);
  return out;
}

function walk(name: string, parsed: unknown, raw: unknown, options: WalkOptions, out: Assumption[], inherited: { text: string; defaulted: boolean } | undefined): void {
  if (isRecord(parsed)) {
    const rawObj = isRecord(raw) ? raw : undefined;
    for (const [k, v] of Object.entries(parsed)) {
      if (ALWAYS_SKIP.has(k) || k.endsWith('Source') || options.skip?.has(k)) continue;
      const rawV = rawObj?.[k];
      if (isRecord(v) || Array.isArray(v)) {
        // An object's own `source` covers the fields inside it.
        const own = isRecord(v) && typeof v.source === 'string' ? { text: v.source, defaulted: !(isRecord(rawV) && 'source' in rawV) } : inherited;
        walk(`${name}.${k}`, v, rawV, options, out, own);
        continue;
      }
      const defaulted = rawObj === undefined || !(k in rawObj);
      const sourceKey = siblingSource(k, parsed);
      const sourceText = sourceKey === undefined ? undefined : parsed[sourceKey];
      const sourceDefaulted = sourceKey === undefined || rawObj === undefined || !(sourceKey in rawObj);
      out.push({ name: `${name}.${k}`, value: jsonScalar(v), unit: unitOf(k), source: sourceOf(defaulted, typeof sourceText === 'string' ? { text: sourceText, defaulted: sourceDefaulted } : inherited, options), defaulted });
    }
    return;
  }
  if (Array.isArray(parsed)) {
    const rawArr = Array.isArray(raw) ? raw : [];
    parsed.forEach((v, i) => {
      const label = isRecord(v) ? (v.level ?? v.id ?? i) : i;
      const own = isRecord(v) && typeof v.source === 'string' ? { text: v.source, defaulted: !(isRecord(rawArr[i]) && 'source' in (rawArr[i] as object)) } : inherited;
      if (isRecord(v)) walk(`${name}[${String(label)}]`, v, rawArr[i], options, out, own);
    });
  }
}

/**
 * The source of a value: the source field when it belongs to the value (both defaulted, or the file
 * set the source); a value the file set without its own source is "set in <file>".
 */
function sourceOf(defaulted: boolean, source: { text: string; defaulted: boolean } | undefined, options: WalkOptions): string {
  if (source !== undefined && (defaulted || !source.defaulted)) return source.text;
  return defaulted ? options.defaultSource : (options.setBy ?? `set in ${options.file}`);
}

function jsonScalar(v: unknown): number | string | boolean | null {
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return v === undefined ? null : String(v);
}

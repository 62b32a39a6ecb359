import type { z } from 'zod';
import { quote, quoteList } from '../errors.js';

/** One problem zod found in a document: the field path and a sentence (the caller adds its code). */
export interface SchemaProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

type Issue = z.core.$ZodIssue;

/**
 * Every problem of a failed parse, each at its own path: a union's problems are those of the variant
 * the data come closest to (the one with the fewest problems, after those whose type does not even
 * match), and an unknown key is named at its own path with the closest known key ("did you mean").
 */
export function schemaProblems(schema: z.ZodType, error: z.ZodError, data?: unknown): SchemaProblem[] {
  // Two checks failing on one field (an integer too big for both limits) make one line.
  const byPath = new Map<string, SchemaProblem>();
  for (const p of flatten(error.issues, [], schema, data)) {
    const key = JSON.stringify(p.path);
    const seen = byPath.get(key);
    byPath.set(key, seen === undefined ? p : { path: p.path, message: `${seen.message}; ${p.message}` });
  }
  return [...byPath.values()];
}

/** The value at a path of the data, if any. */
function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let v = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

function flatten(issues: readonly Issue[], prefix: (string | number)[], root: z.ZodType, data: unknown): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const matching = issue.errors.filter((branch) => !(branch.length === 1 && branch[0].code === 'invalid_type' && branch[0].path.length === 0));
      if (matching.length === 0) {
        const expected = [...new Set(issue.errors.map((b) => (b[0] as { expected?: string }).expected).filter((e): e is string => e !== undefined))];
        out.push({ path, message: `expected ${expected.length > 0 ? expected.join(' or ') : 'another value'}, got ${given(valueAt(data, path))}` });
        continue;
      }
      const best = matching.reduce((a, b) => (score(b) < score(a) ? b : a));
      out.push(...flatten(best, path, root, data));
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(root, path);
      for (const key of issue.keys) {
        const near = closest(key, known);
        const hint = near !== undefined ? `; did you mean ${quote(near)}?` : known.length > 0 ? `; the keys here are ${quoteList(known, 12)}` : '';
        out.push({ path: [...path, key], message: `unknown key ${quote(key, 40)}${hint}` });
      }
      continue;
    }
    if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) {
      out.push({ path, message: `missing: ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected} is required here` });
      continue;
    }
    if (issue.code === 'invalid_type') {
      // zod names only the type received; the value itself says more ("300" in quotes, 1e400 read as Infinity).
      const plain = /^Invalid input: expected (.+), received \S+$/.exec(issue.message);
      const value = given(valueAt(data, path));
      out.push({ path, message: plain === null ? `${issue.message} (got ${value})` : `expected ${plain[1]}, got ${value}` });
      continue;
    }
    if (issue.code === 'invalid_value') {
      // A value off only in letter case (kwh for kWh): name the one meant.
      const given = valueAt(data, path);
      const meant = typeof given === 'string' ? issue.values.find((v) => typeof v === 'string' && v.toLowerCase() === given.toLowerCase()) : undefined;
      if (meant !== undefined) {
        out.push({ path, message: `${issue.message}; did you mean ${quote(meant)}?` });
        continue;
      }
    }
    if ((issue.code === 'too_small' || issue.code === 'too_big') && !issue.message.startsWith('Too ')) {
      // A message the schema wrote itself (a custom check) says more than a generic bound.
      out.push({ path, message: issue.message });
      continue;
    }
    if (issue.code === 'too_small' || issue.code === 'too_big') {
      out.push({ path, message: boundMessage(issue, valueAt(data, path)) });
      continue;
    }
    out.push({ path, message: issue.message });
  }
  return out;
}

/**
 * A value outside a bound, in words with the value given: "must be greater than 0, got -5" for a
 * number, the number of items or characters for a list or text.
 */
function boundMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, value: unknown): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum);
  const inclusive = issue.inclusive !== false;
  if (issue.origin === 'array' || issue.origin === 'set') {
    const n = Array.isArray(value) ? value.length : undefined;
    return `needs ${small ? 'at least' : 'at most'} ${bound} item${bound === 1 ? '' : 's'}${n === undefined ? '' : `, got ${n}`}`;
  }
  if (issue.origin === 'string') {
    const n = typeof value === 'string' ? [...value].length : undefined;
    return `needs ${small ? 'at least' : 'at most'} ${bound} character${bound === 1 ? '' : 's'}${n === undefined ? '' : `, got ${n}`}`;
  }
  const words = small ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than';
  return `must be ${words} ${bound}, got ${given(value)}`;
}

/** A value of the wrong type as a message names it, short: quoted text, a number as read, or what a list or object holds. */
function given(value: unknown): string {
  if (typeof value === 'string') return `the text ${quote(value, 40)}`;
  if (typeof value === 'number' && !Number.isFinite(value) && !Number.isNaN(value)) return `${value} (beyond the largest number, about 1.8e308)`;
  if (value === null) return 'an empty value (null)';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object' : `an object with ${quoteList(keys, 4)}`;
  }
  return String(value);
}

/** How far data are from a union variant: its problem count, an unknown key counting as much as a wrong value. */
function score(branch: readonly Issue[]): number {
  let s = 0;
  for (const i of branch) s += i.code === 'unrecognized_keys' ? i.keys.length : 1;
  return s;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  element?: z.ZodType;
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The object schemas a path can lead to (through optional, default, pipe, union, array, record). */
function objectsAt(schema: z.ZodType, path: readonly (string | number)[], depth = 0): Def[] {
  if (depth > 64) return [];
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return def.innerType ? objectsAt(def.innerType, path, depth + 1) : [];
    case 'pipe':
      return def.in ? objectsAt(def.in, path, depth + 1) : [];
    case 'lazy':
      return def.getter ? objectsAt(def.getter(), path, depth + 1) : [];
    case 'union':
      return (def.options ?? []).flatMap((o) => objectsAt(o, path, depth + 1));
    case 'intersection':
      return [def.left, def.right].flatMap((o) => (o ? objectsAt(o, path, depth + 1) : []));
    default:
      break;
  }
  if (path.length === 0) return def.type === 'object' ? [def] : [];
  const [head, ...rest] = path;
  if (def.type === 'object' && typeof head === 'string' && def.shape?.[head] !== undefined) return objectsAt(def.shape[head], rest, depth + 1);
  if (def.type === 'array' && typeof head === 'number' && def.element) return objectsAt(def.element, rest, depth + 1);
  if (def.type === 'record' && def.valueType) return objectsAt(def.valueType, rest, depth + 1);
  return [];
}

/** The keys an object at this path may have. */
export function keysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  return [...new Set(objectsAt(schema, path).flatMap((d) => Object.keys(d.shape ?? {})))];
}

/** The known key closest to a misspelt one: the same but for letter case, or at most a third of its letters off. */
function closest(key: string, known: readonly string[]): string | undefined {
  if (key.length > 200) return undefined;
  const lower = key.toLowerCase();
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const k of known) {
    const d = distance(lower, k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/** Levenshtein distance (insertions, deletions and substitutions). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

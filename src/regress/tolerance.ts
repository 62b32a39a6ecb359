import { z } from 'zod';
import { fail } from '../errors.js';

/*
 * How far a number may move before `hubsim regress` calls it drift. A value is within tolerance when
 *
 *   |new - old| <= max(abs, rel x |old|)
 *
 * so `abs` guards values near zero (where a relative bound means nothing) and `rel` scales with the
 * size of the figure (a kWh total of 4e7 and a ratio of 0.99 side by side); a move of exactly the
 * bound is within it in either direction (withinTolerance).
 */

/** Absolute (in the value's own unit) and relative (a fraction of |old|) bounds. */
export interface Tolerance {
  readonly abs: number;
  readonly rel: number;
}

/**
 * The default: results are rounded to 12 significant digits and deterministic, so on one machine they
 * repeat exactly; a millionth leaves room for floating-point differences between machines and Node
 * versions, and is still far below any change a person would act on (a 1 kW change of a 3 MW peak
 * is 3e-4).
 */
export const DEFAULT_TOLERANCE: Tolerance = { abs: 1e-6, rel: 1e-6 };

const Bound = z.number().min(0).describe('A bound: >= 0.');

const Rule = z.strictObject({
  metric: z.string().min(1).describe('Glob (* any characters, ? one) matched against the metric or column name, e.g. "peakImportKw" or "*Eur".'),
  table: z.string().min(1).optional().describe('Glob matched against the results.json key the value sits under (rollout: terrainYears, totals, ...; run: strategies, hub); default: any.'),
  strategy: z.string().min(1).optional().describe('Glob matched against the strategy name; default: any.'),
  abs: Bound.optional().describe('Absolute bound in the value\'s unit; default: the file\'s default.abs.'),
  rel: Bound.optional().describe('Relative bound as a fraction of |old|; default: the file\'s default.rel.'),
});
export type ToleranceRule = z.infer<typeof Rule>;

/** tolerances.json in a baseline folder. */
export const TolerancesFile = z.strictObject({
  $schema: z.string().optional(),
  default: z.strictObject({ abs: Bound.optional(), rel: Bound.optional() }).optional().describe('Bounds for every value no rule matches.'),
  rules: z.array(Rule).default([]).describe('Checked in order; the first rule that matches a value sets its tolerance.'),
});
export type TolerancesFile = z.infer<typeof TolerancesFile>;

/**
 * Rules that hold whatever the baseline says (checked after the file's rules): the balance residuals
 * are floating-point noise around zero by construction (about 1e-12 kWh), so only a real leak of
 * energy (a bug, which the run itself also reports) should count.
 */
export const BUILT_IN_RULES: readonly ToleranceRule[] = [{ metric: '*ResidualKwh', abs: 1e-3 }];

/** Where a value sits, for matching rules. */
export interface ValuePlace {
  readonly table: string;
  readonly metric: string;
  readonly strategy: string | undefined;
}

/** Parse a tolerances.json document; `file` names it in the error. */
export function parseTolerances(json: unknown, file: string): TolerancesFile {
  const parsed = TolerancesFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail('regress.badTolerances', { file, field: issue.path.map(String).join('.') }, `${issue.message}; see README "Regression checks and reports"`);
  }
  return parsed.data;
}

/** A glob (* and ?) as an anchored regular expression. */
export function globRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function matches(rule: ToleranceRule, place: ValuePlace): boolean {
  if (!globRegExp(rule.metric).test(place.metric)) return false;
  if (rule.table !== undefined && !globRegExp(rule.table).test(place.table)) return false;
  if (rule.strategy !== undefined && !globRegExp(rule.strategy).test(place.strategy ?? '')) return false;
  return true;
}

/** The tolerance of one value: the first matching rule (file rules, then built-in ones), else the default. */
export function toleranceFor(file: TolerancesFile | undefined, place: ValuePlace): Tolerance {
  const base: Tolerance = { abs: file?.default?.abs ?? DEFAULT_TOLERANCE.abs, rel: file?.default?.rel ?? DEFAULT_TOLERANCE.rel };
  const rule = [...(file?.rules ?? []), ...BUILT_IN_RULES].find((r) => matches(r, place));
  return rule === undefined ? base : { abs: rule.abs ?? base.abs, rel: rule.rel ?? base.rel };
}

/**
 * Digits results.json keeps are 12 significant ones: a difference of two of its values is known to
 * about this share of the larger, and a move of exactly the bound may come out a few ulps above it
 * (1055.5979 - 1055.6979 is 0.10000000000013642).
 */
const KEPT_DIGITS_SHARE = 1e-12;

/** |new - old| <= max(abs, rel x |old|), to the 12 significant digits results.json keeps. */
export function withinTolerance(oldValue: number, newValue: number, tol: Tolerance): boolean {
  const slack = KEPT_DIGITS_SHARE * Math.max(Math.abs(oldValue), Math.abs(newValue));
  return Math.abs(newValue - oldValue) <= Math.max(tol.abs, tol.rel * Math.abs(oldValue)) + slack;
}

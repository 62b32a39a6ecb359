import { resolve as resolvePath } from 'node:path';
import { fail, failAll, HubsimError, HubsimProblems, namedBy, type ProblemLine } from '../errors.js';
import { MAX_ENERGY_KWH, MAX_POWER_KW } from '../limits.js';
import { alignReusingYear, alignToAxis, extendLocalYear, type AxisRole } from '../profiles/align.js';
import { findShipped, loadShipped, oneForAnUnshippedYear } from '../profiles/catalogue.js';
import { readProfileCsv } from '../profiles/csv.js';
import { scaleShape } from '../profiles/scale.js';
import type { RegularSeries } from '../profiles/series.js';
import { isoUtc, makeAxis, stepMs, yearAxis, type TimeAxis } from '../time/axis.js';
import { buildHub, type MemberColumns } from './build-hub.js';
import type { Hub } from './hub.js';
import type { LoadedHub } from './load.js';
import type { FileRef } from './series.js';
import type { PowerSeries } from './series.js';
import type { MemberProfile } from './profile.js';
import { inBlock, stepCalendar } from '../flex/blocks.js';
import { withCongestion } from '../flex/contract-caps.js';
import { NO_BATTERY, type BatteryParams, type ResolvedHub } from './resolved.js';
import { sourceField, type SourceFile } from './source.js';
import { StrategySpec } from './strategy.js';

interface Ctx {
  /** Steps filled or substituted in the files read so far (hub.filledSteps of results.json). */
  readonly fills?: FilledSteps[];
  readonly axis: TimeAxis;
  readonly year: number;
  readonly file: string;
  readonly dir: string;
  /** Why the hub is resolved on this axis when not on its own (a training or design year). */
  readonly role?: AxisRole;
  lineOf(path: (string | number)[]): number | undefined;
  /** The field at a path, as the file names it (with an inline hub's place in its rollout first). */
  field(path: (string | number)[]): string;
}

/** Steps of a profile file that were not in it: filled intervals, or the local year's edge taken from its own start. */
export interface FilledSteps {
  /** The hub-file field that names the file. */
  readonly field: string;
  readonly file: string;
  /** linear, previous or zero (fill), or year-edge (extendLocalYear). */
  readonly method: string;
  /** Steps of the file filled (in the file's own step length). */
  readonly steps: number;
}

const fillsOf = new WeakMap<ResolvedHub, readonly FilledSteps[]>();

/** The profile steps filled while resolving this hub (empty when every value came from its file). */
export function filledStepsOf(hub: ResolvedHub): readonly FilledSteps[] {
  return fillsOf.get(hub) ?? [];
}

export function hubAxis(hub: Hub): TimeAxis {
  const a = hub.axis;
  if (a.start !== undefined && a.steps !== undefined) return makeAxis(Date.parse(a.start), a.stepMinutes, a.steps);
  return yearAxis(a.year ?? 2023, a.stepMinutes);
}

/**
 * Broadcast every field of a validated hub to columns on its axis ("broadcast once, at the boundary").
 * `role` says why the hub is on that axis when it is not the year it runs (a training or design year),
 * for the error of a file that does not cover it.
 */
export function resolveHub({ hub, source }: LoadedHub, role?: AxisRole): ResolvedHub {
  const axis = hubAxis(hub);
  const fills: FilledSteps[] = [];
  const ctx: Ctx = { fills, axis, year: new Date(axis.startMs).getUTCFullYear(), file: source.path, dir: source.dir, role, lineOf: (p) => source.lineOf(p), field: (p) => sourceField(source, p) };
  const n = axis.steps;

  let demandStepMinutes = axis.stepHours * 60;
  // Every profile is read even when one fails, so that all their problems are reported at once.
  const problems: ProblemLine[] = [];
  const attempt = <T = Float64Array>(make: () => T, instead: () => T = () => new Float64Array(n) as T): T => {
    try {
      return make();
    } catch (err) {
      if (!(err instanceof HubsimError)) throw err;
      problems.push(...(err instanceof HubsimProblems ? err.problems : [{ code: err.code, message: err.message }]));
      return instead();
    }
  };
  const members: MemberColumns[] = hub.members.map((m, i) => {
    const { kw: demandKw, inputStepMinutes } = attempt(
      () => memberDemand(m.profile, ctx, ['members', i, 'profile']),
      () => ({ kw: new Float64Array(n), inputStepMinutes: null }),
    );
    if (inputStepMinutes !== null && inputStepMinutes > demandStepMinutes) demandStepMinutes = inputStepMinutes;
    return { id: m.id, kind: m.kind, demandKw, ownConnectionKw: m.ownConnectionKw };
  });
  const pvKw = hub.pv ? attempt(() => perUnit(hub.pv!.profile, hub.pv!.kwp, ctx, ['pv', 'profile'])) : undefined;
  const windKw = hub.wind ? attempt(() => perUnit(hub.wind!.profile, hub.wind!.ratedKw, ctx, ['wind', 'profile'])) : undefined;
  const importCapKw = attempt(() => capSeries(hub.connection.importCapKw, ctx, ['connection', 'importCapKw']));
  const exportCapKw = attempt(() => capSeries(hub.connection.exportCapKw, ctx, ['connection', 'exportCapKw']));
  if (problems.length > 0) failAll(role === undefined ? problems : oneForAnUnshippedYear(problems, ctx.year, ctx.file, role));
  const resolved = buildHub({
    name: hub.name,
    startMs: axis.startMs,
    stepMinutes: hub.axis.stepMinutes,
    members,
    pvKw,
    windKw,
    importCapKw,
    exportCapKw,
    contract: hub.contract,
    battery: batteryParams(hub),
    flexibleLoad: hub.flexibleLoad,
    valueOfLostLoadEurPerKwh: hub.valueOfLostLoadEurPerKwh,
    strategies: hub.strategies ?? defaultStrategies(hub),
    flexMarket: hub.flexMarket ? { gopacs: hub.flexMarket.gopacs ?? null, arbitrage: hub.flexMarket.arbitrage ?? null } : undefined,
    demandStepMinutes,
    tariff: hub.tariff,
    voltageLevel: hub.connection.voltageLevel,
  });
  checkMagnitudes(resolved, ctx);
  const market = hub.flexMarket;
  if (market === undefined || (market.congestionKw === undefined && market.congestionBlocks.length === 0 && market.exportCongestionKw === undefined)) {
    if (fills.length > 0) fillsOf.set(resolved, fills);
    return resolved;
  }
  const exportSignal = market.exportCongestionKw === undefined ? undefined : capSeries(market.exportCongestionKw, ctx, ['flexMarket', 'exportCongestionKw']);
  const signal = market.congestionKw === undefined ? new Float64Array(n) : capSeries(market.congestionKw, ctx, ['flexMarket', 'congestionKw']);
  if (market.congestionBlocks.length > 0) {
    const cal = stepCalendar(axis);
    for (const b of market.congestionBlocks) for (let t = 0; t < n; t++) if (inBlock(cal, t, b)) signal[t] += b.requestKw;
  }
  const congested = withCongestion(resolved, signal, exportSignal);
  if (fills.length > 0) fillsOf.set(congested, fills);
  return congested;
}

export function defaultStrategies(hub: Hub): StrategySpec[] {
  const kinds = hub.battery === undefined ? ['baseline', 'congestion'] : ['baseline', 'congestion', 'peak-shaving', 'self-consumption', 'optimal'];
  return kinds.map((kind) => StrategySpec.parse({ kind }));
}

function batteryParams(hub: Hub): BatteryParams {
  const b = hub.battery;
  if (b === undefined) return NO_BATTERY;
  return {
    capacityKwh: b.energyKwh,
    socMinKwh: b.socMin * b.energyKwh,
    socMaxKwh: b.socMax * b.energyKwh,
    socInitialKwh: b.socInitial * b.energyKwh,
    chargeKw: b.chargeKw ?? b.powerKw ?? 0,
    dischargeKw: b.dischargeKw ?? b.powerKw ?? 0,
    chargeEfficiency: b.chargeEfficiency,
    dischargeEfficiency: b.dischargeEfficiency,
    selfDischargePerHour: b.selfDischargePerHour,
  };
}

/** readFile, a file that cannot be read told at the field that names it. */
function readNamed(ref: FileRef, ctx: Ctx, path: (string | number)[]): RegularSeries {
  try {
    return readFile(ref, ctx);
  } catch (err) {
    if (err instanceof HubsimError && err.code === 'profile.notFound') throw namedBy({ file: ctx.file, line: ctx.lineOf([...path, 'file']) ?? ctx.lineOf(path), field: ctx.field([...path, 'file']) }, err, ctx.dir);
    throw err;
  }
}

function readFile(ref: FileRef, ctx: Ctx): RegularSeries {
  return readProfileCsv(resolvePath(ctx.dir, ref.file), {
    column: ref.column,
    timezone: ref.timezone,
    displayName: ref.file,
    delimiter: ref.delimiter,
    decimal: ref.decimal,
    time: ref.time,
    dayFirst: ref.dayFirst,
    label: ref.label,
    fill: ref.fill,
  });
}

/**
 * A profile file on the axis: read, converted from energy per interval when its unit is kWh, and
 * aligned (a local calendar year extended by its New Year's night, another year mapped with
 * reuseYear). Filled and substituted steps are recorded for the results.
 */
function fileColumn(ref: FileRef & { unit?: string }, ctx: Ctx, path: (string | number)[], read?: RegularSeries): Float64Array {
  let series = read ?? readNamed(ref, ctx, path);
  const field = ctx.field(path);
  if (series.filledSteps !== undefined && series.filledSteps > 0) ctx.fills?.push({ field, file: ref.file, method: series.fill ?? 'fill', steps: series.filledSteps });
  if (ref.unit === 'kWh') {
    // Energy per interval (kWh) over the interval's length (h) is its mean power (kW).
    const hours = series.stepMs / 3_600_000;
    const kw = new Float64Array(series.values.length);
    for (let t = 0; t < kw.length; t++) kw[t] = series.values[t] / hours;
    series = { ...series, values: kw };
  }
  const edge = extendLocalYear(series, ctx.axis);
  if (edge.substitutedSteps > 0) {
    series = edge.series;
    ctx.fills?.push({ field, file: ref.file, method: 'year-edge', steps: edge.substitutedSteps });
  }
  if (ref.reuseYear) return alignReusingYear(series, ctx.axis);
  // On another year than the hub's (ctx.role), the error names the field: the file alone does not say which year failed.
  return alignToAxis(series, ctx.axis, 1, ctx.role === undefined ? undefined : { loc: { file: ctx.file, line: ctx.lineOf(path), field }, role: ctx.role });
}

function perStep(values: readonly number[], ctx: Ctx, path: (string | number)[]): Float64Array {
  if (values.length !== ctx.axis.steps) {
    fail('hub.wrongLength', { file: ctx.file, line: ctx.lineOf(path), field: ctx.field(path) }, `has ${values.length} values but the axis has ${ctx.axis.steps} steps; give one value per step`);
  }
  return Float64Array.from(values);
}

/** A consumption profile (member or substation background) as a column on the axis (kW). */
export function profileColumn(profile: MemberProfile, axis: TimeAxis, source: SourceFile, path: (string | number)[], absurdCode = 'hub.absurdValue'): Float64Array {
  const ctx: Ctx = { axis, year: new Date(axis.startMs).getUTCFullYear(), file: source.path, dir: source.dir, lineOf: (p) => source.lineOf(p), field: (p) => sourceField(source, p) };
  const column = memberDemand(profile, ctx, path).kw;
  // The same limit as a member's: a load beyond 10 GW is a unit mistake, and its sums would overflow.
  const t = firstAbsurdStep(column, false);
  if (t >= 0) fail(absurdCode, { file: ctx.file, line: ctx.lineOf(path), field: ctx.field(path) }, `reaches ${column[t]} kW at ${isoUtc(axis.startMs + t * stepMs(axis))}, beyond the limit of ${MAX_POWER_KW} kW (10 GW); check the unit and the scaling`);
  return column;
}

/**
 * A member's consumption on the axis (kW), and the step of the data it comes from (min; null for a
 * constant, which has no time structure): a shape or file of hourly values repeated over 15-minute
 * steps has no peaks within the hour.
 */
function memberDemand(profile: MemberProfile, ctx: Ctx, path: (string | number)[]): { kw: Float64Array; inputStepMinutes: number | null } {
  if (typeof profile === 'number') return { kw: new Float64Array(ctx.axis.steps).fill(profile), inputStepMinutes: null };
  if (Array.isArray(profile)) return { kw: perStep(profile, ctx, path), inputStepMinutes: ctx.axis.stepHours * 60 };
  if ('shape' in profile) {
    const entry = findShipped(profile.shape, ctx.year, ctx.field([...path, 'shape']), ctx.file, () => ctx.lineOf([...path, 'shape']), ctx.role);
    const shape = loadShipped(entry);
    return { kw: scaleShape(shape, ctx.axis, profile), inputStepMinutes: shape.stepMs / 60_000 };
  }
  const series = readNamed(profile, ctx, path);
  const inputStepMinutes = series.stepMs / 60_000;
  if (profile.unit === 'shape') return { kw: scaleShape(series, ctx.axis, profile), inputStepMinutes };
  const out = fileColumn(profile, ctx, path, series);
  if (profile.unit === 'MW') for (let t = 0; t < out.length; t++) out[t] *= 1000;
  return { kw: out, inputStepMinutes };
}

/**
 * The step of the data a member's consumption comes from (min; null for a constant) without resolving
 * the hub: a shipped shape's catalogue step, a file's own step, or `axisStepMinutes` for values per step.
 */
export function memberInputStepMinutes(profile: MemberProfile, axisStepMinutes: number, year: number, source: SourceFile, path: (string | number)[]): number | null {
  if (typeof profile === 'number') return null;
  if (Array.isArray(profile)) return axisStepMinutes;
  if ('shape' in profile) return findShipped(profile.shape, year, 'shape').stepMinutes;
  const ctx: Ctx = { axis: yearAxis(year, axisStepMinutes), year, file: source.path, dir: source.dir, lineOf: (p) => source.lineOf(p), field: (p) => sourceField(source, p) };
  return readNamed(profile, ctx, path).stepMs / 60_000;
}

/** Output per unit of capacity (a shipped capacity-factor profile or a file) times the capacity. */
function perUnit(profile: string | FileRef, capacityKw: number, ctx: Ctx, path: (string | number)[]): Float64Array {
  const out = typeof profile === 'string' ? alignToAxis(loadShipped(findShipped(profile, ctx.year, ctx.field(path), ctx.file, () => ctx.lineOf(path), ctx.role)), ctx.axis) : fileColumn(profile, ctx, path);
  const file = typeof profile === 'string' ? profile : profile.file;
  for (let t = 0; t < out.length; t++) {
    if (out[t] < 0) fail('profile.negative', { file }, `output per unit of capacity must not be negative (found ${out[t]} at step ${t})`);
    out[t] *= capacityKw;
  }
  return out;
}

function capSeries(cap: PowerSeries | undefined, ctx: Ctx, path: (string | number)[]): Float64Array {
  const n = ctx.axis.steps;
  if (cap === undefined) return new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  if (typeof cap === 'number') return new Float64Array(n).fill(cap);
  if (Array.isArray(cap)) return perStep(cap, ctx, path);
  const out = fileColumn(cap, ctx, path);
  for (let t = 0; t < n; t++) {
    if (out[t] < 0) fail('profile.negative', { file: cap.file }, `a capacity must not be negative (found ${out[t]} at step ${t}); give caps as positive kW`);
  }
  return out;
}

/**
 * Refuse powers no hub has (beyond MAX_POWER_KW, or not finite): a unit mistake in a file or a
 * scaling, caught before a run whose sums would overflow. Named by the field and the first step.
 */
function checkMagnitudes(hub: ResolvedHub, ctx: Ctx): void {
  const check = (column: Float64Array, path: (string | number)[], allowInfinite = false): void => {
    const t = firstAbsurdStep(column, allowInfinite);
    if (t < 0) return;
    fail('hub.absurdValue', { file: ctx.file, line: ctx.lineOf(path), field: ctx.field(path) }, `reaches ${column[t]} kW at ${isoUtc(ctx.axis.startMs + t * stepMs(ctx.axis))}, beyond the limit of ${MAX_POWER_KW} kW (10 GW); check the unit and the scaling`);
  };
  hub.members.forEach((m, i) => check(m.demandKw, ['members', i, 'profile']));
  check(hub.pvKw, ['pv']);
  check(hub.windKw, ['wind']);
  check(hub.importCapKw, ['connection', 'importCapKw'], true);
  check(hub.exportCapKw, ['connection', 'exportCapKw'], true);
  const b = hub.battery;
  if (b.chargeKw > MAX_POWER_KW || b.dischargeKw > MAX_POWER_KW || b.capacityKwh > MAX_ENERGY_KWH) {
    fail('hub.absurdValue', { file: ctx.file, line: ctx.lineOf(['battery']), field: ctx.field(['battery']) }, `${b.capacityKwh} kWh, ${b.chargeKw} / ${b.dischargeKw} kW is beyond the limits of ${MAX_ENERGY_KWH} kWh and ${MAX_POWER_KW} kW; check the units`);
  }
}

/** The first step of a column beyond MAX_POWER_KW either way (+Infinity allowed when asked, NaN never), or -1. */
function firstAbsurdStep(column: Float64Array, allowInfinite: boolean): number {
  for (let t = 0; t < column.length; t++) {
    const x = column[t];
    if (Math.abs(x) <= MAX_POWER_KW || (allowInfinite && x === Number.POSITIVE_INFINITY)) continue;
    return t;
  }
  return -1;
}

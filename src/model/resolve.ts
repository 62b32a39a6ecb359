import { resolve as resolvePath } from 'node:path';
import { fail } from '../errors.js';
import { MAX_ENERGY_KWH, MAX_POWER_KW } from '../limits.js';
import { alignToAxis } from '../profiles/align.js';
import { findShipped, loadShipped } from '../profiles/catalogue.js';
import { readProfileCsv } from '../profiles/csv.js';
import { scaleShape } from '../profiles/scale.js';
import type { RegularSeries } from '../profiles/series.js';
import { isoUtc, localDayIndex, localDayStarts, makeAxis, stepMs, yearAxis, type TimeAxis } from '../time/axis.js';
import { ACM_UNUSED_THRESHOLD_KW } from './connection.js';
import type { Hub } from './hub.js';
import type { LoadedHub } from './load.js';
import type { FileRef } from './series.js';
import type { PowerSeries } from './series.js';
import type { MemberProfile } from './profile.js';
import { inBlock, stepCalendar } from '../flex/blocks.js';
import { capInForce, firmCaps, highestFinite, resolveContract, withCongestion } from '../flex/contract-caps.js';
import { hubOf, lowestKw, NO_BATTERY, type BatteryParams, type ResolvedContract, type ResolvedFlexibleLoad, type ResolvedHub, type ResolvedMember } from './resolved.js';
import { fieldPath, type SourceFile } from './source.js';
import { StrategySpec } from './strategy.js';
import { VALUE_OF_LOST_LOAD_EUR_PER_KWH } from './value-of-lost-load.js';

interface Ctx {
  readonly axis: TimeAxis;
  readonly year: number;
  readonly file: string;
  readonly dir: string;
  lineOf(path: (string | number)[]): number | undefined;
}

export function hubAxis(hub: Hub): TimeAxis {
  const a = hub.axis;
  if (a.start !== undefined && a.steps !== undefined) return makeAxis(Date.parse(a.start), a.stepMinutes, a.steps);
  return yearAxis(a.year ?? 2023, a.stepMinutes);
}

/** Broadcast every field of a validated hub to columns on its axis ("broadcast once, at the boundary"). */
export function resolveHub({ hub, source }: LoadedHub): ResolvedHub {
  const axis = hubAxis(hub);
  const ctx: Ctx = { axis, year: new Date(axis.startMs).getUTCFullYear(), file: source.path, dir: source.dir, lineOf: (p) => source.lineOf(p) };
  const n = axis.steps;

  const members: ResolvedMember[] = hub.members.map((m, i) => {
    const demandKw = memberDemand(m.profile, ctx, ['members', i, 'profile']);
    let peak = 0;
    for (let t = 0; t < n; t++) if (demandKw[t] > peak) peak = demandKw[t];
    return { id: m.id, kind: m.kind, demandKw, ownConnectionKw: m.ownConnectionKw ?? peak };
  });
  const demandKw = new Float64Array(n);
  for (const m of members) for (let t = 0; t < n; t++) demandKw[t] += m.demandKw[t];

  const pvKw = hub.pv ? perUnit(hub.pv.profile, hub.pv.kwp, ctx, ['pv', 'profile']) : new Float64Array(n);
  const windKw = hub.wind ? perUnit(hub.wind.profile, hub.wind.ratedKw, ctx, ['wind', 'profile']) : new Float64Array(n);
  const generationKw = new Float64Array(n);
  for (let t = 0; t < n; t++) generationKw[t] = pvKw[t] + windKw[t];

  // A group contract's minimum per member: shedding never takes a member's load below it.
  const minimumOf = (id: string): number => hub.contract?.groupMinimums.find((g) => g.member === id)?.minimumKw ?? 0;
  const flexible: ResolvedFlexibleLoad[] = hub.flexibleLoad.map((f) => {
    const member = members.find((m) => m.id === f.member)!;
    const availableKw = new Float64Array(n);
    const minimum = minimumOf(f.member);
    for (let t = 0; t < n; t++) availableKw[t] = Math.min(f.share * Math.max(0, member.demandKw[t]), Math.max(0, member.demandKw[t] - minimum));
    return {
      member: f.member,
      availableKw,
      maxStepsPerDay: Math.floor(f.maxHoursPerDay / axis.stepHours + 1e-9),
      recoverSteps: f.recoverWithinHours === undefined ? 0 : Math.floor(f.recoverWithinHours / axis.stepHours + 1e-9),
    };
  });

  const importCapKw = capSeries(hub.connection.importCapKw, ctx, ['connection', 'importCapKw']);
  const exportCapKw = capSeries(hub.connection.exportCapKw, ctx, ['connection', 'exportCapKw']);
  const dayIndex = localDayIndex(axis);
  let contract: ResolvedContract | undefined;
  if (hub.contract !== undefined) {
    const cal = stepCalendar(axis);
    const importMax = highestFinite(importCapKw);
    const exportMax = highestFinite(exportCapKw);
    firmCaps(hub.contract, cal, importCapKw, exportCapKw);
    contract = resolveContract(hub.contract, cal, Float64Array.from(importCapKw), Float64Array.from(exportCapKw), importMax, exportMax);
  }
  const importCapInForce = contract ? capInForce(contract) : importCapKw;
  const resolved = hubOf({
    name: hub.name,
    axis,
    members,
    demandKw,
    pvKw,
    windKw,
    generationKw,
    importCapKw: importCapInForce,
    importCapLowestKw: lowestKw(importCapInForce),
    exportCapKw,
    battery: batteryParams(hub),
    flexible,
    valueOfLostLoadEurPerKwh: hub.valueOfLostLoadEurPerKwh ?? VALUE_OF_LOST_LOAD_EUR_PER_KWH,
    dayIndex,
    dayStarts: localDayStarts(dayIndex),
    strategies: hub.strategies ?? defaultStrategies(hub),
    contract,
    flexMarket: hub.flexMarket ? { gopacs: hub.flexMarket.gopacs ?? null, arbitrage: hub.flexMarket.arbitrage ?? null } : undefined,
    acmUnusedThresholdKw: ACM_UNUSED_THRESHOLD_KW[hub.connection.voltageLevel],
  });
  checkMagnitudes(resolved, ctx);
  const market = hub.flexMarket;
  if (market === undefined || (market.congestionKw === undefined && market.congestionBlocks.length === 0 && market.exportCongestionKw === undefined)) return resolved;
  const exportSignal = market.exportCongestionKw === undefined ? undefined : capSeries(market.exportCongestionKw, ctx, ['flexMarket', 'exportCongestionKw']);
  const signal = market.congestionKw === undefined ? new Float64Array(n) : capSeries(market.congestionKw, ctx, ['flexMarket', 'congestionKw']);
  if (market.congestionBlocks.length > 0) {
    const cal = stepCalendar(axis);
    for (const b of market.congestionBlocks) for (let t = 0; t < n; t++) if (inBlock(cal, t, b)) signal[t] += b.requestKw;
  }
  return withCongestion(resolved, signal, exportSignal);
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

function readFile(ref: FileRef, ctx: Ctx): RegularSeries {
  return readProfileCsv(resolvePath(ctx.dir, ref.file), { column: ref.column, timezone: ref.timezone, displayName: ref.file });
}

function perStep(values: readonly number[], ctx: Ctx, path: (string | number)[]): Float64Array {
  if (values.length !== ctx.axis.steps) {
    fail('hub.wrongLength', { file: ctx.file, line: ctx.lineOf(path), field: fieldPath(path) }, `has ${values.length} values but the axis has ${ctx.axis.steps} steps; give one value per step`);
  }
  return Float64Array.from(values);
}

/** A consumption profile (member or substation background) as a column on the axis (kW). */
export function profileColumn(profile: MemberProfile, axis: TimeAxis, source: SourceFile, path: (string | number)[], absurdCode = 'hub.absurdValue'): Float64Array {
  const ctx: Ctx = { axis, year: new Date(axis.startMs).getUTCFullYear(), file: source.path, dir: source.dir, lineOf: (p) => source.lineOf(p) };
  const column = memberDemand(profile, ctx, path);
  // The same limit as a member's: a load beyond 10 GW is a unit mistake, and its sums would overflow.
  for (let t = 0; t < column.length; t++) {
    if (Math.abs(column[t]) <= MAX_POWER_KW) continue;
    fail(absurdCode, { file: ctx.file, line: ctx.lineOf(path), field: fieldPath(path) }, `reaches ${column[t]} kW at ${isoUtc(axis.startMs + t * stepMs(axis))}, beyond the limit of ${MAX_POWER_KW} kW (10 GW); check the unit and the scaling`);
  }
  return column;
}

function memberDemand(profile: MemberProfile, ctx: Ctx, path: (string | number)[]): Float64Array {
  if (typeof profile === 'number') return new Float64Array(ctx.axis.steps).fill(profile);
  if (Array.isArray(profile)) return perStep(profile, ctx, path);
  if ('shape' in profile) {
    const entry = findShipped(profile.shape, ctx.year, fieldPath([...path, 'shape']), ctx.file, ctx.lineOf([...path, 'shape']));
    return scaleShape(loadShipped(entry), ctx.axis, profile);
  }
  const series = readFile(profile, ctx);
  if (profile.unit === 'shape') return scaleShape(series, ctx.axis, profile);
  const out = alignToAxis(series, ctx.axis);
  if (profile.unit === 'MW') for (let t = 0; t < out.length; t++) out[t] *= 1000;
  return out;
}

/** Output per unit of capacity (a shipped capacity-factor profile or a file) times the capacity. */
function perUnit(profile: string | FileRef, capacityKw: number, ctx: Ctx, path: (string | number)[]): Float64Array {
  const series = typeof profile === 'string' ? loadShipped(findShipped(profile, ctx.year, fieldPath(path), ctx.file, ctx.lineOf(path))) : readFile(profile, ctx);
  const out = alignToAxis(series, ctx.axis);
  for (let t = 0; t < out.length; t++) {
    if (out[t] < 0) fail('profile.negative', { file: series.file }, `output per unit of capacity must not be negative (found ${out[t]} at step ${t})`);
    out[t] *= capacityKw;
  }
  return out;
}

function capSeries(cap: PowerSeries | undefined, ctx: Ctx, path: (string | number)[]): Float64Array {
  const n = ctx.axis.steps;
  if (cap === undefined) return new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  if (typeof cap === 'number') return new Float64Array(n).fill(cap);
  if (Array.isArray(cap)) return perStep(cap, ctx, path);
  const series = readFile(cap, ctx);
  const out = alignToAxis(series, ctx.axis);
  for (let t = 0; t < n; t++) {
    if (out[t] < 0) fail('profile.negative', { file: series.file }, `a capacity must not be negative (found ${out[t]} at step ${t}); give caps as positive kW`);
  }
  return out;
}

/**
 * Refuse powers no hub has (beyond MAX_POWER_KW, or not finite): a unit mistake in a file or a
 * scaling, caught before a run whose sums would overflow. Named by the field and the first step.
 */
function checkMagnitudes(hub: ResolvedHub, ctx: Ctx): void {
  const check = (column: Float64Array, path: (string | number)[], allowInfinite = false): void => {
    for (let t = 0; t < column.length; t++) {
      const x = column[t];
      if (Math.abs(x) <= MAX_POWER_KW || (allowInfinite && x === Number.POSITIVE_INFINITY)) continue;
      fail('hub.absurdValue', { file: ctx.file, line: ctx.lineOf(path), field: fieldPath(path) }, `reaches ${x} kW at ${isoUtc(ctx.axis.startMs + t * stepMs(ctx.axis))}, beyond the limit of ${MAX_POWER_KW} kW (10 GW); check the unit and the scaling`);
    }
  };
  hub.members.forEach((m, i) => check(m.demandKw, ['members', i, 'profile']));
  check(hub.pvKw, ['pv']);
  check(hub.windKw, ['wind']);
  check(hub.importCapKw, ['connection', 'importCapKw'], true);
  check(hub.exportCapKw, ['connection', 'exportCapKw'], true);
  const b = hub.battery;
  if (b.chargeKw > MAX_POWER_KW || b.dischargeKw > MAX_POWER_KW || b.capacityKwh > MAX_ENERGY_KWH) {
    fail('hub.absurdValue', { file: ctx.file, line: ctx.lineOf(['battery']), field: 'battery' }, `${b.capacityKwh} kWh, ${b.chargeKw} / ${b.dischargeKw} kW is beyond the limits of ${MAX_ENERGY_KWH} kWh and ${MAX_POWER_KW} kW; check the units`);
  }
}

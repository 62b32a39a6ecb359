import { addInto, sumOf } from '../columns.js';
import { stepCalendar } from '../flex/blocks.js';
import { capInForce, exportCapInForce, firmCaps, highestFinite, resolveContract } from '../flex/contract-caps.js';
import { localDayIndex, localDayStarts, makeAxis, type TimeAxis } from '../time/axis.js';
import { ACM_UNUSED_THRESHOLD_KW, type Connection } from './connection.js';
import type { Contract } from './contract.js';
import type { FlexibleLoad } from './flexible.js';
import { hubOf, lowestKw, NO_BATTERY, type BatteryParams, type ResolvedContract, type ResolvedFlexibleLoad, type ResolvedFlexMarket, type ResolvedHub, type ResolvedMember } from './resolved.js';
import type { StrategySpec } from './strategy.js';
import { hubTariffRates } from './tariff-rates.js';
import type { HubTariff } from './tariff.js';
import { VALUE_OF_LOST_LOAD_EUR_PER_KWH } from './value-of-lost-load.js';

/** A member as its consumption column (kW per step) and, when given, the capacity of its own connection. */
export interface MemberColumns {
  readonly id: string;
  readonly kind: string;
  readonly demandKw: Float64Array;
  /** Capacity on its own connection (kW); absent: its own peak. */
  readonly ownConnectionKw?: number;
}

/**
 * What a hub is made of, each column already on the time axis (kW per step): the members, PV and
 * wind, the collective connection's firm caps and the contract on top of them, the battery in
 * absolute units, and the flexible loads as the hub file states them. Everything that follows from
 * these is derived by buildHub.
 */
export interface HubParts {
  readonly name: string;
  /** The first step's start (UTC, ms) and the step length (min); the number of steps is the length of the members' columns. */
  readonly startMs: number;
  readonly stepMinutes: number;
  readonly members: readonly MemberColumns[];
  /** PV output (kW); absent: none. */
  readonly pvKw?: Float64Array;
  /** Wind output (kW); absent: none. */
  readonly windKw?: Float64Array;
  /** The connection's contracted import capacity (kW; +Infinity: no cap), before the contract's rights; absent: no cap. */
  readonly importCapKw?: Float64Array;
  /** The connection's contracted export capacity (kW, positive; +Infinity: no cap), before the contract's rights; absent: no cap. */
  readonly exportCapKw?: Float64Array;
  /** Transport rights and CBCs beyond the firm caps, and the group minimums; absent: the caps are all there is. */
  readonly contract?: Contract;
  readonly battery?: BatteryParams;
  readonly flexibleLoad?: readonly FlexibleLoad[];
  readonly valueOfLostLoadEurPerKwh?: number;
  readonly strategies?: readonly StrategySpec[];
  readonly flexMarket?: ResolvedFlexMarket;
  /** The time resolution of the members' consumption data (min); absent: the axis step. */
  readonly demandStepMinutes?: number;
  /** The collective connection's transport tariff block; absent: none. */
  readonly tariff?: HubTariff;
  /** The voltage level of the collective connection, for ACM use-it-or-lose-it; absent: no threshold given (1000 kW, MV). */
  readonly voltageLevel?: Connection['voltageLevel'];
}

/**
 * The model's constructor: a complete ResolvedHub from its parts. It derives
 * - the time axis from the start, the step and the length of the columns;
 * - the local (Europe/Amsterdam) day of each step and the first step of each day;
 * - the hub's consumption, the sum of its members', and its generation, PV + wind;
 * - a member's own connection, its own peak where not given;
 * - the contract as columns: the firm caps lowered by the time-block rights (TBTR), the CBC-T
 *   blocks, and the caps in force (firm, lowered by a CBC-T in its blocks; CBC-A, TDTR and non-firm
 *   wait for a congestion signal: withCongestion);
 * - the lowest import cap in force;
 * - each flexible load's power that may be shed, share x its member's load but never below the
 *   member's group minimum, and its daily budget and recovery time in whole steps;
 * - the tariff's rates on the contracted capacity, and the ACM threshold of the voltage level.
 * resolveHub builds every hub file through it; a hub in another year or under congestion is made
 * from a built one (grownHub, withCongestion).
 */
export function buildHub(parts: HubParts): ResolvedHub {
  const n = parts.members.length === 0 ? 0 : parts.members[0].demandKw.length;
  const axis = makeAxis(parts.startMs, parts.stepMinutes, n);
  // Every column lies on the one axis: a column of another length is a bug in the caller.
  const onAxis = (given: Float64Array, what: string): Float64Array => {
    if (given.length !== n) throw new Error(`${what} of hub ${parts.name} has ${given.length} steps where its first member has ${n}. This is a bug in hubsim.`);
    return given;
  };
  const column = (given: Float64Array | undefined, fill: number, what: string): Float64Array => (given === undefined ? new Float64Array(n).fill(fill) : onAxis(given, what));
  const members: ResolvedMember[] = parts.members.map((m) => ({
    id: m.id,
    kind: m.kind,
    demandKw: onAxis(m.demandKw, `the demand of member ${m.id}`),
    ownConnectionKw: m.ownConnectionKw ?? peakKw(m.demandKw),
  }));
  const demandKw = new Float64Array(n);
  for (const m of members) addInto(m.demandKw, demandKw);
  const pvKw = column(parts.pvKw, 0, 'the PV output');
  const windKw = column(parts.windKw, 0, 'the wind output');
  const generationKw = sumOf(pvKw, windKw);

  const firmImportKw = column(parts.importCapKw, Number.POSITIVE_INFINITY, 'the import cap');
  const firmExportKw = column(parts.exportCapKw, Number.POSITIVE_INFINITY, 'the export cap');
  const contract = parts.contract === undefined ? undefined : contractColumns(parts.contract, axis, firmImportKw, firmExportKw);
  const importCapKw = contract === undefined ? firmImportKw : capInForce(contract);
  const exportCapKw = contract === undefined ? firmExportKw : exportCapInForce(contract);

  const dayIndex = localDayIndex(axis);
  return hubOf({
    name: parts.name,
    axis,
    members,
    demandKw,
    pvKw,
    windKw,
    generationKw,
    importCapKw,
    importCapLowestKw: lowestKw(importCapKw),
    exportCapKw,
    battery: parts.battery ?? NO_BATTERY,
    flexible: (parts.flexibleLoad ?? []).map((f) => flexibleColumns(f, members, parts.contract, axis.stepHours)),
    valueOfLostLoadEurPerKwh: parts.valueOfLostLoadEurPerKwh ?? VALUE_OF_LOST_LOAD_EUR_PER_KWH,
    dayIndex,
    dayStarts: localDayStarts(dayIndex),
    strategies: parts.strategies ?? [],
    contract,
    flexMarket: parts.flexMarket,
    demandStepMinutes: parts.demandStepMinutes,
    tariff: parts.tariff === undefined ? undefined : hubTariffRates(parts.tariff, contractedKw(contract?.firmImportCapKw ?? importCapKw, demandKw, generationKw)),
    acmUnusedThresholdKw: parts.voltageLevel === undefined ? undefined : ACM_UNUSED_THRESHOLD_KW[parts.voltageLevel],
  });
}

/** The highest consumption of a column (kW; 0 when it never consumes). */
function peakKw(demandKw: Float64Array): number {
  let peak = 0;
  for (let t = 0; t < demandKw.length; t++) if (demandKw[t] > peak) peak = demandKw[t];
  return peak;
}

/**
 * The contract on the axis: the time-block rights lower the firm caps in their blocks (firmCaps),
 * and each right's discount is paid on what it takes off the highest firm cap before those blocks.
 */
function contractColumns(terms: Contract, axis: TimeAxis, importCapKw: Float64Array, exportCapKw: Float64Array): ResolvedContract {
  const cal = stepCalendar(axis);
  const importMaxKw = highestFinite(importCapKw);
  const exportMaxKw = highestFinite(exportCapKw);
  const firmImportKw = Float64Array.from(importCapKw);
  const firmExportKw = Float64Array.from(exportCapKw);
  firmCaps(terms, cal, firmImportKw, firmExportKw);
  return resolveContract(terms, cal, firmImportKw, firmExportKw, importMaxKw, exportMaxKw);
}

/**
 * A flexible load as columns: in each step share x the member's load may be shed, but never so much
 * that the member's load falls below its group minimum (GTO); the daily budget and the recovery
 * time in whole steps (0: shed energy is lost).
 */
function flexibleColumns(f: FlexibleLoad, members: readonly ResolvedMember[], contract: Contract | undefined, stepHours: number): ResolvedFlexibleLoad {
  const member = members.find((m) => m.id === f.member);
  if (member === undefined) throw new Error(`flexible load of ${f.member}, who is not a member. This is a bug in hubsim: the checks refuse it.`);
  const minimumKw = contract?.groupMinimums.find((g) => g.member === f.member)?.minimumKw ?? 0;
  return {
    member: f.member,
    availableKw: sheddableKw(member.demandKw, f.share, minimumKw),
    maxStepsPerDay: Math.floor(f.maxHoursPerDay / stepHours + 1e-9),
    recoverSteps: f.recoverWithinHours === undefined ? 0 : Math.floor(f.recoverWithinHours / stepHours + 1e-9),
  };
}

/** Per step, share x the member's load, but never below its group minimum (kW). */
function sheddableKw(demandKw: Float64Array, share: number, minimumKw: number): Float64Array {
  const out = new Float64Array(demandKw.length);
  for (let t = 0; t < out.length; t++) out[t] = Math.min(share * Math.max(0, demandKw[t]), Math.max(0, demandKw[t] - minimumKw));
  return out;
}

/**
 * The contracted transport capacity a tariff charges (kW): the highest finite firm import cap, or
 * without a cap the uncontrolled coincident peak max(demand - generation), what the hub would contract.
 */
function contractedKw(firmImportCapKw: Float64Array, demandKw: Float64Array, generationKw: Float64Array): number {
  let cap = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < firmImportCapKw.length; t++) if (Number.isFinite(firmImportCapKw[t]) && firmImportCapKw[t] > cap) cap = firmImportCapKw[t];
  if (cap > Number.NEGATIVE_INFINITY) return cap;
  let peak = 0;
  for (let t = 0; t < demandKw.length; t++) if (demandKw[t] - generationKw[t] > peak) peak = demandKw[t] - generationKw[t];
  return peak;
}

import { buildHub } from '../../src/model/build-hub.js';
import { Contract } from '../../src/model/contract.js';
import { FlexibleLoad } from '../../src/model/flexible.js';
import { hubOf, type BatteryParams, type ResolvedFlexMarket, type ResolvedHub } from '../../src/model/resolved.js';
import type { StrategySpec } from '../../src/model/strategy.js';

/** A column for a test: one value for every step, or one value per step. */
export type TestColumn = number | ArrayLike<number>;

/**
 * A hub as a test states it: columns as numbers or arrays, the contract and flexible loads as a hub
 * file gives them (zod input), the battery in absolute units. Nothing derived: that is buildHub's.
 */
export interface TestHub {
  name?: string;
  /** The first step's start (UTC, ms). */
  startMs: number;
  /** Step length (min); default 60. */
  stepMinutes?: number;
  /** The members; the first one's demand sets the number of steps. */
  members: readonly { id: string; kind?: string; demand: ArrayLike<number>; ownConnectionKw?: number }[];
  pv?: TestColumn;
  wind?: TestColumn;
  /** The firm import cap (kW); absent: no cap. */
  importCapKw?: TestColumn;
  /** The firm export cap (kW); absent: no cap. */
  exportCapKw?: TestColumn;
  /** A hub file's contract block (parsed with its defaults). */
  contract?: unknown;
  battery?: BatteryParams;
  /** A hub file's flexibleLoad list (parsed with its defaults). */
  flexibleLoad?: readonly unknown[];
  valueOfLostLoadEurPerKwh?: number;
  strategies?: readonly StrategySpec[];
  flexMarket?: ResolvedFlexMarket;
}

/** The one way a test builds a hub by hand: its parts on columns, through the model's constructor (buildHub). */
export function testHub(spec: TestHub): ResolvedHub {
  const steps = spec.members[0].demand.length;
  const column = (c: TestColumn | undefined): Float64Array | undefined => {
    if (c === undefined) return undefined;
    if (typeof c === 'number') return new Float64Array(steps).fill(c);
    return c instanceof Float64Array ? c : Float64Array.from(c);
  };
  return buildHub({
    name: spec.name ?? 'hand',
    startMs: spec.startMs,
    stepMinutes: spec.stepMinutes ?? 60,
    members: spec.members.map((m) => ({ id: m.id, kind: m.kind ?? 'business', demandKw: column(m.demand)!, ownConnectionKw: m.ownConnectionKw })),
    pvKw: column(spec.pv),
    windKw: column(spec.wind),
    importCapKw: column(spec.importCapKw),
    exportCapKw: column(spec.exportCapKw),
    contract: spec.contract === undefined ? undefined : Contract.parse(spec.contract),
    battery: spec.battery,
    flexibleLoad: spec.flexibleLoad?.map((f) => FlexibleLoad.parse(f)),
    valueOfLostLoadEurPerKwh: spec.valueOfLostLoadEurPerKwh,
    strategies: spec.strategies,
    flexMarket: spec.flexMarket,
  });
}

/**
 * The one way a test derives a variant of a built hub: `hub` with `changes` in place of some of its
 * fields, through hubOf, as the model derives its own variants (grownHub, withCongestion,
 * withImportCapRaised), so that the variant has the one object shape of every hub. Not through
 * buildHub: a variant keeps every other field as built, those buildHub derived from the parts a test
 * replaces included (generationKw from pvKw and windKw, importCapLowestKw from importCapKw); a test
 * replaces those it needs. With no changes it is a new hub object with the same fields: what a
 * strategy is given before its run (a peak shaver's year before, MPC's forecasts) is kept per hub object.
 */
export function variantOf(hub: ResolvedHub, changes: Partial<ResolvedHub>): ResolvedHub {
  return hubOf({ ...hub, ...changes });
}

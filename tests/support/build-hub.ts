import { buildHub } from '../../src/model/build-hub.js';
import { Contract } from '../../src/model/contract.js';
import { FlexibleLoad } from '../../src/model/flexible.js';
import type { BatteryParams, ResolvedFlexMarket, ResolvedHub } from '../../src/model/resolved.js';
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

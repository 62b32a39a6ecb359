import type { TimeAxis } from '../time/axis.js';
import type { CbcA, CbcT, NonFirm, Tdtr } from './contract.js';
import type { Arbitrage, Gopacs } from './flex-market.js';
import type { StrategySpec } from './strategy.js';
import type { HubTariffRates } from './tariff-rates.js';

/**
 * Battery parameters in absolute units (kWh, kW) as the physics uses them. A hub without a battery
 * gets NO_BATTERY, whose limits are all zero, so the engine needs no special case.
 */
export interface BatteryParams {
  readonly capacityKwh: number;
  readonly socMinKwh: number;
  readonly socMaxKwh: number;
  readonly socInitialKwh: number;
  readonly chargeKw: number;
  readonly dischargeKw: number;
  readonly chargeEfficiency: number;
  readonly dischargeEfficiency: number;
  readonly selfDischargePerHour: number;
}

export const NO_BATTERY: BatteryParams = {
  capacityKwh: 0,
  socMinKwh: 0,
  socMaxKwh: 0,
  socInitialKwh: 0,
  chargeKw: 0,
  dischargeKw: 0,
  chargeEfficiency: 1,
  dischargeEfficiency: 1,
  selfDischargePerHour: 0,
};

export interface ResolvedMember {
  readonly id: string;
  readonly kind: string;
  readonly demandKw: Float64Array;
  /** Capacity on its own connection (kW): given, or its own peak. */
  readonly ownConnectionKw: number;
}

export interface ResolvedFlexibleLoad {
  readonly member: string;
  /** Power that may be shed in each step (kW). */
  readonly availableKw: Float64Array;
  /** At most this many steps with shedding per local day. */
  readonly maxStepsPerDay: number;
  /**
   * Energy shed in step s comes back by step s + recoverSteps at the latest (recoverWithinHours in
   * whole steps); 0: shed energy is lost.
   */
  readonly recoverSteps: number;
}

/**
 * A hub with every field broadcast to Float64Array columns on its axis: what the engine runs on.
 * Caps that were not given are +Infinity.
 */
export interface ResolvedHub {
  readonly name: string;
  readonly axis: TimeAxis;
  readonly members: readonly ResolvedMember[];
  readonly demandKw: Float64Array;
  readonly pvKw: Float64Array;
  readonly windKw: Float64Array;
  readonly generationKw: Float64Array;
  readonly importCapKw: Float64Array;
  /**
   * The lowest value of importCapKw (kW; +Infinity: no cap), kept with it wherever a hub is built,
   * so that a rule can tell without a pass over the year whether the cap ever comes below its level.
   */
  readonly importCapLowestKw: number;
  readonly exportCapKw: Float64Array;
  readonly battery: BatteryParams;
  readonly flexible: readonly ResolvedFlexibleLoad[];
  /** Price of flexible load shed and never served (EUR/kWh): the value of lost load (model/value-of-lost-load.ts). */
  readonly valueOfLostLoadEurPerKwh: number;
  /** Local (Europe/Amsterdam) day of each step, counted from 0. */
  readonly dayIndex: Int32Array;
  /** The first step of each local day, then the number of steps (localDayStarts). */
  readonly dayStarts: Int32Array;
  readonly strategies: readonly StrategySpec[];
  /** The transport contract beyond the firm caps; absent: the caps are all there is. */
  readonly contract?: ResolvedContract;
  /** What the hub offers the flex market; absent: nothing. */
  readonly flexMarket?: ResolvedFlexMarket;
  /** Import reduction the grid operator requests in each step (kW; 0 = no congestion); absent: none. */
  readonly congestionKw?: Float64Array;
  /** Export reduction the grid operator requests in each step (kW; 0 = none); absent: none. */
  readonly exportCongestionKw?: Float64Array;
  /**
   * The time resolution of the members' consumption data (min): the longest step of any member's
   * input (a shipped shape or a file: its own step; values per step: the axis step), at least the
   * axis step. Above 15, peaks within the PTU (the 15-minute period Dutch tariffs and contracts
   * measure) are not in the data. Absent: the axis step.
   */
  readonly demandStepMinutes?: number;
  /** The collective connection's transport tariff (the hub file's tariff block); absent: none given. */
  readonly tariff?: HubTariffRates;
  /** ACM use-it-or-lose-it: unused contracted capacity the operator may reclaim from (kW, by voltage level); absent: 1000 (MV). */
  readonly acmUnusedThresholdKw?: number;
}

/**
 * The contract as columns (docs/contracts.md). importCapKw and exportCapKw of the hub are the caps in
 * force: the lowest of the firm cap (with its TBTR blocks), the TDTR restrictions, the non-firm
 * limits and the CBC caps where they are active.
 */
export interface ResolvedContract {
  /** Import cap without the CBCs, TDTR and non-firm: the firm cap, lowered by TBTR blocks (kW; +Infinity: none). */
  readonly firmImportCapKw: Float64Array;
  /** Export cap without TDTR and non-firm: the firm export cap, lowered by TBTR blocks (kW; +Infinity: none). */
  readonly firmExportCapKw: Float64Array;
  /**
   * TDTR: restricted steps (1), and for each the step its restriction was announced at (the start of
   * the local day before; -1 where not restricted). None without a congestion signal.
   */
  readonly tdtr: { readonly terms: Tdtr; readonly restricted: Uint8Array; readonly announcedAtStep: Int32Array } | null;
  /** Non-firm: steps limited on import and on export, in real time by the congestion signals. */
  readonly nonFirm: { readonly terms: NonFirm; readonly importLimited: Uint8Array; readonly exportLimited: Uint8Array } | null;
  /** kW each right takes off the firm caps (import plus export), on which its tariff discount is paid. */
  readonly givenUpKw: { readonly tbtr: number; readonly tdtr: number; readonly nonFirm: number };
  readonly tbtrDiscountEurPerKwYear: number;
  readonly cbcT: { readonly terms: CbcT; readonly active: Uint8Array } | null;
  /** Called steps follow the congestion signal (the day before); none without a signal. */
  readonly cbcA: { readonly terms: CbcA; readonly called: Uint8Array } | null;
  readonly penaltyEurPerKwh: number;
}

export interface ResolvedFlexMarket {
  readonly gopacs: Gopacs | null;
  readonly arbitrage: Arbitrage | null;
}

/**
 * The one object shape of a ResolvedHub: every field in this order, the optional ones present with
 * undefined when absent, so that the loops compiled for one hub serve the next (docs/performance.md,
 * "Code shapes"). A hub is built from its parts by buildHub (model/build-hub.ts), which ends here;
 * a hub made from a built one (growth, congestion signals, sweep draws) comes through here too.
 */
export function hubOf(h: ResolvedHub): ResolvedHub {
  return {
    name: h.name,
    axis: h.axis,
    members: h.members,
    demandKw: h.demandKw,
    pvKw: h.pvKw,
    windKw: h.windKw,
    generationKw: h.generationKw,
    importCapKw: h.importCapKw,
    importCapLowestKw: h.importCapLowestKw,
    exportCapKw: h.exportCapKw,
    battery: h.battery,
    flexible: h.flexible,
    valueOfLostLoadEurPerKwh: h.valueOfLostLoadEurPerKwh,
    dayIndex: h.dayIndex,
    dayStarts: h.dayStarts,
    strategies: h.strategies,
    contract: h.contract,
    flexMarket: h.flexMarket,
    congestionKw: h.congestionKw,
    exportCongestionKw: h.exportCongestionKw,
    demandStepMinutes: h.demandStepMinutes,
    tariff: h.tariff,
    acmUnusedThresholdKw: h.acmUnusedThresholdKw,
  };
}

/** The lowest value of a column (+Infinity for an empty one): ResolvedHub.importCapLowestKw. */
export function lowestKw(column: Float64Array): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (let t = 0; t < column.length; t++) if (column[t] < lowest) lowest = column[t];
  return lowest;
}

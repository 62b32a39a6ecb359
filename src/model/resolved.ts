import type { TimeAxis } from '../time/axis.js';
import type { StrategySpec } from './strategy.js';

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
  readonly exportCapKw: Float64Array;
  readonly battery: BatteryParams;
  readonly flexible: readonly ResolvedFlexibleLoad[];
  /** Local (Europe/Amsterdam) day of each step, counted from 0. */
  readonly dayIndex: Int32Array;
  readonly strategies: readonly StrategySpec[];
}

import { strategyName, type StrategySpec } from '../model/strategy.js';

/** One task for a worker: every terrain on one substation, in one year and one weather year. */
export interface RolloutTask {
  readonly index: number;
  readonly substation: string;
  readonly year: number;
  readonly weatherYear: number;
}

/** The reference without hubs: every terrain uncontrolled. */
export const WITHOUT_HUBS = 'without-hubs';

/**
 * A flex strategy runs in two passes: first before any request of the grid operator (no CBC-A
 * calls, no GOPACS), whose substation load makes the requests, then answering them. The first pass
 * is a variant of its own in the results, under this name, so every table shows both.
 */
export function firstPassName(strategy: string): string {
  return `${strategy}:before-requests`;
}

/** Every variant of a rollout in output order: the reference, then each strategy (flex: both passes). */
export function variantNames(specs: readonly StrategySpec[]): string[] {
  return [WITHOUT_HUBS, ...strategyVariants(specs)];
}

/** The strategy variants (without the reference). */
export function strategyVariants(specs: readonly StrategySpec[]): string[] {
  return specs.flatMap((s) => (s.kind === 'flex' ? [firstPassName(strategyName(s)), strategyName(s)] : [strategyName(s)]));
}

/** One terrain's run in a task: the reference (baseline) or a strategy (active from the hub start year). */
export interface TerrainOutcome {
  readonly terrain: string;
  /** WITHOUT_HUBS, or a strategy name. */
  readonly strategy: string;
  /** Whether the hub operates this year (false: the terrain ran uncontrolled). */
  readonly hubActive: boolean;
  readonly metrics: Record<string, number | null>;
  /** PV and wind energy lost: curtailed by the hub, or exported above the export cap (curtailed by the grid operator), kWh. */
  readonly lostGenerationKwh: number;
  /** That energy valued at the day-ahead price of its hour (or the scenario's fixed price), EUR. */
  readonly curtailmentCostEur: number;
  /** Forecast-error volume x imbalance spread, EUR. */
  readonly imbalanceCostEur: number;
  /** Grid import of this terrain in the step of the substation's peak, kW. */
  readonly importAtSubstationPeakKw: number;
}

/** The substation's load (sum of its terrains' grid exchange plus background) in one variant. */
export interface SubstationOutcome {
  readonly strategy: string;
  readonly peakLoadKw: number;
  /** Time above capacity x (1 - spare) of the substation as built, h. */
  readonly overloadHours: number;
  readonly energyAboveSafeKwh: number;
}

export interface JobFailure {
  readonly terrain: string;
  readonly year: number;
  readonly weatherYear: number;
  readonly strategy: string;
  readonly message: string;
}

export interface TaskResult {
  readonly index: number;
  readonly substation: string;
  readonly year: number;
  readonly weatherYear: number;
  readonly terrains: TerrainOutcome[];
  readonly substations: SubstationOutcome[];
  readonly hubYears: number;
  readonly failures: JobFailure[];
}

import type { ReinforcementOrder } from '../economics/reinforcement.js';
import { strategyName, type StrategySpec } from '../model/strategy.js';

/**
 * One task for a worker: one substation and its terrains over the whole horizon, year after year
 * (a year's grid and grants depend on the years before), every weather year and variant.
 */
export interface RolloutTask {
  readonly index: number;
  readonly substation: string;
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

/** The run metrics (results/metrics.ts) the terrain-years table shows (report/rollout-tables.ts), in its column order. */
export const TERRAIN_TABLE_METRICS = [
  'peakImportKw',
  'coincidentPeakKw',
  'sumOfMemberPeaksKw',
  'peakReductionKw',
  'peakReductionPct',
  'hoursAboveImportCap',
  'energyAboveImportCapKwh',
  'hoursAboveExportCap',
  'importEnergyKwh',
  'exportEnergyKwh',
  'generationEnergyKwh',
  'energyShedKwh',
  'unservedShedKwh',
  'energyCurtailedKwh',
  'equivalentFullCycles',
  'selfConsumptionRatio',
] as const;

/** The run metrics the flex-years table shows (report/rollout-tables.ts), in its column order: a flex hub's revenue by product, the grid operator's calls and restrictions, and its compliance. */
export const FLEX_TABLE_METRICS = [
  'cbcTAvailabilityEur',
  'cbcTActivationEur',
  'cbcAAvailabilityEur',
  'cbcAActivationEur',
  'cbcAHoursCalled',
  'tdtrHoursRestricted',
  'nonFirmHoursLimited',
  'gopacsRevenueEur',
  'gopacsDeliveredKwh',
  'gopacsPenaltyEur',
  'contractPenaltyEur',
  'flexRevenueEur',
  'acmUnderused',
] as const;

/**
 * The run metrics a terrain-year row keeps, each the mean over the weather years: the terrain-years
 * table's own, and those the rollout's economics, its agenda check and its terminal summary read. The
 * other metrics of a run are not kept: a national rollout has some 10^5 rows, each passed from its
 * thread and held until the files are written.
 */
export const TERRAIN_YEAR_METRICS = [...TERRAIN_TABLE_METRICS, ...FLEX_TABLE_METRICS, 'arbitrageRevenueEur'] as const;

/** The name of a metric a terrain-year row keeps. */
export type TerrainYearMetric = (typeof TERRAIN_YEAR_METRICS)[number];

/**
 * One terrain in one year in one variant, every weather year run: the per-run metrics averaged over
 * the weather years, and what the rollout adds (docs/economics.md). Peaks that decide the grid
 * (neededKw, the substation-peak contributions) are taken in the worst weather year.
 */
export interface TerrainYearRow {
  readonly terrain: string;
  readonly substation: string;
  readonly year: number;
  readonly strategy: string;
  /** Whether the hub operates this year (false: the terrain ran uncontrolled). */
  readonly hubActive: boolean;
  readonly weatherYears: number;
  /** The TERRAIN_YEAR_METRICS of the runs, mean over the weather years. */
  readonly metrics: Readonly<Record<TerrainYearMetric, number | null>>;
  /** The hub's contracted firm import cap as built (kW); null without a cap. */
  readonly contractCapKw: number | null;
  /** The import cap granted so far, in force this year (kW); null without a cap. */
  readonly grantedCapKw: number | null;
  /** Highest import over the weather years with this variant (kW): what the connection needs. */
  readonly neededKw: number;
  /** Cap asked for next year: the uncontrolled peak grown as the members plan, in whole request steps (kW); null when none is asked. */
  readonly requestedCapKw: number | null;
  /** neededKw above the granted cap (kW): waiting for capacity, or never served. */
  readonly waitingKw: number;
  /** Time with import above the granted firm cap, mean over the weather years (h). */
  readonly hoursAboveGrantedCap: number;
  /** Energy imported above the granted firm cap, mean over the weather years (kWh): not served. */
  readonly unservedEnergyKwh: number;
  /** Capacity freed: null when the hub is not active or needs more than it holds (docs/economics.md section 5). */
  readonly diversityKw: number | null;
  readonly controlKw: number | null;
  readonly capacityFreedKw: number | null;
  /** Granted cap - peak import (kW); null without a cap or an active hub. */
  readonly contractHeadroomKw: number | null;
  /** Peak import - granted cap when above (kW), else 0. */
  readonly capacityShortKw: number;
  /** Import in the step of the substation's peak (each variant at its own peak step), mean over the weather years (kW). */
  readonly importAtSubstationPeakKw: number;
  /** Its members' consumption (before shedding) in that step, mean over the weather years (kW). */
  readonly demandAtSubstationPeakKw: number;
  /** Import without hubs - with this variant, at the reference's peak step of its worst weather year (kW). */
  readonly substationPeakLoweredKw: number;
  /** Import with this variant - without hubs, at this variant's peak step of its worst weather year (kW). */
  readonly substationPeakRaisedKw: number;
  /** PV and wind energy lost (curtailed, or exported above the export cap) (kWh). */
  readonly lostGenerationKwh: number;
  /** That energy at the day-ahead price of its hour (EUR). */
  readonly curtailmentCostEur: number;
  readonly avoidedCurtailmentEur: number;
  /** Forecast-error volume of the members and the generation, each settling alone (kWh). */
  readonly forecastErrorAloneKwh: number;
  /** Forecast-error volume of the hub settling its grid exchange (kWh); null when the hub is not active. */
  readonly forecastErrorHubKwh: number | null;
  /** Imbalance settlement against the day-ahead price (EUR): alone, or the hub's when active. */
  readonly imbalanceCostEur: number;
  readonly avoidedImbalanceEur: number;
  /** unservedEnergyKwh x economics.valueOfLostLoadEurPerKwh (EUR). */
  readonly unservedCostEur: number;
  readonly avoidedUnservedEur: number;
  /** Flexible load shed without recovery (metrics.unservedShedKwh), this variant against without hubs, x the value of lost load: a cost, negative (EUR). */
  readonly lostShedEur: number;
  /** Transport tariff of the members, each on its own connection (EUR). */
  readonly transportTariffAloneEur: number;
  /** Transport tariff paid: the collective connection's when the hub is active, else alone (EUR). */
  readonly transportTariffEur: number;
  /** Contract cost of the cap held: the granted cap x the contract rate when the hub is active; else the members' own (EUR). */
  readonly contractCostEur: number;
  /** transportTariffAloneEur - transportTariffEur (EUR). */
  readonly transportTariffSavingEur: number;
  /** CBC and GOPACS fees minus penalties: paid by the grid operator to the hub (EUR). */
  readonly flexTransfersEur: number;
  /** Day-ahead arbitrage revenue, earned in the market (EUR). */
  readonly arbitrageRevenueEur: number;
}

/** One substation in one year in one variant. */
export interface SubstationYearRow {
  readonly substation: string;
  readonly year: number;
  readonly strategy: string;
  /** Highest planning load over the weather years (kW). */
  readonly peakLoadKw: number;
  /** Mean planning load over the steps and weather years (kW). */
  readonly meanLoadKw: number;
  /** Capacity in service when the year's peak came (kW): the lowest over the levels. */
  readonly capacityInServiceKw: number;
  readonly overloaded: boolean;
  /** Time above capacityInServiceKw x (1 - planningMargin), mean over the weather years (h). */
  readonly overloadHours: number;
  /** Energy above it, mean over the weather years (kWh). */
  readonly energyAboveCapacityKwh: number;
  /** Cost of the steps ordered this year (EUR, undiscounted). */
  readonly reinforcementOrderedEur: number;
  /** Cost of the steps going into service this year (EUR, undiscounted). */
  readonly reinforcementInServiceEur: number;
  /** Peak without hubs - this variant's peak (kW). */
  readonly peakReductionKw: number;
  /** This variant's peak - the peak without hubs (kW): > 0 where the hubs raised the substation's peak. */
  readonly peakChangeKw: number;
  /** Time the load was above the highest load without hubs of the same weather year, mean over the weather years (h). */
  readonly hoursRaisedAboveReference: number;
  /** Sum over the terrains of waitingKw (kW). */
  readonly waitingKw: number;
  /** Sum over the terrains of unservedEnergyKwh (kWh). */
  readonly waitingEnergyKwh: number;
  /** waitingKw without hubs - this variant's (kW). */
  readonly connectableKw: number;
  /** waitingEnergyKwh without hubs - this variant's (kWh). */
  readonly connectableEnergyKwh: number;
}

/** One level's order of one variant's grid (substationPurchases). */
export interface PurchaseRow extends ReinforcementOrder {
  readonly substation: string;
  readonly strategy: string;
  /** Whether it is in service within the horizon (otherwise it is outside the horizon's money). */
  readonly withinHorizon: boolean;
}

/** The capacity a substation started from, and how it was found. */
export interface SubstationBasis {
  readonly substation: string;
  /** firm: capacityKw given; estimated: the ETM estimate from the first year's peak without hubs. */
  readonly capacityBasis: 'firm' | 'estimated';
  readonly initialCapacityKw: number;
  readonly planningMargin: number;
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
  readonly basis: SubstationBasis | null;
  readonly terrainYears: TerrainYearRow[];
  readonly substationYears: SubstationYearRow[];
  readonly purchases: PurchaseRow[];
  readonly hubYears: number;
  readonly failures: JobFailure[];
}

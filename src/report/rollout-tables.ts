import { METRICS } from '../results/metrics.js';
import type {
  RolloutResult,
  StrategyTotals,
  SubstationSummary,
  SubstationYearRow,
  TerrainEconomics,
  TerrainYearRow,
  YearTotals,
} from '../rollout/aggregate.js';

/** A column of a rollout CSV: name, unit, meaning and how to read it from a row. */
export interface Column<T> {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly get: (row: T) => number | string | boolean | null;
}

/** One output table: its file name, what a row is, and its columns. Single source for CSV, JSON docs and docs/outputs.md. */
export interface Table<T> {
  readonly file: string;
  readonly key: keyof RolloutResult;
  readonly row: string;
  readonly columns: readonly Column<T>[];
}

const c = <T>(name: string, unit: string, description: string, get: Column<T>['get']): Column<T> => ({ name, unit, description, get });

const TERRAIN_METRICS = [
  'peakImportKw',
  'coincidentPeakKw',
  'sumOfMemberPeaksKw',
  'peakReductionKw',
  'peakReductionPct',
  'capacityFreedKw',
  'hoursAboveImportCap',
  'energyAboveImportCapKwh',
  'hoursAboveExportCap',
  'importEnergyKwh',
  'exportEnergyKwh',
  'energyShedKwh',
  'energyCurtailedKwh',
  'equivalentFullCycles',
  'selfConsumptionRatio',
];

export const TERRAIN_YEARS: Table<TerrainYearRow> = {
  file: 'terrain-years.csv',
  key: 'terrainYears',
  row: 'one terrain in one year in one variant (without-hubs, or a strategy), averaged over the weather years',
  columns: [
    c('terrain', '-', 'Terrain id.', (r) => r.terrain),
    c('substation', '-', 'Substation the terrain hangs from.', (r) => r.substation),
    c('year', 'year', 'Horizon year.', (r) => r.year),
    c('strategy', '-', '"without-hubs" (every terrain uncontrolled) or a strategy name.', (r) => r.strategy),
    c('hubActive', 'bool', 'Whether the hub operates this year (from its hubStartYear); otherwise the terrain ran uncontrolled.', (r) => r.hubActive),
    c('weatherYears', 'count', 'Number of weather years averaged.', (r) => r.weatherYears),
    ...TERRAIN_METRICS.map((name) => {
      const m = METRICS.find((x) => x.name === name)!;
      return c<TerrainYearRow>(name, m.unit, m.description, (r) => r.metrics[name]);
    }),
    c('lostGenerationKwh', 'kWh', 'PV and wind energy lost: curtailed by the hub, or exported above the export cap (curtailed by the grid operator).', (r) => r.lostGenerationKwh),
    c('curtailmentCostEur', 'EUR', 'That energy valued at the day-ahead price of its hour (or economics.curtailmentPriceEurPerMwh).', (r) => r.curtailmentCostEur),
    c('imbalanceCostEur', 'EUR', 'Forecast-error volume x economics.imbalanceSpreadEurPerMwh: alone, forecastErrorShareAlone x (consumption + generation); with the hub, forecastErrorShareHub x grid exchange.', (r) => r.imbalanceCostEur),
    c('avoidedCurtailmentEur', 'EUR', 'curtailmentCostEur without hubs - with this strategy (0 for without-hubs).', (r) => r.avoidedCurtailmentEur),
    c('avoidedImbalanceEur', 'EUR', 'imbalanceCostEur without hubs - with this strategy (0 for without-hubs).', (r) => r.avoidedImbalanceEur),
  ],
};

export const SUBSTATION_YEARS: Table<SubstationYearRow> = {
  file: 'substation-years.csv',
  key: 'substationYears',
  row: 'one substation in one year in one variant',
  columns: [
    c('substation', '-', 'Substation id.', (r) => r.substation),
    c('year', 'year', 'Horizon year.', (r) => r.year),
    c('strategy', '-', '"without-hubs" or a strategy name (hubs that have started run it).', (r) => r.strategy),
    c('peakLoadKw', 'kW', 'Highest per-step sum of the terrains\' grid exchange plus background load; the worst weather year.', (r) => r.peakLoadKw),
    c('safeCapacityKw', 'kW', 'capacityKw as built x (1 - spareCapacity): above it the substation is overloaded.', (r) => r.safeCapacityKw),
    c('overloadHours', 'h', 'Time above the safe capacity as built, mean over the weather years.', (r) => r.overloadHours),
    c('capacityKw', 'kW', 'Capacity after this year\'s reinforcement purchases.', (r) => r.capacityKw),
    c('reinforcementEur', 'EUR', 'Reinforcement bought this year (all voltage levels).', (r) => r.reinforcementEur),
  ],
};

export const SUBSTATIONS: Table<SubstationSummary> = {
  file: 'substations.csv',
  key: 'substations',
  row: 'one substation in one variant over the horizon',
  columns: [
    c('substation', '-', 'Substation id.', (r) => r.substation),
    c('strategy', '-', '"without-hubs" or a strategy name.', (r) => r.strategy),
    c('firstOverloadYear', 'year', 'First year the substation is overloaded (empty: never within the horizon).', (r) => r.firstOverloadYear),
    c('reinforcementEur', 'EUR', 'Reinforcement bought over the horizon (undiscounted).', (r) => r.reinforcementEur),
    c('avoidedReinforcementEur', 'EUR', 'Reinforcement without hubs - with this strategy (negative: the strategy needs more).', (r) => r.avoidedReinforcementEur),
    c('deferralYears', 'years', 'Years the first reinforcement moves later than without hubs.', (r) => r.deferralYears),
    c('deferralBeyondHorizon', 'bool', 'True when no reinforcement is needed within the horizon with hubs: deferralYears is then a lower bound.', (r) => r.deferralBeyondHorizon),
    c('deferralValueEur', 'EUR', 'C x (1 - (1 + r)^-years): the value of paying the first reinforcement C later, at economics.discountRate.', (r) => r.deferralValueEur),
  ],
};

export const TERRAIN_ECONOMICS: Table<TerrainEconomics> = {
  file: 'terrain-economics.csv',
  key: 'terrainEconomics',
  row: 'one terrain\'s hub under one strategy over the horizon',
  columns: [
    c('terrain', '-', 'Terrain id.', (r) => r.terrain),
    c('strategy', '-', 'Strategy name.', (r) => r.strategy),
    c('hubStartYear', 'year', 'First year the hub operates.', (r) => r.hubStartYear),
    c('capexEur', 'EUR', 'Hub capex (infrastructure, equipment, software, battery), spent in the start year.', (r) => r.capexEur),
    c('opexEur', 'EUR', 'Hub opex over the years it runs within the horizon (undiscounted).', (r) => r.opexEur),
    c('avoidedReinforcementEur', 'EUR', 'The substation\'s avoided reinforcement attributed to this terrain by its share of the avoided kW at the substation peak.', (r) => r.avoidedReinforcementEur),
    c('avoidedCurtailmentEur', 'EUR', 'Avoided curtailment cost over the horizon (undiscounted).', (r) => r.avoidedCurtailmentEur),
    c('avoidedImbalanceEur', 'EUR', 'Avoided imbalance cost over the horizon (undiscounted).', (r) => r.avoidedImbalanceEur),
    c('flexRevenueEur', 'EUR', 'Flex and contract revenue over the horizon (undiscounted): CBC-T and CBC-A fees, GOPACS, day-ahead arbitrage, minus non-delivery and overrun penalties (flexRevenueEur of the runs).', (r) => r.flexRevenueEur),
    c('npvEur', 'EUR', 'Net present value at the horizon start: benefits (avoided costs, flex revenue; reinforcement bought without hubs minus with them, year by year, so a postponed purchase counts with its deferral value) - capex - opex.', (r) => r.npvEur),
    c('benefitCostRatio', '1', 'Present value of benefits / present value of costs.', (r) => r.benefitCostRatio),
    c('paybackYear', 'year', 'First year the cumulative undiscounted cash flow is back at or above zero (empty: not within the horizon).', (r) => r.paybackYear),
    c('peakReductionKw', 'kW', 'Peak reduction of the collective connection in the last horizon year (0 when the hub has not started).', (r) => r.peakReductionKw),
    c('capacityFreedMw', 'MW', 'Capacity freed for the waiting list in the last horizon year (capacityFreedKw / 1000).', (r) => r.capacityFreedMw),
    c('mwFreedPerMEur', 'MW/MEUR', 'capacityFreedMw per EUR million of capex.', (r) => r.mwFreedPerMEur),
  ],
};

export const YEAR_TOTALS: Table<YearTotals> = {
  file: 'year-totals.csv',
  key: 'yearTotals',
  row: 'the whole rollout under one strategy in one year',
  columns: [
    c('strategy', '-', 'Strategy name.', (r) => r.strategy),
    c('year', 'year', 'Horizon year.', (r) => r.year),
    c('capexEur', 'EUR', 'Hub capex spent this year.', (r) => r.capexEur),
    c('opexEur', 'EUR', 'Hub opex this year.', (r) => r.opexEur),
    c('avoidedReinforcementEur', 'EUR', 'Reinforcement bought this year without hubs minus with this strategy (negative when a postponed purchase falls in this year).', (r) => r.avoidedReinforcementEur),
    c('avoidedCurtailmentEur', 'EUR', 'Avoided curtailment cost this year.', (r) => r.avoidedCurtailmentEur),
    c('avoidedImbalanceEur', 'EUR', 'Avoided imbalance cost this year.', (r) => r.avoidedImbalanceEur),
    c('flexRevenueEur', 'EUR', 'Flex and contract revenue this year, net of penalties.', (r) => r.flexRevenueEur),
    c('netCashFlowEur', 'EUR', 'Benefits - costs this year.', (r) => r.netCashFlowEur),
  ],
};

export const TOTALS: Table<StrategyTotals> = {
  file: 'totals.csv',
  key: 'totals',
  row: 'the whole rollout under one strategy',
  columns: [
    c('strategy', '-', 'Strategy name.', (r) => r.strategy),
    c('hubs', 'count', 'Hubs built within the horizon.', (r) => r.hubs),
    c('capexEur', 'EUR', 'Total hub capex.', (r) => r.capexEur),
    c('opexEur', 'EUR', 'Total hub opex over the horizon (undiscounted).', (r) => r.opexEur),
    c('avoidedReinforcementEur', 'EUR', 'Reinforcement avoided over the horizon, all substations (undiscounted).', (r) => r.avoidedReinforcementEur),
    c('deferralValueEur', 'EUR', 'Value of deferring the first reinforcements, all substations.', (r) => r.deferralValueEur),
    c('avoidedCurtailmentEurPerYear', 'EUR/yr', 'Avoided curtailment cost in the last horizon year.', (r) => r.avoidedCurtailmentEurPerYear),
    c('avoidedImbalanceEurPerYear', 'EUR/yr', 'Avoided imbalance cost in the last horizon year.', (r) => r.avoidedImbalanceEurPerYear),
    c('flexRevenueEurPerYear', 'EUR/yr', 'Flex and contract revenue in the last horizon year, net of penalties.', (r) => r.flexRevenueEurPerYear),
    c('npvEur', 'EUR', 'Net present value of the whole rollout at the horizon start.', (r) => r.npvEur),
    c('benefitCostRatio', '1', 'Present value of benefits / present value of costs.', (r) => r.benefitCostRatio),
    c('paybackYear', 'year', 'First year the cumulative cash flow is back at or above zero (empty: not within the horizon).', (r) => r.paybackYear),
    c('peakReductionKw', 'kW', 'Sum of the terrains\' peak reductions in the last horizon year.', (r) => r.peakReductionKw),
    c('capacityFreedMw', 'MW', 'Sum of the capacity freed in the last horizon year.', (r) => r.capacityFreedMw),
    c('mwFreedPerMEur', 'MW/MEUR', 'capacityFreedMw per EUR million of capex.', (r) => r.mwFreedPerMEur),
    c('substationsOverloadedWithout', 'count', 'Substations overloaded at some point in the horizon without hubs.', (r) => r.substationsOverloadedWithout),
    c('substationsOverloadedWith', 'count', 'Substations overloaded at some point in the horizon with this strategy.', (r) => r.substationsOverloadedWith),
  ],
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ROLLOUT_TABLES: readonly Table<any>[] = [TERRAIN_YEARS, SUBSTATION_YEARS, SUBSTATIONS, TERRAIN_ECONOMICS, YEAR_TOTALS, TOTALS];

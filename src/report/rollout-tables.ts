import { METRICS } from '../results/metrics.js';
import type {
  AgendaCheckRow,
  PurchaseRow,
  RolloutResult,
  StrategyTotals,
  SubstationSummary,
  SubstationYearRow,
  TerrainEconomics,
  TerrainYearRow,
  YearTotals,
} from '../rollout/aggregate.js';
import { FLEX_TABLE_METRICS, TERRAIN_TABLE_METRICS } from '../rollout/task.js';

/**
 * Where a column's figure comes from: an id (text that names the row), an input of the scenario
 * (echoed, or computed from inputs alone), or simulated (it depends on the per-step simulation).
 */
export type ColumnBasis = 'id' | 'input' | 'simulated';

/** A column of a rollout CSV: name, unit, meaning, basis and how to read it from a row. */
export interface Column<T> {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly basis: ColumnBasis;
  /** The row's value; the rollout gives what a row does not hold itself (its strategies' foresight). */
  readonly get: (row: T, rollout: RowContext) => number | string | boolean | null;
  /** The unit of this row's value, for a column whose unit varies by row (the agenda check's claims). */
  readonly unitOf?: (row: T) => string;
}

/** What a table's column may read beside its row: the rollout's strategies and their foresight. */
export type RowContext = Pick<RolloutResult, 'strategyForesight'>;

/** One output table: its file name, what a row is, and its columns. Single source for CSV, JSON docs and docs/outputs.md. */
export interface Table<T> {
  readonly file: string;
  readonly key: keyof RolloutResult;
  readonly row: string;
  readonly columns: readonly Column<T>[];
}

const id = <T>(name: string, unit: string, description: string, get: Column<T>['get']): Column<T> => ({ name, unit, description, basis: 'id', get });
const input = <T>(name: string, unit: string, description: string, get: Column<T>['get']): Column<T> => ({ name, unit, description, basis: 'input', get });
const sim = <T>(name: string, unit: string, description: string, get: Column<T>['get']): Column<T> => ({ name, unit, description, basis: 'simulated', get });

/**
 * The column after each table's strategy: whether that variant decides only from data before each
 * step (causal) or is a perfect-foresight bound (perfect: optimal, lp, flex with plan perfect, the joint grid-aware
 * plan, a peak shaver sized in hindsight), as results.json's strategyForesight; "-" for the
 * reference without hubs (no control) and for a row of no strategy.
 */
const foresightColumn = <T extends { readonly strategy: string }>(): Column<T> =>
  id<T>('foresight', '-', 'causal: the strategy decides only from data before each step (a controller can run it); perfect: a perfect-foresight bound, which plans with the year it is scored on (results.json: strategyForesight); "-": the reference without hubs, or no strategy.', (r, rollout) => rollout.strategyForesight[r.strategy] ?? '-');

export const TERRAIN_YEARS: Table<TerrainYearRow> = {
  file: 'terrain-years.csv',
  key: 'terrainYears',
  row: 'one terrain in one year in one variant (without-hubs, or a strategy); run metrics are means over the weather years',
  columns: [
    id('terrain', '-', 'Terrain id.', (r) => r.terrain),
    id('substation', '-', 'Substation the terrain hangs from.', (r) => r.substation),
    id('year', 'year', 'Horizon year.', (r) => r.year),
    id('strategy', '-', '"without-hubs" (every terrain uncontrolled) or a strategy name.', (r) => r.strategy),
    foresightColumn(),
    input('hubActive', 'bool', 'Whether the hub operates this year (from its hubStartYear); otherwise the terrain ran uncontrolled.', (r) => r.hubActive),
    input('weatherYears', 'count', 'Number of weather years run.', (r) => r.weatherYears),
    ...TERRAIN_TABLE_METRICS.map((name) => {
      const m = METRICS.find((x) => x.name === name)!;
      return (m.basis === 'input' ? input : sim)<TerrainYearRow>(name, m.unit, `${m.description} Mean over the weather years.`, (r) => r.metrics[name]);
    }),
    input('contractCapKw', 'kW', 'The hub\'s contracted firm import cap as built (empty without a cap).', (r) => r.contractCapKw),
    sim('grantedCapKw', 'kW', 'Import cap granted so far and in force this year: the contract, raised when a request was granted (empty without a cap).', (r) => r.grantedCapKw),
    sim('neededKw', 'kW', 'Highest import over the weather years with this variant: what the connection needs this year.', (r) => r.neededKw),
    sim('requestedCapKw', 'kW', 'Cap asked for next year: the uncontrolled peak (worst weather year) grown as the members plan, rounded up to whole economics.capacityRequestStepKw above the contract; empty when the granted cap covers it (or with capacityRequests: unserved).', (r) => r.requestedCapKw),
    sim('waitingKw', 'kW', 'neededKw above grantedCapKw: capacity waiting for the grid operator (or never served with capacityRequests: unserved).', (r) => r.waitingKw),
    sim('hoursAboveGrantedCap', 'h', 'Time with import above the granted firm cap, mean over the weather years.', (r) => r.hoursAboveGrantedCap),
    sim('unservedEnergyKwh', 'kWh', 'Energy imported above the granted firm cap, mean over the weather years: not served (it waits for capacity, or is lost).', (r) => r.unservedEnergyKwh),
    sim('diversityKw', 'kW', 'sumOfMemberPeaksKw - coincidentPeakKw: what sharing one connection frees; empty when the hub is not active or needs more than it holds.', (r) => r.diversityKw),
    sim('controlKw', 'kW', 'coincidentPeakKw - peakImportKw: what the hub\'s control frees; empty as diversityKw.', (r) => r.controlKw),
    sim('capacityFreedKw', 'kW', 'diversityKw + controlKw; empty as diversityKw. Contract headroom is never part of it.', (r) => r.capacityFreedKw),
    sim('contractHeadroomKw', 'kW', 'grantedCapKw - peakImportKw: capacity held and not used (empty without a cap or an active hub). Not capacity freed.', (r) => r.contractHeadroomKw),
    sim('capacityShortKw', 'kW', 'neededKw - grantedCapKw when above, else 0: what the connection lacks.', (r) => r.capacityShortKw),
    sim('importAtSubstationPeakKw', 'kW', 'Import in the step of the substation\'s peak (this variant\'s own peak step), mean over the weather years.', (r) => r.importAtSubstationPeakKw),
    sim('demandAtSubstationPeakKw', 'kW', 'The members\' consumption (before shedding) in that step, mean over the weather years: what a grid operator planning for the in-service year grows (docs/economics.md section 3).', (r) => r.demandAtSubstationPeakKw),
    sim('substationPeakLoweredKw', 'kW', 'Import without hubs - with this variant, at the reference\'s peak step of its worst weather year: the terrain\'s part in lowering the substation peak (attribution weight when avoided reinforcement is positive).', (r) => r.substationPeakLoweredKw),
    sim('substationPeakRaisedKw', 'kW', 'Import with this variant - without hubs, at this variant\'s peak step of its worst weather year (attribution weight when avoided reinforcement is negative).', (r) => r.substationPeakRaisedKw),
    sim('lostGenerationKwh', 'kWh', 'PV and wind energy lost: curtailed by the hub, or exported above the export cap (curtailed by the grid operator).', (r) => r.lostGenerationKwh),
    sim('curtailmentCostEur', 'EUR', 'That energy at the day-ahead price of its hour (or economics.curtailmentPriceEurPerMwh).', (r) => r.curtailmentCostEur),
    sim('avoidedCurtailmentEur', 'EUR', 'curtailmentCostEur without hubs - with this variant.', (r) => r.avoidedCurtailmentEur),
    sim('forecastErrorAloneKwh', 'kWh', 'Day-ahead forecast-error volume of the members and the generation, each settling alone (sum of |actual - forecast| x dt).', (r) => r.forecastErrorAloneKwh),
    sim('forecastErrorHubKwh', 'kWh', 'Forecast-error volume of the hub settling its grid exchange (empty when the hub is not active).', (r) => r.forecastErrorHubKwh),
    sim('imbalanceCostEur', 'EUR', 'Imbalance settlement against the day-ahead price: sum of (actual - forecast) x (imbalance price - day-ahead price) x dt; alone, or the hub\'s when active.', (r) => r.imbalanceCostEur),
    sim('avoidedImbalanceEur', 'EUR', 'imbalanceCostEur without hubs - with this variant.', (r) => r.avoidedImbalanceEur),
    sim('unservedCostEur', 'EUR', 'unservedEnergyKwh x economics.valueOfLostLoadEurPerKwh.', (r) => r.unservedCostEur),
    sim('avoidedUnservedEur', 'EUR', 'unservedCostEur without hubs - with this variant.', (r) => r.avoidedUnservedEur),
    sim('lostShedEur', 'EUR', '-(unservedShedKwh with this variant - without hubs) x economics.valueOfLostLoadEurPerKwh: flexible load shed and never served, a cost to the members (negative; 0 without hubs). Never the same kWh as unservedEnergyKwh (docs/economics.md section 6).', (r) => r.lostShedEur),
    sim('transportTariffAloneEur', 'EUR', 'Transport tariff of the members, each on its own connection contracting max(ownConnectionKw as built, its own grown peak): fixed fee + contract + monthly kWmax.', (r) => r.transportTariffAloneEur),
    sim('transportTariffEur', 'EUR', 'Transport tariff of the collective connection when the hub is active (contracting max(granted cap, peak import), so that it serves the same load as alone; monthly kWmax of the grid import), else as alone.', (r) => r.transportTariffEur),
    sim('contractCostEur', 'EUR', 'Contract cost of the cap held: the granted cap x the grid operator\'s contract rate when the hub is active, else the contracted-kW part of the members\' own tariffs.', (r) => r.contractCostEur),
    sim('transportTariffSavingEur', 'EUR', 'transportTariffAloneEur - transportTariffEur: the members\' saving, the grid operator\'s loss of revenue.', (r) => r.transportTariffSavingEur),
    sim('flexTransfersEur', 'EUR', 'CBC and GOPACS fees minus penalties: paid by the grid operator to the hub (a transfer).', (r) => r.flexTransfersEur),
    sim('arbitrageRevenueEur', 'EUR', 'Day-ahead arbitrage revenue, earned in the market.', (r) => r.arbitrageRevenueEur),
  ],
};

export const FLEX_YEARS: Table<TerrainYearRow> = {
  file: 'flex-years.csv',
  key: 'flexYears',
  row: 'one terrain in one year in which its hub operates, with a flex strategy answering the grid operator\'s requests (its second pass; no rows without a flex strategy); run metrics are means over the weather years',
  columns: [
    id('terrain', '-', 'Terrain id.', (r) => r.terrain),
    id('substation', '-', 'Substation the terrain hangs from.', (r) => r.substation),
    id('year', 'year', 'Horizon year.', (r) => r.year),
    id('strategy', '-', 'The flex strategy\'s name.', (r) => r.strategy),
    foresightColumn(),
    ...FLEX_TABLE_METRICS.map((name) => {
      const m = METRICS.find((x) => x.name === name)!;
      return (m.basis === 'input' ? input : sim)<TerrainYearRow>(name, m.unit, `${m.description} Mean over the weather years.`, (r) => r.metrics[name]);
    }),
  ],
};

export const SUBSTATION_YEARS: Table<SubstationYearRow> = {
  file: 'substation-years.csv',
  key: 'substationYears',
  row: 'one substation in one year in one variant',
  columns: [
    id('substation', '-', 'Substation id.', (r) => r.substation),
    id('year', 'year', 'Horizon year.', (r) => r.year),
    id('strategy', '-', '"without-hubs" or a strategy name (hubs that have started run it).', (r) => r.strategy),
    foresightColumn(),
    sim('peakLoadKw', 'kW', 'Highest planning load: per-step sum of the terrains\' grid exchange (up to their caps with capacityRequests: unserved) plus background load; the worst weather year.', (r) => r.peakLoadKw),
    sim('meanLoadKw', 'kW', 'Mean planning load over the steps and weather years.', (r) => r.meanLoadKw),
    sim('capacityInServiceKw', 'kW', 'Capacity in service when the year\'s peak came: the lowest over the voltage levels.', (r) => r.capacityInServiceKw),
    sim('overloaded', 'bool', 'peakLoadKw > capacityInServiceKw x (1 - planningMargin).', (r) => r.overloaded),
    sim('overloadHours', 'h', 'Time above capacityInServiceKw x (1 - planningMargin), mean over the weather years.', (r) => r.overloadHours),
    sim('energyAboveCapacityKwh', 'kWh', 'Energy above it, mean over the weather years.', (r) => r.energyAboveCapacityKwh),
    sim('reinforcementOrderedEur', 'EUR', 'Cost of the steps ordered at the end of this year, all levels (undiscounted).', (r) => r.reinforcementOrderedEur),
    sim('reinforcementInServiceEur', 'EUR', 'Cost of the steps going into service this year (undiscounted; paid at the start of the year).', (r) => r.reinforcementInServiceEur),
    sim('peakReductionKw', 'kW', 'peakLoadKw without hubs - with this variant: what avoids reinforcement.', (r) => r.peakReductionKw),
    sim('peakChangeKw', 'kW', 'peakLoadKw with this variant - without hubs, both the planning peak (the highest over the weather years): > 0 where the hubs raised the substation\'s peak (their batteries\' timing, or capacity granted to them that serves more load). A weather year other than the worst can be raised while this is <= 0: hoursRaisedAboveReference counts each weather year against its own.', (r) => r.peakChangeKw),
    sim('hoursRaisedAboveReference', 'h', 'Time the planning load was above the highest load without hubs of the same weather year, mean over the weather years.', (r) => r.hoursRaisedAboveReference),
    sim('waitingKw', 'kW', 'Sum over the terrains of waitingKw: transport capacity asked for and not granted.', (r) => r.waitingKw),
    sim('waitingEnergyKwh', 'kWh', 'Sum over the terrains of unservedEnergyKwh.', (r) => r.waitingEnergyKwh),
    sim('connectableKw', 'kW', 'waitingKw without hubs - with this variant: MW the hubs make connectable while the grid waits.', (r) => r.connectableKw),
    sim('connectableEnergyKwh', 'kWh', 'waitingEnergyKwh without hubs - with this variant: energy served that would otherwise wait.', (r) => r.connectableEnergyKwh),
  ],
};

export const SUBSTATION_PURCHASES: Table<PurchaseRow> = {
  file: 'substation-purchases.csv',
  key: 'substationPurchases',
  row: 'one voltage level\'s reinforcement order of one variant\'s grid, in the year the shortfall was found',
  columns: [
    id('substation', '-', 'Substation id.', (r) => r.substation),
    id('strategy', '-', '"without-hubs" or a strategy name: whose grid orders it.', (r) => r.strategy),
    foresightColumn(),
    id('year', 'year', 'Year the shortfall was found and the steps ordered.', (r) => r.year),
    id('level', '-', 'Voltage level.', (r) => r.level),
    sim('steps', 'count', 'Whole steps ordered: ceil((neededKw - capacity committed before) / step).', (r) => r.steps),
    sim('addedMw', 'MW', 'steps x the level\'s stepMw.', (r) => r.addedMw),
    sim('costEur', 'EUR', 'steps x the level\'s costPerStepEur (undiscounted).', (r) => r.costEur),
    sim('levelCapacityKw', 'kW', 'The level\'s committed capacity (built or ordered) after the order.', (r) => r.levelCapacityKw),
    sim('neededKw', 'kW', 'Capacity needed at the level: the load planned for / (1 - planningMargin); the load planned for is peakLoadKw, plus the capacity requested and not yet granted with economics.reinforcementPlansOn served-load-and-requests, each part of the peak grown to the in-service year with economics.reinforcementPlansFor in-service-year (docs/economics.md section 3).', (r) => r.neededKw),
    sim('inServiceYear', 'year', 'First year in service: year + the level\'s leadTimeYears.', (r) => r.inServiceYear),
    input('lifetimeYears', 'years', 'The level\'s lifetime, for the residual value.', (r) => r.lifetimeYears),
    sim('withinHorizon', 'bool', 'Whether it is in service within the horizon (otherwise it is outside the horizon\'s money).', (r) => r.withinHorizon),
  ],
};

export const SUBSTATIONS: Table<SubstationSummary> = {
  file: 'substations.csv',
  key: 'substations',
  row: 'one substation in one variant over the horizon',
  columns: [
    id('substation', '-', 'Substation id.', (r) => r.substation),
    id('strategy', '-', '"without-hubs" or a strategy name.', (r) => r.strategy),
    foresightColumn(),
    id('capacityBasis', '-', 'firm: capacityKw given; estimated: the ETM estimate, peak without hubs in the first horizon year / (1 - spareCapacity).', (r) => r.capacityBasis),
    sim('initialCapacityKw', 'kW', 'Capacity every level starts from (an input when firm, simulated when estimated).', (r) => r.initialCapacityKw),
    input('planningMargin', '1', 'Share of the capacity kept free when planning.', (r) => r.planningMargin),
    sim('firstOverloadYear', 'year', 'First year overloaded (empty: never within the horizon).', (r) => r.firstOverloadYear),
    sim('overloadedYears', 'count', 'Years overloaded.', (r) => r.overloadedYears),
    sim('firstOrderYear', 'year', 'First year a step was ordered (empty: none).', (r) => r.firstOrderYear),
    sim('firstInServiceYear', 'year', 'First year a step went into service, within the horizon or after it (empty: none).', (r) => r.firstInServiceYear),
    sim('reinforcementOrderedEur', 'EUR', 'Cost of every order, in service within the horizon or not (undiscounted).', (r) => r.reinforcementOrderedEur),
    sim('reinforcementInHorizonEur', 'EUR', 'Cost of the steps in service within the horizon (undiscounted).', (r) => r.reinforcementInHorizonEur),
    sim('reinforcementResidualEur', 'EUR', 'Their residual value at the horizon end (undiscounted, straight-line).', (r) => r.reinforcementResidualEur),
    sim('reinforcementPvEur', 'EUR', 'Present value at the base year: investments at the start of their in-service year - residual at the horizon end.', (r) => r.reinforcementPvEur),
    sim('avoidedReinforcementPvEur', 'EUR', 'reinforcementPvEur without hubs - with this variant: avoided and deferred reinforcement in present value (negative: the variant needs more, or sooner).', (r) => r.avoidedReinforcementPvEur),
    sim('deferralYears', 'years', 'Years the first step in service moves later than without hubs (described only; its value is in avoidedReinforcementPvEur): 0 when none is in service within the horizon without hubs; with this variant a step ordered within the horizon counts in the year it serves, also after the horizon.', (r) => r.deferralYears),
    sim('deferralBeyondHorizon', 'bool', 'True when this variant orders no step within the horizon but one is in service within it without hubs: deferralYears is then a lower bound (endYear + 1 - the first year without hubs).', (r) => r.deferralBeyondHorizon),
    sim('waitingYears', 'count', 'Years with transport capacity waiting (waitingKw > 0).', (r) => r.waitingYears),
    sim('waitingEnergyKwh', 'kWh', 'Energy that waited over the horizon (sum of waitingEnergyKwh).', (r) => r.waitingEnergyKwh),
    sim('connectableEnergyKwh', 'kWh', 'waitingEnergyKwh without hubs - with this variant.', (r) => r.connectableEnergyKwh),
    sim('yearsPeakRaised', 'count', 'Years in which this variant\'s planning peak was above the one without hubs (peakChangeKw > 0); a year in which only a milder weather year was raised is not counted (its hoursRaisedAboveReference is > 0).', (r) => r.yearsPeakRaised),
    sim('mostPeakRaisedKw', 'kW', 'The largest peakChangeKw over the years (0: never raised).', (r) => r.mostPeakRaisedKw),
  ],
};

export const TERRAIN_ECONOMICS: Table<TerrainEconomics> = {
  file: 'terrain-economics.csv',
  key: 'terrainEconomics',
  row: 'one terrain\'s hub under one strategy over the horizon',
  columns: [
    id('terrain', '-', 'Terrain id.', (r) => r.terrain),
    id('substation', '-', 'Substation the terrain hangs from.', (r) => r.substation),
    id('strategy', '-', 'Strategy name.', (r) => r.strategy),
    foresightColumn(),
    input('hubStartYear', 'year', 'First year the hub operates.', (r) => r.hubStartYear),
    input('capexEur', 'EUR', 'Hub capex within the horizon (start year, and replacements at the end of each lifetime), undiscounted.', (r) => r.capexEur),
    input('hubResidualEur', 'EUR', 'Value of the hub\'s assets at the horizon end (straight-line), undiscounted.', (r) => r.hubResidualEur),
    input('opexEur', 'EUR', 'Hub opex over the years it runs, undiscounted.', (r) => r.opexEur),
    sim('avoidedReinforcementPvEur', 'EUR', 'The terrain\'s share of its substation\'s avoided reinforcement (present value), by its attribution weight.', (r) => r.avoidedReinforcementPvEur),
    sim('attributionWeightKw', 'kW', 'Sum over the years of its substationPeakLoweredKw (or substationPeakRaisedKw when the avoided reinforcement is negative), positive parts only.', (r) => r.attributionWeightKw),
    sim('avoidedCurtailmentEur', 'EUR', 'Horizon sum, undiscounted.', (r) => r.avoidedCurtailmentEur),
    sim('avoidedImbalanceEur', 'EUR', 'Horizon sum, undiscounted.', (r) => r.avoidedImbalanceEur),
    sim('avoidedUnservedEur', 'EUR', 'Horizon sum of avoided unserved energy x value of lost load, undiscounted.', (r) => r.avoidedUnservedEur),
    sim('avoidedUnservedPvEur', 'EUR', 'Its present value: with lostShedPvEur, the part of npvSocietyEur and npvMembersEur that rests on economics.valueOfLostLoadEurPerKwh.', (r) => r.avoidedUnservedPvEur),
    sim('lostShedEur', 'EUR', 'Horizon sum of lost shed load x value of lost load, undiscounted (negative).', (r) => r.lostShedEur),
    sim('lostShedPvEur', 'EUR', 'Its present value (end-of-year flows): with avoidedUnservedPvEur, the part of the NPVs that rests on economics.valueOfLostLoadEurPerKwh.', (r) => r.lostShedPvEur),
    sim('arbitrageRevenueEur', 'EUR', 'Horizon sum, undiscounted.', (r) => r.arbitrageRevenueEur),
    sim('flexTransfersEur', 'EUR', 'CBC and GOPACS fees minus penalties, horizon sum, undiscounted.', (r) => r.flexTransfersEur),
    sim('transportTariffSavingEur', 'EUR', 'Transport tariff saving of the collective connection, horizon sum, undiscounted.', (r) => r.transportTariffSavingEur),
    sim('npvSocietyEur', 'EUR', 'Net present value to society at the base year: npvMembersEur + npvGridOperatorEur (transfers cancel).', (r) => r.npvSocietyEur),
    sim('npvGridOperatorEur', 'EUR', 'Net present value to the grid operator: avoided reinforcement - fees paid - tariff revenue lost.', (r) => r.npvGridOperatorEur),
    sim('npvMembersEur', 'EUR', 'Net present value to the hub\'s members: avoided costs, fees, arbitrage and tariff saving - lost shed load - capex - opex + residual value.', (r) => r.npvMembersEur),
    sim('benefitCostRatio', '1', 'Society: present value of benefits (avoided reinforcement, curtailment, imbalance and unserved energy, net of lost shed load; arbitrage, residual value) / present value of capex and opex.', (r) => r.benefitCostRatio),
    sim('paybackYear', 'year', 'First year from which the society\'s cumulative undiscounted flow stays at or above zero to the horizon\'s end, having been below zero before (docs/economics.md section 7; empty: it ends the horizon below zero, or every flow is zero).', (r) => r.paybackYear),
    sim('peakReductionKw', 'kW', 'coincidentPeakKw - peakImportKw in the last horizon year (0 when the hub has not started).', (r) => r.peakReductionKw),
    sim('substationPeakLoweredKw', 'kW', 'Its substationPeakLoweredKw in the last horizon year.', (r) => r.substationPeakLoweredKw),
    sim('diversityKw', 'kW', 'In the last horizon year (empty when not active or short of capacity).', (r) => r.diversityKw),
    sim('controlKw', 'kW', 'In the last horizon year (empty as diversityKw).', (r) => r.controlKw),
    sim('capacityFreedMw', 'MW', '(diversityKw + controlKw) / 1000 in the last horizon year (empty as diversityKw).', (r) => r.capacityFreedMw),
    sim('contractHeadroomKw', 'kW', 'In the last horizon year; not capacity freed.', (r) => r.contractHeadroomKw),
    sim('capacityShortKw', 'kW', 'In the last horizon year.', (r) => r.capacityShortKw),
    sim('mwFreedPerMEur', 'MW/MEUR', 'capacityFreedMw per EUR million of capex.', (r) => r.mwFreedPerMEur),
    sim('unservedEnergyKwh', 'kWh', 'Energy not served over the horizon.', (r) => r.unservedEnergyKwh),
    sim('waitingYears', 'count', 'Years the connection needed more than its granted cap (waitingKw > 0).', (r) => r.waitingYears),
  ],
};

export const YEAR_TOTALS: Table<YearTotals> = {
  file: 'year-totals.csv',
  key: 'yearTotals',
  row: 'the whole rollout under one strategy in one year (undiscounted flows, and their present values)',
  columns: [
    id('strategy', '-', 'Strategy name.', (r) => r.strategy),
    foresightColumn(),
    id('year', 'year', 'Horizon year.', (r) => r.year),
    input('capexEur', 'EUR', 'Hub capex this year (start of year).', (r) => r.capexEur),
    input('opexEur', 'EUR', 'Hub opex this year.', (r) => r.opexEur),
    sim('avoidedReinforcementEur', 'EUR', 'Reinforcement going into service this year without hubs minus with this strategy (start of year; negative when a postponed step comes into service).', (r) => r.avoidedReinforcementEur),
    sim('residualValueEur', 'EUR', 'Last horizon year only: hubs\' residual value plus the reinforcement residual given up (with - without hubs), at the horizon end.', (r) => r.residualValueEur),
    sim('avoidedCurtailmentEur', 'EUR', 'Avoided curtailment cost this year.', (r) => r.avoidedCurtailmentEur),
    sim('avoidedImbalanceEur', 'EUR', 'Avoided imbalance cost this year.', (r) => r.avoidedImbalanceEur),
    sim('avoidedUnservedEur', 'EUR', 'Avoided unserved energy x value of lost load this year.', (r) => r.avoidedUnservedEur),
    sim('lostShedEur', 'EUR', 'Lost shed load x value of lost load this year (negative).', (r) => r.lostShedEur),
    sim('arbitrageRevenueEur', 'EUR', 'Day-ahead arbitrage this year.', (r) => r.arbitrageRevenueEur),
    sim('flexTransfersEur', 'EUR', 'CBC and GOPACS fees minus penalties this year (a transfer).', (r) => r.flexTransfersEur),
    sim('transportTariffSavingEur', 'EUR', 'Transport tariff saving this year (a transfer).', (r) => r.transportTariffSavingEur),
    sim('netSocietyEur', 'EUR', 'Society\'s net flow this year, undiscounted.', (r) => r.netSocietyEur),
    sim('netMembersEur', 'EUR', 'Members\' net flow this year, undiscounted.', (r) => r.netMembersEur),
    sim('netGridOperatorEur', 'EUR', 'Grid operator\'s net flow this year, undiscounted.', (r) => r.netGridOperatorEur),
    sim('pvSocietyEur', 'EUR', 'Present value of this year\'s society flows (each with its timing); the column sums to the society NPV.', (r) => r.pvSocietyEur),
    sim('pvMembersEur', 'EUR', 'Present value of this year\'s members\' flows.', (r) => r.pvMembersEur),
    sim('pvGridOperatorEur', 'EUR', 'Present value of this year\'s grid operator\'s flows.', (r) => r.pvGridOperatorEur),
    sim('pvBenefitsSocietyEur', 'EUR', 'Present value of this year\'s society benefits, net of lost shed load.', (r) => r.pvBenefitsSocietyEur),
    sim('pvCostsSocietyEur', 'EUR', 'Present value of this year\'s capex and opex.', (r) => r.pvCostsSocietyEur),
  ],
};

export const TOTALS: Table<StrategyTotals> = {
  file: 'totals.csv',
  key: 'totals',
  row: 'the whole rollout under one strategy: horizon sums (undiscounted), present values, and capacity in the last horizon year',
  columns: [
    id('strategy', '-', 'Strategy name.', (r) => r.strategy),
    foresightColumn(),
    input('hubs', 'count', 'Hubs built within the horizon.', (r) => r.hubs),
    input('capexEur', 'EUR', 'Hub capex within the horizon, replacements included.', (r) => r.capexEur),
    input('opexEur', 'EUR', 'Hub opex over the horizon.', (r) => r.opexEur),
    sim('avoidedReinforcementPvEur', 'EUR', 'Avoided and deferred reinforcement, all substations, present value.', (r) => r.avoidedReinforcementPvEur),
    sim('avoidedCurtailmentEur', 'EUR', 'Horizon sum.', (r) => r.avoidedCurtailmentEur),
    sim('avoidedImbalanceEur', 'EUR', 'Horizon sum.', (r) => r.avoidedImbalanceEur),
    sim('avoidedUnservedEur', 'EUR', 'Horizon sum.', (r) => r.avoidedUnservedEur),
    sim('avoidedUnservedPvEur', 'EUR', 'Its present value: with lostShedPvEur, the part of the society and members\' NPVs that rests on the value of lost load.', (r) => r.avoidedUnservedPvEur),
    sim('lostShedEur', 'EUR', 'Lost shed load x value of lost load, horizon sum (negative).', (r) => r.lostShedEur),
    sim('lostShedPvEur', 'EUR', 'Its present value: with avoidedUnservedPvEur, the part of the NPVs that rests on the value of lost load.', (r) => r.lostShedPvEur),
    sim('arbitrageRevenueEur', 'EUR', 'Horizon sum.', (r) => r.arbitrageRevenueEur),
    sim('flexTransfersEur', 'EUR', 'Horizon sum (a transfer).', (r) => r.flexTransfersEur),
    sim('transportTariffSavingEur', 'EUR', 'Horizon sum (a transfer).', (r) => r.transportTariffSavingEur),
    sim('npvSocietyEur', 'EUR', 'Society\'s net present value at the base year.', (r) => r.npvSocietyEur),
    sim('npvGridOperatorEur', 'EUR', 'Grid operator\'s net present value.', (r) => r.npvGridOperatorEur),
    sim('npvMembersEur', 'EUR', 'Members\' net present value.', (r) => r.npvMembersEur),
    sim('benefitCostRatio', '1', 'Society: present value of benefits (net of lost shed load) / of capex and opex.', (r) => r.benefitCostRatio),
    sim('paybackYear', 'year', 'First year from which the society\'s cumulative undiscounted flow stays at or above zero to the horizon\'s end, having been below zero before (docs/economics.md section 7; empty: it ends the horizon below zero, or every flow is zero).', (r) => r.paybackYear),
    sim('peakReductionKw', 'kW', 'Sum of the hubs\' own peak reductions in the last horizon year.', (r) => r.peakReductionKw),
    sim('substationPeakReductionKw', 'kW', 'Sum over the substations of their peak reduction in the last horizon year: what avoids reinforcement.', (r) => r.substationPeakReductionKw),
    sim('diversityMw', 'MW', 'Sum of diversityKw in the last horizon year, hubs not short of capacity.', (r) => r.diversityMw),
    sim('controlMw', 'MW', 'Sum of controlKw in the last horizon year, hubs not short of capacity.', (r) => r.controlMw),
    sim('capacityFreedMw', 'MW', 'diversityMw + controlMw.', (r) => r.capacityFreedMw),
    sim('mwFreedPerMEur', 'MW/MEUR', 'capacityFreedMw per EUR million of capex.', (r) => r.mwFreedPerMEur),
    sim('hubsShortOfCapacity', 'count', 'Active hubs needing more than their granted cap in the last horizon year.', (r) => r.hubsShortOfCapacity),
    sim('unservedEnergyKwh', 'kWh', 'Energy not served over the horizon, all terrains.', (r) => r.unservedEnergyKwh),
    sim('connectableEnergyKwh', 'kWh', 'Energy served that would wait without hubs, over the horizon.', (r) => r.connectableEnergyKwh),
    sim('substationsOverloadedWithout', 'count', 'Substations overloaded in some horizon year without hubs.', (r) => r.substationsOverloadedWithout),
    sim('substationsOverloadedWith', 'count', 'Substations overloaded in some horizon year with this strategy.', (r) => r.substationsOverloadedWith),
    sim('substationYearsPeakRaised', 'count', 'Substation-years in which the hubs raised the substation\'s peak above the peak without hubs.', (r) => r.substationYearsPeakRaised),
  ],
};

export const AGENDA_CHECK: Table<AgendaCheckRow> = {
  file: 'agenda-check.csv',
  key: 'agendaCheck',
  row: 'one claim of the agenda (input) beside the model\'s figure, per strategy where it depends on one',
  columns: [
    id('figure', '-', 'What is compared.', (r) => r.figure),
    id('unit', '-', 'Unit of claimed and simulated.', (r) => r.unit),
    id('strategy', '-', 'The variant of the model\'s figure ("-": none).', (r) => r.strategy),
    foresightColumn(),
    { ...input<AgendaCheckRow>('claimed', 'unit', 'The agenda\'s figure: a claim, an input.', (r) => r.claimed), unitOf: (r) => r.unit },
    { ...sim<AgendaCheckRow>('simulated', 'unit', 'The model\'s figure for the same terrains (see basis).', (r) => r.simulated), unitOf: (r) => r.unit },
    id('basis', '-', '"simulated", or "scenario input" when the model\'s figure is itself an input (capex).', (r) => r.basis),
    sim('ratio', '1', 'claimed / simulated (empty when simulated is 0).', (r) => r.ratio),
    id('impliedAssumption', '-', 'What would have to be true for the claim to hold, from the model\'s own formulas.', (r) => r.impliedAssumption),
    id('note', '-', 'Inconsistencies within the agenda\'s own figures.', (r) => r.note),
  ],
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ROLLOUT_TABLES: readonly Table<any>[] = [TERRAIN_YEARS, FLEX_YEARS, SUBSTATION_YEARS, SUBSTATION_PURCHASES, SUBSTATIONS, TERRAIN_ECONOMICS, YEAR_TOTALS, TOTALS, AGENDA_CHECK];

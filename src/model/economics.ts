import { z } from 'zod';
import { VALUE_OF_LOST_LOAD_EUR_PER_KWH, VALUE_OF_LOST_LOAD_SOURCE } from './value-of-lost-load.js';

const source = z.string().min(1).describe('Where the figure comes from (a report, a tariff, an assumption).');
const eur = z.number().nonnegative();

/**
 * One voltage level's reinforcement: bought in whole steps of stepMw at costPerStepEur, ordered at the
 * end of a year and in service leadTimeYears (at least 1) later, written off over lifetimeYears
 * (docs/economics.md).
 */
export const ReinforcementLevel = z.strictObject({
  level: z.string().min(1).describe('Voltage level or asset, e.g. "MV network".'),
  costPerStepEur: eur.describe('Cost of one reinforcement step (EUR).'),
  stepMw: z.number().positive().describe('Capacity added by one step (MW).'),
  leadTimeYears: z
    .number()
    .int()
    .min(1, 'a step is ordered at the end of the year its shortfall is found and serves from the next year at the earliest: give 1 or more')
    .max(30)
    .default(1)
    .describe('Years from the year a shortfall is found (the step is ordered at its end) to the first year the step is in service; 1: in service the next year, the earliest a step ordered at a year\'s end can serve.'),
  lifetimeYears: z.number().int().min(1).max(100).default(40).describe('Years over which a step is written off straight-line; what is left at the horizon end is its residual value.'),
  source,
});
export type ReinforcementLevel = z.infer<typeof ReinforcementLevel>;

const ETM_SOURCE = 'Energy Transition Model network calculation, quintel/etsource datasets/nl/nl.full.ad (docs/sources.md)';
const LIFETIME = 'lifetime 40 years: assumption, the order of Dutch grid operators\' depreciation periods for cables and transformers';
const LEAD_ASSUMED = 'lead time: assumption';
const LEAD_STATION =
  'lead time 5 years: Liander expected about five years before large consumers could be served again after its Leimuiden station reached its limit (AD, June 2022)';
const LEAD_HV = 'lead time 8 years: Liander, "our expansion plans take eight to ten years" (NH Nieuws, October 2022)';

/** ETM reinforcement costs per voltage level (docs/sources.md section 1), with lead times and lifetimes; used when a scenario gives none. */
export const DEFAULT_REINFORCEMENT: ReinforcementLevel[] = [
  { level: 'LV network', costPerStepEur: 183_200, stepMw: 0.2, leadTimeYears: 1, lifetimeYears: 40, source: `cost and step: ${ETM_SOURCE}; ${LEAD_ASSUMED}; ${LIFETIME}` },
  { level: 'LV/MV transformer', costPerStepEur: 40_000, stepMw: 0.2, leadTimeYears: 1, lifetimeYears: 40, source: `cost and step: ${ETM_SOURCE}; ${LEAD_ASSUMED}; ${LIFETIME}` },
  { level: 'MV network', costPerStepEur: 1_380_000, stepMw: 2, leadTimeYears: 3, lifetimeYears: 40, source: `cost and step: ${ETM_SOURCE}; ${LEAD_ASSUMED}; ${LIFETIME}` },
  { level: 'MV/HV transformer', costPerStepEur: 500_000, stepMw: 2, leadTimeYears: 5, lifetimeYears: 40, source: `cost and step: ${ETM_SOURCE}; ${LEAD_STATION}; ${LIFETIME}` },
  { level: 'HV network', costPerStepEur: 7_280_000, stepMw: 20, leadTimeYears: 8, lifetimeYears: 40, source: `cost and step: ${ETM_SOURCE}; ${LEAD_HV}; ${LIFETIME}` },
];

export const HubCapex = z
  .strictObject({
    infrastructureEur: eur.default(4_000_000).describe('Cables, switchgear, connection works (EUR).'),
    equipmentEur: eur.default(4_000_000).describe('Equipment other than the battery (EUR).'),
    softwareEur: eur.default(2_000_000).describe('Energy management software and integration (EUR).'),
    batteryEurPerKwh: eur.optional().describe('Battery cost per kWh of capacity, added to the equipment when given (EUR/kWh).'),
    batteryEurPerKw: eur.optional().describe('Battery cost per kW of power, added to the equipment when given (EUR/kW).'),
    source: source.default('Regional investment agenda: about EUR 10M per Smart Energy Hub (infrastructure, equipment, software); the split is an assumption'),
  })
  .describe('Capital cost of one hub, spent at the start of its start year.');
export type HubCapex = z.infer<typeof HubCapex>;

export const TransportTariffs = z
  .strictObject({
    dso: z.enum(['Liander', 'Stedin', 'Enexis']).default('Liander').describe('Grid operator whose transport tariffs the members\' case uses (Liander serves the Amsterdam region).'),
    source: source.default('ACM Tarievenbesluit Elektriciteit 2023-2026, tarievenblad of the grid operator (profiles/README.md); years after 2026 at the 2026 tariff'),
  })
  .describe('Transport tariffs for the members\' case: the collective connection against each company on its own connection.');
export type TransportTariffs = z.infer<typeof TransportTariffs>;

export const Economics = z
  .strictObject({
    baseYear: z.number().int().min(2000).max(2100).optional().describe('Year all money is discounted to (default: the horizon start); EUR at constant prices of this year.'),
    discountRate: z.number().min(0).max(1).default(0.04).describe('Real discount rate per year.'),
    discountRateSource: source.default('Assumption: 4% real, in the range Dutch social cost-benefit analyses use'),
    spareCapacity: z
      .number()
      .min(0)
      .lt(1)
      .default(0.25)
      .describe('Spare share the ETM assumes of a network today: a substation without capacityKw gets capacity = its peak without hubs in the first horizon year / (1 - spareCapacity). Never applied to a given capacityKw.'),
    spareCapacitySource: source.default('Energy Transition Model network calculation (quintel documentation general/network.md; share from quintel/etsource datasets/nl/nl.full.ad)'),
    reinforcement: z.array(ReinforcementLevel).min(1).optional().describe('Reinforcement per voltage level; default: the ETM costs with sourced lead times and lifetimes (docs/sources.md).'),
    hubCapex: HubCapex.prefault({}),
    hubLifetimeYears: z.number().int().min(1).max(60).default(15).describe('Years a hub\'s assets last: replaced at the end within the horizon, written off straight-line for the residual value.'),
    hubLifetimeSource: source.default('Assumption: equipment, software and a Li-ion battery of a hub, about 15 years'),
    hubOpexPerYearEur: eur.default(200_000).describe('Operation and maintenance of one hub per year (EUR/yr).'),
    hubOpexSource: source.default('Assumption: 2% of EUR 10M capex per year'),
    curtailmentPriceEurPerMwh: z
      .number()
      .optional()
      .describe('Value of curtailed energy (EUR/MWh). Default: the day-ahead price of that hour (shipped NL prices of the weather year, 2019 or 2023; another year takes the nearest, named in the provenance).'),
    imbalanceForecast: z
      .enum(['last-week', 'yesterday'])
      .default('last-week')
      .describe('Day-ahead forecast each balance-responsible party settles its imbalance against: the same hour last week or yesterday of its own metered history.'),
    valueOfLostLoadEurPerKwh: eur
      .default(VALUE_OF_LOST_LOAD_EUR_PER_KWH)
      .describe(
        'Value of energy not served (EUR/kWh): load above a hub\'s granted cap (waiting or lost), and flexible load a hub sheds without recoverWithinHours (lost shed load). Every terrain\'s hub takes this price.',
      ),
    valueOfLostLoadSource: source.default(VALUE_OF_LOST_LOAD_SOURCE),
    reinforcementPlansOn: z
      .enum(['served-load', 'served-load-and-requests'])
      .default('served-load')
      .describe(
        'What the grid operator orders reinforcement for at the end of a year (docs/economics.md section 3): served-load, the planning peak P (the load on its grid, docs/economics.md section 1), N = P / (1 - planningMargin); served-load-and-requests, that peak plus the transport capacity the hubs have requested beyond their granted caps (its queue, Q), N = (P + Q) / (1 - planningMargin). The overload test counts P either way.',
      ),
    reinforcementPlansFor: z
      .enum(['year-found', 'in-service-year'])
      .default('year-found')
      .describe(
        'The year whose need the grid operator orders reinforcement for at the end of year y (docs/economics.md section 3): year-found, the need of year y itself; in-service-year, the need it expects in the year the level\'s step would come into service, y + leadTimeYears: each part of the year\'s peak grown as the rollout\'s inputs grow it (the background by backgroundGrowthPerYear, each terrain\'s consumption at the peak step by its members\' planned demand growth, its PV, wind and battery as built), as an operator that invests ahead of demand.',
      ),
    capacityRequestStepKw: z.number().positive().default(100).describe('A hub requests and is granted transport capacity in whole steps of this many kW above its contract.'),
    transportTariffs: TransportTariffs.prefault({}),
  })
  .describe('Cost parameters of a rollout, each with its source (docs/economics.md).');
export type Economics = z.infer<typeof Economics>;

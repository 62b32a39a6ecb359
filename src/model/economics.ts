import { z } from 'zod';

const source = z.string().min(1).describe('Where the figure comes from (a report, a tariff, an assumption).');
const eur = z.number().nonnegative();

/** One voltage level's reinforcement cost: bought in whole steps of stepMw at costPerStepEur. */
export const ReinforcementLevel = z.strictObject({
  level: z.string().min(1).describe('Voltage level or asset, e.g. "MV network".'),
  costPerStepEur: eur.describe('Cost of one reinforcement step (EUR).'),
  stepMw: z.number().positive().describe('Capacity added by one step (MW).'),
  source,
});
export type ReinforcementLevel = z.infer<typeof ReinforcementLevel>;

const ETM_SOURCE = 'Energy Transition Model network calculation, quintel/etsource datasets/nl/nl.full.ad (see ../shared/DESIGN.md)';

/** ETM reinforcement costs per voltage level (DESIGN.md), used when a scenario gives none. */
export const DEFAULT_REINFORCEMENT: ReinforcementLevel[] = [
  { level: 'LV network', costPerStepEur: 183_200, stepMw: 0.2, source: ETM_SOURCE },
  { level: 'LV/MV transformer', costPerStepEur: 40_000, stepMw: 0.2, source: ETM_SOURCE },
  { level: 'MV network', costPerStepEur: 1_380_000, stepMw: 2, source: ETM_SOURCE },
  { level: 'MV/HV transformer', costPerStepEur: 500_000, stepMw: 2, source: ETM_SOURCE },
  { level: 'HV network', costPerStepEur: 7_280_000, stepMw: 20, source: ETM_SOURCE },
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
  .describe('Capital cost of one hub, spent in its start year.');
export type HubCapex = z.infer<typeof HubCapex>;

export const Economics = z
  .strictObject({
    discountRate: z.number().min(0).max(1).default(0.04).describe('Real discount rate per year for NPV and the value of deferral.'),
    discountRateSource: source.default('Assumption: 4% real, in the range Dutch social cost-benefit analyses use'),
    spareCapacity: z.number().min(0).lt(1).default(0.25).describe('Share of a substation\'s capacity kept spare: it is overloaded above capacity x (1 - spareCapacity).'),
    spareCapacitySource: source.default(ETM_SOURCE),
    reinforcement: z.array(ReinforcementLevel).min(1).optional().describe('Reinforcement cost per voltage level; default: the ETM costs of DESIGN.md.'),
    hubCapex: HubCapex.prefault({}),
    hubOpexPerYearEur: eur.default(200_000).describe('Operation and maintenance of one hub per year (EUR/yr).'),
    hubOpexSource: source.default('Assumption: 2% of EUR 10M capex per year'),
    curtailmentPriceEurPerMwh: z
      .number()
      .optional()
      .describe('Value of curtailed energy (EUR/MWh). Default: the day-ahead price of that hour (shipped NL 2023 prices, also used for weather year 2019).'),
    imbalanceSpreadEurPerMwh: eur.default(60).describe('Imbalance price spread paid per MWh of forecast error (EUR/MWh).'),
    forecastErrorShareAlone: z.number().min(0).max(1).default(0.08).describe('Forecast error of a company balancing alone, as a share of its energy.'),
    forecastErrorShareHub: z.number().min(0).max(1).default(0.04).describe('Forecast error of the hub balancing its members together, as a share of its grid exchange.'),
    imbalanceSource: source.default('Assumption: no public NL imbalance prices for a full year were found (../shared/data/README.md)'),
  })
  .describe('Cost parameters of a rollout, each with its source.');
export type Economics = z.infer<typeof Economics>;

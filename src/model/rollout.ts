import { z } from 'zod';
import { Economics } from './economics.js';
import { Hub } from './hub.js';
import { MemberProfile } from './profile.js';
import { StrategySpec } from './strategy.js';

export const Substation = z.strictObject({
  id: z.string().min(1).describe('Unique id, referred to by terrains.'),
  name: z.string().optional().describe('Display name.'),
  capacityKw: z
    .number()
    .positive()
    .optional()
    .describe('Firm capacity (kW): overloaded when the load exceeds the capacity in service x (1 - planningMargin). Omit it to estimate it as the ETM does: the peak without hubs in the first horizon year / (1 - economics.spareCapacity).'),
  planningMargin: z
    .number()
    .min(0)
    .lt(1)
    .default(0)
    .describe('Share of the capacity the grid operator keeps free when planning (e.g. for n-1 switching); reported with the results.'),
  voltageLevels: z
    .array(z.string().min(1))
    .min(1)
    .default(['MV network', 'MV/HV transformer'])
    .describe('The reinforcement levels (names from economics.reinforcement) bought when it is overloaded.'),
  backgroundLoad: MemberProfile.default(0).describe('Load of everything else on the substation (kW): a constant, an array, a shipped shape or a file.'),
  backgroundGrowthPerYear: z.number().min(-0.5).max(1).default(0.02).describe('Growth of the background load per year (fraction, compounding from growth.baseYear).'),
});
export type Substation = z.infer<typeof Substation>;

export const Terrain = z.strictObject({
  id: z.string().min(1).describe('Unique id of the business park or campus.'),
  name: z.string().optional().describe('Display name.'),
  substation: z.string().min(1).describe('Id of the substation it hangs from.'),
  hubStartYear: z.number().int().describe('First year the hub operates; before it the terrain runs without control (baseline).'),
  hub: z.union([z.string().min(1), Hub]).describe('The hub: a hub file (relative to the scenario) or an inline hub. Its axis is replaced by the weather year.'),
});
export type Terrain = z.infer<typeof Terrain>;

export const KindGrowth = z.strictObject({
  perYear: z.number().min(-0.5).max(2).default(0).describe('Demand growth per year from electrification (fraction, compounding from baseYear).'),
  factorByYear: z
    .record(z.string().regex(/^\d{4}$/), z.number().positive())
    .optional()
    .describe('Demand factors by year relative to baseYear, linearly interpolated and flat outside (e.g. {2025: 1, 2030: 3}); overrides perYear.'),
});

export const Growth = z.strictObject({
  baseYear: z.number().int().describe('The year the hub files describe.'),
  business: KindGrowth.default({ perYear: 0 }).describe('Growth of members of kind business.'),
  industry: KindGrowth.default({ perYear: 0 }).describe('Growth of members of kind industry.'),
  datacenter: KindGrowth.default({ perYear: 0 }).describe('Growth of members of kind datacenter (the agenda expects datacenter power to triple by 2030).'),
  other: KindGrowth.default({ perYear: 0 }).describe('Growth of members of kind other.'),
  source: z.string().default('Assumption').describe('Where the growth figures come from.'),
  capacityRequests: z
    .enum(['request', 'unserved'])
    .default('request')
    .describe('When a hub\'s grown load needs more than its contracted import: request (ask the grid operator; granted the year after the substation has room, meanwhile the load above the cap waits) or unserved (the load above the cap is never served).'),
});
export type Growth = z.infer<typeof Growth>;

const claim = (description: string) => z.number().nonnegative().optional().describe(description);

/** The regional agenda's claims: inputs, checked against the simulation of the same terrains (docs/economics.md). */
export const AgendaClaims = z
  .strictObject({
    source: z.string().min(1).describe('The document the claims come from.'),
    hubs: z.number().int().positive().optional().describe('Number of hubs (business parks) the claims are for.'),
    investmentEur: claim('Claimed investment for all hubs (EUR).'),
    capexPerHubEur: claim('Claimed cost of one hub (EUR).'),
    avoidedReinforcementEur: claim('Claimed avoided grid reinforcement for all parks (EUR).'),
    avoidedReinforcementPerParkEur: claim('Claimed avoided grid reinforcement per park (EUR).'),
    avoidedCurtailmentImbalancePerHubPerYearEur: claim('Claimed avoided curtailment and imbalance costs per hub per year (EUR/yr).'),
    avoidedCurtailmentImbalancePerYearEur: claim('Claimed avoided curtailment and imbalance costs of all hubs per year (EUR/yr).'),
    substationsOverloadedShare: claim('Claimed share of the region\'s substations overloaded without action by overloadYear (0-1).'),
    overloadYear: z.number().int().optional().describe('The year of the overload claim (default 2030).'),
    gridUtilisationShare: claim('Claimed share of its capacity the grid uses on average (0-1).'),
  })
  .describe('Claims of the regional investment agenda, each checked against the simulated figure (results.json agendaCheck).');
export type AgendaClaims = z.infer<typeof AgendaClaims>;

/**
 * A rollout: terrains with hubs on shared substations over a horizon of years, weather years and
 * strategies to compare, and the cost parameters.
 */
export const Rollout = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of the JSON Schema, for editors.'),
    name: z.string().min(1).describe('Name of the rollout scenario.'),
    description: z.string().optional().describe('Free text.'),
    horizon: z
      .strictObject({
        startYear: z.number().int().min(2000).max(2100).describe('First year simulated (and the year money is discounted to unless economics.baseYear says otherwise).'),
        endYear: z.number().int().min(2000).max(2100).describe('Last year simulated.'),
      })
      .describe('The years to simulate, one hub-year per terrain, strategy and weather year each.'),
    weatherYears: z.array(z.number().int()).min(1).default([2023]).describe('Profile years to run every terrain-year in (2019, 2023); results are averaged over them.'),
    strategies: z.array(StrategySpec).min(1).describe('Strategies to compare; each is run on every terrain from its hub start year. The baseline (no hubs) is always run as the reference.'),
    growth: Growth.describe('Demand growth per member kind over the horizon.'),
    substations: z.array(Substation).min(1).describe('Substations, each shared by one or more terrains.'),
    terrains: z.array(Terrain).min(1).describe('Business parks and datacenter campuses, each with a hub.'),
    economics: Economics.prefault({}),
    agenda: AgendaClaims.optional(),
  })
  .describe('A rollout scenario: terrains with hubs on shared substations over a horizon of years.');
export type Rollout = z.infer<typeof Rollout>;

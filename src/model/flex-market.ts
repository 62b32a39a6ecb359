import { z } from 'zod';
import { TimeBlock } from './contract.js';
import { PowerSeries } from './series.js';

/**
 * What the hub offers the flex market: GOPACS bids to lower import in congested hours, and
 * day-ahead arbitrage with the battery; and where the congestion signal comes from.
 */

export const GopacsBid = z.strictObject({
  direction: z
    .enum(['import', 'export'])
    .default('import')
    .describe('What the bid lowers: import (in consumption congestion) or export (in feed-in congestion).'),
  resource: z
    .enum(['battery', 'shedding', 'curtailment'])
    .describe('What delivers the bid: the battery (discharging more to lower import, charging more to lower export), shedding flexible load (import), or curtailing PV and wind (export).'),
  kw: z.number().positive().describe('Volume of the bid step (kW of import or export reduction).'),
  priceEurPerMwh: z
    .number()
    .nonnegative()
    .describe('The spread the step asks (EUR/MWh): its order lies this far from the day-ahead reference price, at which the counter-order outside the congested area is taken; the grid operator pays it on the volume delivered when it clears.'),
});
export type GopacsBid = z.infer<typeof GopacsBid>;

export const Gopacs = z
  .strictObject({
    bids: z.array(GopacsBid).min(1).describe('The price ladder: steps clear from the cheapest up while the price is at most the willingness to pay and volume is requested.'),
    willingnessToPayEurPerMwh: z.number().nonnegative().default(250).describe('The grid operator\'s highest spread for congestion relief (EUR/MWh). Default is an assumption.'),
    nonDeliveryPenaltyEurPerMwh: z.number().nonnegative().default(500).describe('Paid per MWh cleared but not delivered (EUR/MWh). Default is an assumption.'),
    source: z.string().default('Assumption: GOPACS/IDCONS prices are not public per area; set your own').describe('Where the prices come from.'),
    leadTimeHours: z
      .number()
      .min(0)
      .max(24)
      .nullable()
      .default(2)
      .describe('Intraday redispatch: a request becomes known this many hours before the step it is for, and the hub answers from its battery state then (docs/contracts.md); a lead that is not a whole number of steps counts as the next whole step (the hub answers at the start of the step the request becomes known in). null: every request of a day known the day before (the rule hubsim had before: the operator knowing its day in advance, an optimistic assumption that hubsim run names under its table).'),
  })
  .describe('GOPACS: intraday bids to lower import (or export) in the hours the grid operator requests relief, cleared on the spread over the day-ahead reference.');
export type Gopacs = z.infer<typeof Gopacs>;

export const Arbitrage = z
  .strictObject({
    minSpreadEurPerMwh: z.number().nonnegative().default(20).describe('Trade only when the discharge price x round-trip efficiency exceeds the charge price by this margin (EUR/MWh; covers wear).'),
  })
  .describe('Day-ahead arbitrage of the battery at the NL day-ahead prices, within the caps and after every other use.');
export type Arbitrage = z.infer<typeof Arbitrage>;

export const FlexMarket = z
  .strictObject({
    gopacs: Gopacs.optional(),
    arbitrage: Arbitrage.optional(),
    congestionKw: PowerSeries.optional().describe(
      'Congestion signal for hubsim run: the import reduction the grid operator requests in each step (kW; 0 = no congestion). In a rollout it comes from the substation load instead.',
    ),
    exportCongestionKw: PowerSeries.optional().describe(
      'Feed-in congestion signal for hubsim run: the export reduction the grid operator requests in each step (kW; 0 = none). In a rollout it comes from the substation\'s reverse flow instead.',
    ),
    congestionBlocks: z
      .array(TimeBlock.extend({ requestKw: z.number().positive().describe('Import reduction requested in the block (kW).') }))
      .default([])
      .describe('Congestion signal for hubsim run as time blocks (added to congestionKw): e.g. winter weekday evenings. In a rollout it comes from the substation load instead.'),
  })
  .describe('The flex market: GOPACS bids, day-ahead arbitrage, and the congestion signal they answer.');
export type FlexMarket = z.infer<typeof FlexMarket>;

import { z } from 'zod';

/**
 * The Dutch transport contracts of a hub's collective connection beyond the firm caps of
 * `connection` (docs/contracts.md): the alternative transport rights of Netcode elektriciteit art.
 * 7.1 (ACM besluit 16 July 2024, Stcrt. 2024, 23594): time-block-bound (TBTR, art. 7.1d),
 * time-duration-bound (TDTR, art. 7.1c) and fully variable (non-firm; non-firm ATO, ACM besluit 25
 * January 2024, Stcrt. 2024, 2951); capacity-limiting contracts (CBC-T in fixed blocks, CBC-A called
 * the day before); the group contract's minimum capacity per member; and the penalty for using more
 * than the contract. No public CBC rates or per-right tariff discounts exist: every such default is
 * an assumption with a `source` that says so; the user sets the grid operator's offer.
 */

const Months = z.array(z.number().int().min(1).max(12)).min(1);

/** When a block applies: months, day type and local hours [fromHour, toHour). */
export const TimeBlock = z.strictObject({
  months: Months.default([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).describe('Months (1-12) the block applies in (the season).'),
  days: z.enum(['all', 'weekday', 'weekend']).default('all').describe('Day type, Europe/Amsterdam: weekday (Monday-Friday except Dutch public holidays), weekend (Saturday, Sunday and public holidays) or all.'),
  fromHour: z.number().int().min(0).max(23).describe('First local hour of the block (0-23).'),
  toHour: z.number().int().min(1).max(24).describe('Local hour the block ends (exclusive, 1-24); fromHour < toHour.'),
});
export type TimeBlock = z.infer<typeof TimeBlock>;

export const TimeBlockRight = TimeBlock.extend({
  importCapKw: z.number().nonnegative().optional().describe('Import cap in the block (kW); the lower of this and the firm cap applies.'),
  exportCapKw: z.number().nonnegative().optional().describe('Export cap in the block (kW); the lower of this and the firm cap applies.'),
}).describe('A time-block-bound transport right (TBTR): other caps in some hours of some days of some months.');
export type TimeBlockRight = z.infer<typeof TimeBlockRight>;

const DISCOUNT_DESCRIPTION =
  'Transport tariff discount per kW the right takes off the firm caps (highest firm cap - the right\'s cap, import plus export) per year (EUR/kW/year), pro rata to the hours simulated. Default is an assumption.';

/** Default discounts: no Dutch grid operator publishes one per right in EUR/kW/year. */
export const RIGHTS_DISCOUNT_SOURCE = 'Assumption: no public tariff discount per right in EUR/kW/year; set the grid operator\'s offer';

const capsOfRight = {
  importCapKw: z.number().nonnegative().optional().describe('Import cap while the right is restricted (kW); the lower of this and the firm cap applies.'),
  exportCapKw: z.number().nonnegative().optional().describe('Export cap while the right is restricted (kW); the lower of this and the firm cap applies.'),
};

export const Tdtr = z
  .strictObject({
    ...capsOfRight,
    maxRestrictedShare: z.number().min(0).max(1).default(0.15).describe('At most this share of the steps may be restricted (Netcode art. 7.1c: transport in at least 85% of the hours).'),
    callBlockHours: z.number().int().min(1).max(24).default(4).describe('The grid operator restricts whole blocks of this many local hours from midnight (docs/contracts.md).'),
    discountEurPerKwYear: z.number().nonnegative().default(15).describe(DISCOUNT_DESCRIPTION),
    source: z.string().default(RIGHTS_DISCOUNT_SOURCE).describe('Where the discount comes from.'),
  })
  .describe('Time-duration-bound transport right (TDTR, tijdsduurgebonden, Netcode art. 7.1c): restricted to its caps in at most maxRestrictedShare of the steps, in call blocks the grid operator announces the day before from its same-weekday-last-week forecast of the congestion signal.');
export type Tdtr = z.infer<typeof Tdtr>;

export const NonFirm = z
  .strictObject({
    ...capsOfRight,
    maxHoursPerYear: z.number().nonnegative().max(8784).default(8784).describe('At most this many hours a year with a limit (pro rata to the hours simulated); later congestion is not limited.'),
    discountEurPerKwYear: z.number().nonnegative().default(25).describe(DISCOUNT_DESCRIPTION),
    source: z.string().default(RIGHTS_DISCOUNT_SOURCE).describe('Where the discount comes from.'),
  })
  .describe('Fully variable (non-firm) transport right (non-firm ATO, ACM besluit 25 January 2024): limited to its caps in real time in every step with congestion in that direction, up to maxHoursPerYear.');
export type NonFirm = z.infer<typeof NonFirm>;

const DEFAULT_FEE_SOURCE = 'Assumption: no public CBC rates; set the grid operator\'s offer';

const CbcFees = {
  direction: z
    .enum(['import', 'export'])
    .default('import')
    .describe('What the contract limits: import (consumption congestion) or export (feed-in congestion, delivered by curtailment or battery charging).'),
  importCapKw: z.number().nonnegative().optional().describe('direction import: the lower import cap (kW) the hub keeps to when the contract is active.'),
  exportCapKw: z.number().nonnegative().optional().describe('direction export: the lower export cap (kW) the hub keeps to when the contract is active.'),
  availabilityEurPerMwYear: z
    .number()
    .nonnegative()
    .default(20_000)
    .describe('Availability fee the grid operator pays per MW of capacity given up (firm cap - the CBC cap, on the side it limits) per year (EUR/MW/year). Default is an assumption.'),
  activationEurPerMwh: z
    .number()
    .nonnegative()
    .default(100)
    .describe('Activation fee per MWh the hub kept off the grid below its uncontrolled import (or, direction export, export) in active hours (EUR/MWh). Default is an assumption.'),
  source: z.string().default(DEFAULT_FEE_SOURCE).describe('Where the fees come from.'),
};

export const CbcT = z
  .strictObject({ ...CbcFees, blocks: z.array(TimeBlock).min(1).describe('The fixed time blocks in which the lower cap applies.') })
  .describe('CBC-T: a capacity-limiting contract with a lower import (or export) cap in fixed time blocks.');
export type CbcT = z.infer<typeof CbcT>;

export const CbcA = z
  .strictObject({
    ...CbcFees,
    maxCallDaysPerYear: z.number().int().nonnegative().default(365).describe('At most this many days a year with a call; later congestion days are not called.'),
    calls: z
      .enum(['forecast', 'signal'])
      .default('forecast')
      .describe('How the grid operator calls, the day before: forecast (causal): whole call blocks where its same-weekday-last-week forecast of the congestion signal shows congestion, so calls can miss or over-call; signal: exactly the congested steps of the day itself (the operator\'s perfect foresight of its day, an optimistic assumption that hubsim run names under its table: the rule hubsim used before calls were forecast).'),
    callBlockHours: z.number().int().min(1).max(24).default(4).describe('calls forecast: the operator calls whole blocks of this many local hours from midnight.'),
  })
  .describe('CBC-A: a capacity-limiting contract with a lower import (or export) cap in the hours the grid operator calls the day before (from its forecast of the congestion signal of that side); activation is measured against a baseline the operator observes (docs/contracts.md).');
export type CbcA = z.infer<typeof CbcA>;

export const GroupMinimum = z.strictObject({
  member: z.string().min(1).describe('Id of a member.'),
  minimumKw: z.number().nonnegative().describe('Capacity the member may always use (kW): load shedding never takes its load below this.'),
});

export const Contract = z
  .strictObject({
    tbtr: z.array(TimeBlockRight).default([]).describe('Time-block-bound transport rights (TBTR, tijdsblokgebonden, Netcode art. 7.1d): caps by hour of day, day type and season, on top of the firm caps (formerly timeBlocks).'),
    tbtrDiscountEurPerKwYear: z.number().nonnegative().default(10).describe(`TBTR: ${DISCOUNT_DESCRIPTION} The right's cap is the lowest block cap.`),
    tbtrSource: z.string().default(RIGHTS_DISCOUNT_SOURCE).describe('Where the TBTR discount comes from.'),
    tdtr: Tdtr.optional(),
    nonFirm: NonFirm.optional(),
    cbcT: CbcT.optional(),
    cbcA: CbcA.optional(),
    groupMinimums: z.array(GroupMinimum).default([]).describe('Group contract (GTO): the minimum capacity of each member within the collective cap.'),
    penaltyEurPerKwh: z
      .number()
      .nonnegative()
      .default(0.5)
      .describe('Penalty per kWh imported above a CBC cap, a TDTR restriction or a non-firm limit (up to the firm cap) where it is active, and exported above a TDTR or non-firm export limit (up to the firm export cap): not keeping the contract (EUR/kWh). Default is an assumption.'),
    penaltySource: z.string().default('Assumption: overrun penalties are set per grid operator; set the actual rate').describe('Where the penalty comes from.'),
  })
  .describe('The transport contract beyond the firm caps: time-block (TBTR), time-duration (TDTR) and non-firm rights, CBC-T, CBC-A, group minimums and the overrun penalty (docs/contracts.md).');
export type Contract = z.infer<typeof Contract>;

import { z } from 'zod';

/**
 * The Dutch transport contracts of a hub's collective connection beyond the firm caps of
 * `connection`: time-block (non-firm) transport rights, capacity-limiting contracts (CBC-T in fixed
 * blocks, CBC-A called the day before), the group contract's minimum capacity per member, and the
 * penalty for using more than the contract. No public CBC rates exist: every fee here is an
 * assumption with a `source` that says so; the user sets the grid operator's offer.
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
}).describe('A non-firm or time-block transport right: other caps in some hours of some days of some months.');
export type TimeBlockRight = z.infer<typeof TimeBlockRight>;

const DEFAULT_FEE_SOURCE = 'Assumption: no public CBC rates; set the grid operator\'s offer';

const CbcFees = {
  importCapKw: z.number().nonnegative().describe('The lower import cap (kW) the hub keeps to when the contract is active.'),
  availabilityEurPerMwYear: z
    .number()
    .nonnegative()
    .default(20_000)
    .describe('Availability fee the grid operator pays per MW of capacity given up (firm cap - importCapKw) per year (EUR/MW/year). Default is an assumption.'),
  activationEurPerMwh: z
    .number()
    .nonnegative()
    .default(100)
    .describe('Activation fee per MWh the hub kept off the grid below its uncontrolled import in active hours (EUR/MWh). Default is an assumption.'),
  source: z.string().default(DEFAULT_FEE_SOURCE).describe('Where the fees come from.'),
};

export const CbcT = z
  .strictObject({ ...CbcFees, blocks: z.array(TimeBlock).min(1).describe('The fixed time blocks in which the lower cap applies.') })
  .describe('CBC-T: a capacity-limiting contract with a lower import cap in fixed time blocks.');
export type CbcT = z.infer<typeof CbcT>;

export const CbcA = z
  .strictObject({
    ...CbcFees,
    maxCallDaysPerYear: z.number().int().nonnegative().default(365).describe('At most this many days a year with a call; later congestion days are not called.'),
  })
  .describe('CBC-A: a capacity-limiting contract with a lower import cap in the hours the grid operator calls the day before (from the congestion signal).');
export type CbcA = z.infer<typeof CbcA>;

export const GroupMinimum = z.strictObject({
  member: z.string().min(1).describe('Id of a member.'),
  minimumKw: z.number().nonnegative().describe('Capacity the member may always use (kW): load shedding never takes its load below this.'),
});

export const Contract = z
  .strictObject({
    timeBlocks: z.array(TimeBlockRight).default([]).describe('Non-firm and time-block transport rights: caps by hour of day, day type and season, on top of the firm caps.'),
    cbcT: CbcT.optional(),
    cbcA: CbcA.optional(),
    groupMinimums: z.array(GroupMinimum).default([]).describe('Group contract (GTO): the minimum capacity of each member within the collective cap.'),
    penaltyEurPerKwh: z
      .number()
      .nonnegative()
      .default(0.5)
      .describe('Penalty per kWh imported above a CBC cap (up to the firm cap) in its blocks and called hours: not keeping the CBC (EUR/kWh). Default is an assumption.'),
    penaltySource: z.string().default('Assumption: overrun penalties are set per grid operator; set the actual rate').describe('Where the penalty comes from.'),
  })
  .describe('The transport contract beyond the firm caps: time-block rights, CBC-T, CBC-A, group minimums and the overrun penalty.');
export type Contract = z.infer<typeof Contract>;

import { z } from 'zod';
import { MAX_MEMBERS, MAX_STEPS } from '../limits.js';
import { Battery } from './battery.js';
import { Connection } from './connection.js';
import { Contract } from './contract.js';
import { FlexMarket } from './flex-market.js';
import { FlexibleLoad } from './flexible.js';
import { Pv, Wind } from './generation.js';
import { Member } from './member.js';
import { StrategySpec } from './strategy.js';
import { HubTariff } from './tariff.js';
import { VALUE_OF_LOST_LOAD_EUR_PER_KWH, VALUE_OF_LOST_LOAD_SOURCE } from './value-of-lost-load.js';

export const Axis = z
  .strictObject({
    year: z.number().int().min(1996).max(2099).optional().describe('Simulate this UTC calendar year (picks the shipped profiles of that year). Default 2023.'),
    start: z.iso.datetime({ offset: true }).optional().describe('Start instant (ISO 8601 with Z or an offset) instead of a year.'),
    steps: z
      .number()
      .int()
      .positive()
      .max(MAX_STEPS, `at most ${MAX_STEPS} steps (a leap year of 1-minute steps); split a longer period into several runs`)
      .optional()
      .describe(`Number of steps from start (required with start), at most ${MAX_STEPS}.`),
    stepMinutes: z
      .union([z.literal(5), z.literal(10), z.literal(15), z.literal(30), z.literal(60)])
      .default(60)
      .describe('Step length in minutes (60 or 15 for PTU data; also 5, 10, 30).'),
  })
  .describe('The time axis: a UTC year, or a start, a number of steps and a step length.');
export type Axis = z.infer<typeof Axis>;

export const Hub = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of the JSON Schema, for editors.'),
    name: z.string().min(1).describe('Name of the hub (business park or campus).'),
    description: z.string().optional().describe('Free text.'),
    axis: Axis.default({ stepMinutes: 60 }),
    members: z.array(Member).min(1).max(MAX_MEMBERS, `at most ${MAX_MEMBERS} members in one hub`).describe('The companies and datacenters behind the collective connection.'),
    connection: Connection.default({ voltageLevel: 'MV' }),
    contract: Contract.optional(),
    flexMarket: FlexMarket.optional(),
    pv: Pv.optional(),
    wind: Wind.optional(),
    battery: Battery.optional(),
    tariff: HubTariff.optional(),
    flexibleLoad: z.array(FlexibleLoad).default([]).describe('Loads that congestion management may shed.'),
    valueOfLostLoadEurPerKwh: z
      .number()
      .nonnegative()
      .optional()
      .describe(
        `Value of lost load (EUR/kWh): the price of flexible load shed without recoverWithinHours, reported as unservedShedCostEur (an input: the price is not simulated). Absent: ${VALUE_OF_LOST_LOAD_EUR_PER_KWH} (${VALUE_OF_LOST_LOAD_SOURCE}). In a rollout the hub takes economics.valueOfLostLoadEurPerKwh; a different value here is refused.`,
      ),
    strategies: z
      .array(StrategySpec)
      .min(1)
      .optional()
      .describe('Strategies to run. Default: baseline, congestion, and with a battery also peak-shaving, self-consumption and optimal.'),
  })
  .describe('A smart energy hub: members sharing one grid connection, with PV, wind, a battery and flexible load.');
export type Hub = z.infer<typeof Hub>;

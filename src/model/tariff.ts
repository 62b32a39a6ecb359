import { z } from 'zod';

const rate = z.number().nonnegative();

/**
 * The grid operator's transport tariff of the hub's collective connection (transportdienst, EUR
 * excluding VAT): by operator and year from the shipped table of the ACM tariff decisions
 * (profiles/tariffs/dso-transport-nl.csv), by explicit rates, or both (an explicit rate replaces the
 * table's). The table's category follows the contracted kW: the highest firm import cap, or without a
 * cap the uncontrolled coincident peak (src/model/tariff-rates.ts).
 */
export const HubTariff = z
  .strictObject({
    operator: z
      .string()
      .min(1)
      .optional()
      .describe('Grid operator whose shipped tariffs apply: liander, stedin or enexis (any letter case); with year. The rates come from profiles/tariffs/dso-transport-nl.csv.'),
    year: z.number().int().optional().describe('Tariff year (1 January-31 December) of the operator\'s tariffs: a year the shipped table has (2023-2026); with operator.'),
    vastrechtEurPerYear: rate.optional().describe('Fixed transport fee per connection (vastrecht transportdienst), EUR/year; replaces the table\'s. Default without operator: 0.'),
    contractEurPerKwYear: rate.optional().describe('Per kW of contracted transport capacity (gecontracteerd transportvermogen) per year, EUR/kW/year; replaces the table\'s. Default without operator: 0.'),
    kwmaxEurPerKwMonth: rate
      .optional()
      .describe('Per kW of each billing month\'s highest import (kWmax: the highest 15-minute mean on a 15-minute axis, the highest step otherwise), EUR/kW/month; replaces the table\'s. Default without operator: 0.'),
    energyEurPerKwh: rate.optional().describe('Per kWh of offtake (the normal rate), EUR/kWh; replaces the table\'s. Default without operator: 0.'),
    source: z.string().min(1).optional().describe('Where explicit rates come from (a tariff sheet); the table\'s rates carry their own source.'),
  })
  .describe(
    'The transport tariff of the collective connection: operator and year (shipped rates), explicit rates, or both (explicit rates replace the table\'s). The run reports it as the transportTariffEur metrics; lp strategies without their own kwmaxEurPerKwMonth plan with its kWmax and kWh rates, and a sweep of the hub prices its configurations with it.',
  );
export type HubTariff = z.infer<typeof HubTariff>;

import { z } from 'zod';
import { HubTariff } from '../model/tariff.js';
import { MAX_ENERGY_KWH } from '../limits.js';
import { Battery } from '../model/battery.js';
import { StrategySpec } from '../model/strategy.js';
import { ANNUAL_COST_TERMS } from './aggregate.js';
import { VALUE_OF_LOST_LOAD_EUR_PER_KWH, VALUE_OF_LOST_LOAD_SOURCE } from '../model/value-of-lost-load.js';

const sizes = (what: string) => z.array(z.number().min(0).max(MAX_ENERGY_KWH, `at most ${MAX_ENERGY_KWH}: check the unit`)).min(1).optional().describe(what);
const source = z.string().min(1);

export const SweepBattery = z
  .strictObject({
    energyKwh: sizes('Battery energy capacities to try (kWh); 0 means no battery.'),
    hours: sizes('Battery energy as hours at its power (energy = power x hours); instead of energyKwh.'),
    powerKw: sizes('Battery charge and discharge powers to try (kW).'),
    powerShareOfPeak: sizes("Battery powers as a share of the terrain's uncontrolled peak import in the calendar year (0.2 = 20%); instead of powerKw."),
    template: Battery.partial({ energyKwh: true })
      .optional()
      .describe("Efficiencies and state-of-charge limits of the batteries tried (as in the hub file's battery); default: the hub's own battery, else the hub file defaults."),
  })
  .describe('Battery sizes: every energy x every power. Omitted: the battery as built.');

export const SweepGrid = z
  .strictObject({
    battery: SweepBattery.optional(),
    pvKwp: sizes('PV peak powers to try (kWp), on the hub\'s PV profile (or the shipped pv-roof profile when it has no PV). Omitted: PV as built.'),
    importCapKw: sizes('Contracted import caps to try (kW). Omitted: the caps of the hub file.'),
    importCapShareOfPeak: sizes("Import caps as a share of the terrain's uncontrolled peak import in the calendar year; instead of importCapKw."),
    strategies: z
      .array(StrategySpec)
      .min(1)
      .describe(
        "Strategies to run on every configuration. mpc forecasts each synthetic year from that year's own days before the day planned (forecast model: one forecaster per terrain and PV size, trained on its hub as described in the calendar year, or loaded from the disk cache). grid-aware (rollout sweeps only) acts on the terrain's substation: its background in the sweep year plus the other terrains of the substation uncontrolled, drawn on the same days as the terrain; the terrain's battery is the only one controlled (day-ahead: the operator's signal from the week before; joint: the exact single-battery minimum of the substation's peak). The perfect-foresight bounds (optimal, lp, flex with plan perfect, grid-aware joint, peak shaving sized in hindsight or on a quantile of the year) are labelled as bounds in every output.",
      ),
  })
  .describe('The grid: every combination of the listed values is one configuration per terrain.');

export const SWEEP_STATISTICS = ['p10', 'p50', 'p90', 'mean'] as const;
export const TARGET_METRICS = ['peakImportKw', 'hoursAboveImportCap', 'energyAboveImportCapKwh', 'energyShedKwh', 'energyCurtailedKwh', 'substationPeakKw'] as const;

export const SweepTarget = z
  .strictObject({
    metric: z.enum(TARGET_METRICS).default('peakImportKw').describe("The per-draw result the target is on. substationPeakKw (rollout sweeps only): the highest load of the terrain's substation, its background plus the other terrains uncontrolled plus this hub's grid exchange (kW)."),
    statistic: z.enum(SWEEP_STATISTICS).default('p90').describe('Which statistic over the weather draws must meet it.'),
    atMost: z
      .union([z.number(), z.literal('importCap')])
      .default('importCap')
      .describe("The bound: a number in the metric's unit, or importCap (the configuration's import cap, for peakImportKw; the grid's importCapKw or importCapShareOfPeak, else the hub file's cap, which it must then have)."),
  })
  .describe('What a configuration must meet; the cheapest one that does is reported per terrain.');

export const SweepDraws = z
  .strictObject({
    count: z.number().int().min(1).max(1_000_000).default(100).describe('Synthetic weather years per configuration (count).'),
    seed: z.number().int().min(0).max(4294967295).default(1).describe('Seed of the draws; the same seed gives the same draws.'),
    block: z.enum(['week', 'day']).default('week').describe('Bootstrap block: 7-day weeks (keeps weather spells; days whose type differs are redrawn) or single days.'),
    sourceYears: z.array(z.number().int()).min(1).default([2019, 2023]).describe('Real years whose days are resampled (shipped years: 2019, 2023).'),
    calendarYear: z.number().int().default(2023).describe('The calendar the synthetic years follow (weekdays, holidays, daylight-saving time); a shipped non-leap year. The year before it is drawn too, for the days an online peak shaver remembers (README "Sweeps and weather draws").'),
  })
  .describe('Weather draws: synthetic years made by a seeded block bootstrap of real days within the same season and day type.');

const DEFAULT_BATTERY_SOURCE = 'Assumption: order of magnitude of installed commercial Li-ion systems in 2024-2025 (energy part EUR/kWh, inverter and grid connection EUR/kW); replace by a supplier quote';

export const SweepEconomics = z
  .strictObject({
    batteryEurPerKwh: z.number().min(0).default(250).describe('Battery capex per kWh of capacity (EUR/kWh).'),
    batteryEurPerKw: z.number().min(0).default(100).describe('Battery capex per kW of power (EUR/kW).'),
    batterySource: source.default(DEFAULT_BATTERY_SOURCE).describe('Where the battery costs come from.'),
    pvEurPerKwp: z.number().min(0).default(700).describe('Capex per kWp of PV added beyond the PV as built (EUR/kWp).'),
    pvSource: source.default('Assumption: commercial rooftop PV in NL, roughly EUR 600-800 per kWp installed; replace by a quote').describe('Where the PV cost comes from.'),
    tariff: HubTariff.optional().describe(
      "The transport tariff the configurations pay: operator and year (shipped rates, the category of each configuration's import cap, or without a cap of the uncontrolled peak), explicit rates, or both. Default: the hub file's tariff block (each terrain's, for a rollout). Its fixed fee and per-kWh offtake rate are added to the annual cost.",
    ),
    kwmaxEurPerKwMonth: z
      .number()
      .min(0)
      .optional()
      .describe('Network tariff on the monthly maximum import, kWmax (EUR per kW per calendar month, Europe/Amsterdam; on a 15-minute axis the PTU maximum). Default: the tariff\'s rate, else 3.'),
    kwmaxSource: source.default("Assumption: an MV kWmax tariff of a few EUR/kW/month; set the grid operator's current rate").describe('Where the kWmax rate comes from: of kwmaxEurPerKwMonth when the file sets both, else of the default rate used when no tariff gives one. results.json states where the rate paid came from.'),
    contractEurPerKwYear: z.number().min(0).optional().describe('Cost of the contracted import cap per kW per year (EUR/kW/yr), so a lower cap is cheaper. Default: the tariff\'s rate, else 0.'),
    contractSource: source.default('Assumption: not charged unless set').describe('Where the contract rate comes from: of contractEurPerKwYear when the file sets both, else of the 0 used when no tariff gives one. results.json states where the rate paid came from.'),
    valueOfLostLoadEurPerKwh: z
      .number()
      .min(0)
      .default(VALUE_OF_LOST_LOAD_EUR_PER_KWH)
      .describe(
        "Value of lost load (EUR/kWh): the price of flexible load a configuration sheds from loads without recoverWithinHours and never serves (unservedShedKwh), added to its annual cost as hubsim run and rollout price it. One value for every terrain: a hub file may repeat it, and one that sets another value is refused (sweep.contradiction).",
      ),
    valueOfLostLoadSource: source.default(VALUE_OF_LOST_LOAD_SOURCE).describe('Where the value of lost load comes from.'),
    lifetimeYears: z.number().int().min(1).max(60).default(15).describe('Years over which capex is annualised.'),
    discountRate: z.number().min(0).max(1).default(0.04).describe('Real discount rate per year, for the annuity (1).'),
    discountRateSource: source.default('Assumption: 4% real, in the range Dutch social cost-benefit analyses use').describe('Where the discount rate comes from.'),
  })
  .describe(`Cost parameters of a sweep, each with its source. Annual cost: ${ANNUAL_COST_TERMS}.`);

export const Sweep = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of the JSON Schema, for editors.'),
    name: z.string().min(1).describe('Name of the sweep.'),
    description: z.string().optional().describe('Free text.'),
    hub: z.string().min(1).optional().describe('A hub file (relative to the sweep file) to size; or give rollout.'),
    rollout: z.string().min(1).optional().describe("A rollout scenario (relative to the sweep file): every terrain is swept, one at a time, with its substation's background and the other terrains of its substation uncontrolled around it (for grid-aware and substationPeakKw)."),
    terrains: z.array(z.string().min(1)).min(1).optional().describe('With rollout: only these terrain ids.'),
    year: z.number().int().optional().describe("With rollout: the horizon year whose grown demand is swept; default: the rollout's growth.baseYear."),
    draws: SweepDraws.prefault({}),
    grid: SweepGrid,
    target: SweepTarget.prefault({}),
    economics: SweepEconomics.prefault({}),
    batchHubYears: z.number().int().min(1).max(100_000).default(200).describe('Hub-years per batch (one pool task or one queue job); does not change the results.'),
  })
  .describe('A sweep: configurations x weather draws for one hub or the terrains of a rollout.');
export type Sweep = z.infer<typeof Sweep>;

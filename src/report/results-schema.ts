import { z } from 'zod';
import { Member } from '../model/member.js';
import { StrategySpec } from '../model/strategy.js';
import { METRICS } from '../results/metrics.js';
import { SCHEMA_VERSION } from './json.js';
import { ROLLOUT_SCHEMA_VERSION } from './rollout-output.js';
import { ROLLOUT_TABLES, type Column, type Table } from './rollout-tables.js';

/*
 * zod schemas of the two results.json files, built from the single sources: ROLLOUT_TABLES (the
 * rollout's tables, column by column) and METRICS (the metrics of `hubsim run`). `hubsim schema
 * --results` / `--run-results` print them as JSON Schema, `npm run docs` writes them to schema/ and
 * docs/outputs.md, and a test parses real outputs with them, so the schemas cannot drift from the files.
 */

/** The JSON type of a rollout column. */
export type ColumnType = 'string' | 'boolean' | 'number';

/**
 * A column's JSON type, read from its unit (the tables' convention): `-` is text (ids and names),
 * `bool` is a boolean, every other unit is a number, which is null where it does not apply or is not
 * finite (empty in the CSV).
 */
export function columnType(col: Pick<Column<never>, 'unit'>): ColumnType {
  if (col.unit === '-') return 'string';
  if (col.unit === 'bool') return 'boolean';
  return 'number';
}

function columnSchema(col: Pick<Column<never>, 'unit' | 'description' | 'basis'>): z.ZodType {
  const description = `${col.description} (${col.unit}; ${col.basis})`;
  switch (columnType(col)) {
    case 'string':
      return z.string().describe(description);
    case 'boolean':
      return z.boolean().describe(description);
    case 'number':
      return z.number().nullable().describe(description);
  }
}

/** One row of a rollout table in results.json: exactly the table's columns, in its order. */
export function tableRowSchema<T>(table: Table<T>): z.ZodObject {
  return z.strictObject(Object.fromEntries(table.columns.map((col) => [col.name, columnSchema(col)]))).describe(`A row of ${table.file}: ${table.row}.`);
}

/** The convention every money figure of a rollout follows (docs/economics.md section 7). */
export const EconomicsConventionJson = z
  .strictObject({
    baseYear: z.number().int().describe('Year all money is discounted to (year).'),
    discountRate: z.number().describe('Real discount rate per year (1).'),
    discountRateSource: z.string().describe('Where the rate comes from: its source field, hubsim\'s default citation when the scenario sets neither, or "set in FILE without a source" for a value the scenario sets without one.'),
    currency: z.string().describe('The money unit.'),
    timing: z.string().describe('When each kind of flow falls within its year.'),
    residualValue: z.string().describe('How residual values are found.'),
    perspectives: z.string().describe('How the perspectives relate.'),
    capacityRequests: z.enum(['request', 'unserved']).describe('What a hub whose grown load needs more than its cap does (growth.capacityRequests).'),
    reinforcementPlansOn: z
      .enum(['served-load', 'served-load-and-requests'])
      .describe('What the grid operator orders reinforcement for: the planning peak (the load on its grid), or that plus the capacity requested and not yet granted (economics.reinforcementPlansOn).'),
    reinforcementPlansFor: z
      .enum(['year-found', 'in-service-year'])
      .describe('The year whose need the grid operator orders for: the year it finds the need, or the year the step would come into service (economics.reinforcementPlansFor).'),
    valueOfLostLoadEurPerKwh: z.number().describe('Value of energy not served: unserved energy and lost shed load (EUR/kWh).'),
    valueOfLostLoadSource: z.string().describe('Where it comes from: its source field, hubsim\'s default citation when the scenario sets neither, or "set in FILE without a source" for a value the scenario sets without one.'),
    hubLifetimeYears: z.number().int().describe('Lifetime of a hub\'s assets (years).'),
    hubLifetimeSource: z.string().describe('Where it comes from: its source field, hubsim\'s default citation when the scenario sets neither, or "set in FILE without a source" for a value the scenario sets without one.'),
    spareCapacity: z.number().describe('The ETM spare share, used only to estimate a capacity that is not given (1).'),
    spareCapacitySource: z.string().describe('Where it comes from: its source field, hubsim\'s default citation when the scenario sets neither, or "set in FILE without a source" for a value the scenario sets without one.'),
    imbalanceForecast: z.string().describe('The naive day-ahead forecast imbalance is settled against.'),
    imbalancePrices: z.string().describe('The imbalance and day-ahead prices, and the substitute for other years.'),
    transportTariffs: z.string().describe('The grid operator and source of the transport tariffs.'),
    peaks: z
      .string()
      .describe('What the peaks, monthly maxima (kWmax) and cap checks are: PTU (15-minute) maxima when every terrain runs 15-minute data on a 15-minute axis; else hourly, no peaks within the hour (the PTU maximum can be higher).'),
  })
  .describe('The money convention and the parameters every figure depends on, with their sources.');

/** Where a result comes from (src/provenance/): the same in results.json of run, rollout and sweep. */
export const ProvenanceJson = z
  .strictObject({
    hubsimVersion: z.string().describe('The hubsim version that wrote the file.'),
    command: z
      .array(z.string())
      .describe('The command line, with the input path as given relative to the working directory (a baseline\'s: to the baseline folder) and the options that shape results (run: --strategy, --regret, --design-year, --timings); without those that only say where output goes or how many threads run (--out, --json, --report, --series, --workers, --queue), so the same inputs give the same bytes.'),
    inputs: z
      .array(
        z.strictObject({
          path: z.string().describe('The file read: relative to the working directory (a baseline\'s: to the baseline folder), or for a file shipped with hubsim to its package root (profiles/...); "/" separators.'),
          sha256: z.string().regex(/^[0-9a-f]{64}$/).describe('SHA-256 (hex) of the bytes read, taken as they were read.'),
          bytes: z.number().int().nonnegative().describe('Size of the bytes read (bytes).'),
          shipped: z.boolean().describe('A file shipped with hubsim (a profile, the catalogue, the tariff table), not one of the user\'s.'),
        }),
      )
      .describe('Every file the results were made from: the user\'s (sorted by path), then the shipped ones (sorted by path). `hubsim regress` fails when one of them changed.'),
    assumptions: z
      .array(
        z.strictObject({
          name: z.string().describe('The parameter: its field path in the input file (economics.discountRate, battery.chargeEfficiency, terrains[ID].battery.socMin, ...), or prices.dayAhead.priceYear[weatherYear=Y] / prices.imbalance.priceYear[weatherYear=Y] for the prices that priced a weather year.'),
          value: z.union([z.number(), z.string(), z.boolean(), z.null()]).describe('The value used.'),
          unit: z.string().describe('Its unit (from the field name; "fraction" for shares, "-" for a choice or factor).'),
          source: z.string().describe('Where the value comes from: its source field, hubsim\'s documented default (docs/sources.md), "set in FILE" for a value the file sets without a source, or "substitute: ..." for a price year standing in for another.'),
          defaulted: z.boolean().describe('true: hubsim\'s default (the file does not set it); false: set in the input file.'),
        }),
      )
      .describe('Every economic and physical parameter the results used.'),
  })
  .describe('Where the results come from: hubsim version, command line, the input files with their SHA-256 and the assumptions used. Absent only in files written before hubsim recorded it.');

/** A job (terrain x year x weather year x strategy) that failed; the rollout continued without it. */
/** A profile file's steps that were not in it and were filled (README: Meter data). */
const FilledStepJson = z.strictObject({
  field: z.string().describe('The hub-file field naming the profile file, e.g. members[0].profile.'),
  file: z.string().describe('The profile file, as the hub file names it.'),
  method: z.string().describe('linear, previous or zero (the file\'s fill), or year-edge (the UTC year\'s last local hour taken from the local year\'s first, README: Meter data).'),
  steps: z.number().int().describe('Steps of the file filled, in its own step length (count).'),
});

export const FailureJson = z
  .strictObject({
    terrain: z.string().describe('Terrain id (or "(substation ID)" when a whole batch failed).'),
    year: z.number().describe('Horizon year (year).'),
    weatherYear: z.number().describe('Weather year (year).'),
    strategy: z.string().describe('Strategy name (or "(all)").'),
    message: z.string().describe('What went wrong.'),
  })
  .describe('A job that failed; the tables leave it out and `hubsim rollout` exits 3.');

/** The results.json keys of the tables (for the static type only; the schema takes them from ROLLOUT_TABLES). */
type TableKey = 'terrainYears' | 'flexYears' | 'substationYears' | 'substationPurchases' | 'substations' | 'terrainEconomics' | 'yearTotals' | 'totals' | 'agendaCheck';
type RowSchema = z.ZodType<Record<string, string | number | boolean | null>>;

const tableProperties = Object.fromEntries(
  ROLLOUT_TABLES.map((t) => [String(t.key), z.array(tableRowSchema(t) as unknown as RowSchema).describe(`The rows of ${t.file}; a row is ${t.row}.`)]),
) as Record<TableKey, z.ZodArray<RowSchema>>;

/** results.json of `hubsim rollout` (and `hubsim rollout --json`), in the order the keys are written. */
export const RolloutResultsJson = z
  .strictObject({
    schemaVersion: z.literal(ROLLOUT_SCHEMA_VERSION).describe('Version of this format; changes when a field changes meaning or goes.'),
    kind: z.literal('rollout').describe('Always "rollout": tells this file from the results.json of `hubsim run`.'),
    name: z.string().describe('Name of the rollout scenario.'),
    years: z.array(z.number().int()).describe('The horizon years, startYear to endYear (year).'),
    weatherYears: z.array(z.number().int()).describe('The weather (profile) years every terrain-year ran in; results are averaged over them (year).'),
    strategies: z.array(z.string()).describe('The strategy names, in the scenario\'s order (without the "without-hubs" reference).'),
    strategyForesight: z
      .record(z.string(), z.enum(['causal', 'perfect']))
      .describe('Per strategy name: causal (decides from data before each step), or perfect (a perfect-foresight bound no controller reaches: optimal, lp, flex with plan perfect, grid-aware with the joint plan (grid-aware-joint), peak shaving sized in hindsight or on a quantile of its own year).'),
    hubYears: z.number().int().describe('Number of hub-year simulations run: one terrain in one year in one weather year under one variant (count).'),
    economicsConvention: EconomicsConventionJson,
    ...tableProperties,
    failures: z.array(FailureJson).describe('Jobs that failed (empty when all ran).'),
    filledSteps: z
      .array(
        FilledStepJson.extend({
          terrain: z.string().describe('Id of the terrain whose hub file names the profile file.'),
          weatherYear: z.number().int().describe('The weather year the file was read for (with reuseYear, a year the file was mapped onto).'),
        }),
      )
      .optional()
      .describe('Present when a terrain\'s profile file had intervals that were not in it: per terrain and weather year, each file, how they were filled and how many.'),
    provenance: ProvenanceJson.optional(),
  })
  .describe('results.json of `hubsim rollout`: the money convention, and every output table as an array of rows with the CSV\'s columns (agendaCheck empty without an agenda block).');

const strategyKinds = StrategySpec.options.map((o) => o.shape.kind.value) as [string, ...string[]];

/** results.json of `hubsim run` (and `hubsim run --json`). */
export const RunResultsJson = z
  .strictObject({
    schemaVersion: z.literal(SCHEMA_VERSION).describe('Version of this format; changes when a field changes meaning or goes.'),
    hub: z
      .strictObject({
        name: z.string().describe('Name of the hub.'),
        axis: z
          .strictObject({
            start: z.string().describe('Start of the first step, ISO 8601 in UTC.'),
            stepMinutes: z.number().describe('Step length (min).'),
            steps: z.number().int().describe('Number of steps (count).'),
          })
          .describe('The time axis the hub ran on.'),
        members: z
          .array(
            z.strictObject({
              id: z.string().describe('Member id.'),
              kind: Member.shape.kind.unwrap().describe('Kind of member.'),
              ownConnectionKw: z.number().describe('Import capacity the member would hold on its own connection (kW).'),
              peakKw: z.number().describe('The member\'s highest consumption over the axis, simulated without control from its profile (the same for every strategy: members are not controlled one by one) (kW).'),
              acmUnusedKw: z.number().describe('ACM use-it-or-lose-it on the member\'s own connection: ownConnectionKw - peakKw, the capacity it left unused (kW; negative above its connection).'),
              acmUnderused: z.boolean().describe('ACM first criterion (Netcode art. 7.13): the member used 50% or less of its ownConnectionKw.'),
              acmUnusedAboveThreshold: z.boolean().describe('ACM second criterion: the member left at least 1 MW (connection.voltageLevel MV or HV below 110 kV; 10 MW from 110 kV) of its ownConnectionKw unused.'),
              acmReclaimableKw: z.number().describe('ACM: what the grid operator could reclaim of the member\'s own connection: acmUnusedKw (at least 0) when either criterion holds, else 0 (kW). Their sum is membersReclaimableKw.'),
            }),
          )
          .describe('The members behind the collective connection, each with ACM use-it-or-lose-it on its own connection (docs/contracts.md, section 5).'),
        valueOfLostLoadEurPerKwh: z
          .number()
          .describe('Input: the price unservedShedCostEur puts on lost shed load, the hub file\'s valueOfLostLoadEurPerKwh or its default (EUR/kWh).'),
        peakResolution: z
          .strictObject({
            axisStepMinutes: z.number().describe('Step length of the axis (min).'),
            demandStepMinutes: z.number().describe('Time resolution of the members\' consumption data: the longest step of any member\'s input (shipped shapes are hourly), at least the axis step (min).'),
            ptuMaximum: z
              .boolean()
              .describe('true when axis and consumption data both have 15-minute (or finer) steps: peaks, kWmax and cap checks are the PTU (15-minute) maxima Dutch tariffs and contracts use. false: hourly data or an hourly axis, no peaks within the hour; the PTU maximum can be higher.'),
            note: z.string().describe('The same in one sentence, as printed under the terminal table and in the report.'),
          })
          .describe('How finely the run knows its peaks.'),
        tariff: z
          .strictObject({
            operator: z.string().nullable().describe('Grid operator of the shipped rates (lower case); null for explicit rates only.'),
            year: z.number().int().nullable().describe('Tariff year of the shipped rates; null for explicit rates only.'),
            category: z.string().nullable().describe('The operator\'s tariff category for contractKw (e.g. MS); null for explicit rates only.'),
            contractKw: z.number().describe('Contracted transport capacity charged and used for the category: the highest firm import cap, or without a cap the uncontrolled coincident peak (kW).'),
            vastrechtEurPerYear: z.number().describe('Fixed transport fee (EUR/year).'),
            contractEurPerKwYear: z.number().describe('Per contracted kW per year (EUR/kW/year).'),
            kwmaxEurPerKwMonth: z.number().describe('Per kW of each billing month\'s highest import (EUR/kW/month).'),
            energyEurPerKwh: z.number().describe('Per kWh imported (EUR/kWh).'),
            source: z.string().describe('Where the rates come from.'),
          })
          .nullable()
          .describe('The transport tariff of the collective connection (the hub file\'s tariff block, priced in the tariff* metrics); null without one.'),
        filledSteps: z
          .array(FilledStepJson)
          .optional()
          .describe('Present when a profile file had intervals that were not in it: each file, how they were filled and how many.'),
      })
      .describe('The hub as it ran.'),
    metricUnits: z
      .strictObject(Object.fromEntries(METRICS.map((m) => [m.name, z.literal(m.unit).describe(`Unit of ${m.name}.`)])))
      .describe('The unit of every metric, by metric name.'),
    strategies: z
      .record(
        z.string(),
        z
          .strictObject({
            kind: z.enum(strategyKinds).describe('Kind of the strategy.'),
            foresight: z.enum(['causal', 'perfect']).describe('causal: decides from data before each step; perfect: a perfect-foresight bound no controller reaches.'),
            metrics: z
              .strictObject(Object.fromEntries(METRICS.map((m) => [m.name, z.number().nullable().describe(`${m.description} (${m.unit})`)])))
              .describe('Every metric of the run, by name (the columns of metrics.csv); null where it does not apply.'),
            diagnostics: z
              .strictObject({
                solverStatus: z.string().optional().describe('lp: the worst HiGHS model status over the solves ("optimal" when every solve was).'),
                solves: z.number().optional().describe('lp: number of LP solves (count).'),
                solveTimeS: z.number().optional().describe('lp, only with --timings: wall time of the solves (s); not deterministic.'),
                plans: z.number().optional().describe('mpc: number of daily plans made (count).'),
                forecastTrainYear: z.number().optional().describe('mpc with the forecast model in hubsim run: the year its forecaster was trained on (trainYear, default the latest earlier shipped year), never the year scored (year).'),
              })
              .optional()
              .describe('What a planner reports about its planning (lp, mpc).'),
          })
          .describe('One strategy\'s run.'),
      )
      .describe('Per strategy name (in run order), its kind and metrics.'),
    regret: z
      .array(
        z.strictObject({
          strategy: z.string().describe('perfect-foresight, mpc-model, mpc-last-week or mpc-yesterday.'),
          peakImportKw: z.number().describe('Highest grid import (kW).'),
          hoursAboveImportCap: z.number().describe('Time above the import cap (h).'),
          energyShedKwh: z.number().describe('Load shed (kWh).'),
          costEur: z.number().describe('kWmax at EUR 3/kW/month plus energy at day-ahead prices (EUR).'),
          extraPeakKw: z.number().describe('peakImportKw - that of perfect foresight (kW).'),
          extraCostEur: z.number().describe('costEur - that of perfect foresight (EUR). Perfect foresight here is the minimum-peak plan (optimal), a bound on peak import but not on cost: below 0 means cheaper than that plan.'),
          peakDay: z.number().int().describe('The UTC day of the axis (0 = the first) whose step sets peakImportKw (count). An MPC peak in the first 14 days rests on the days before the year (none, or --design-year\'s stand-in), and the table says so.'),
        }),
      )
      .optional()
      .describe('With --regret: perfect foresight against MPC with the model and the naive forecasts, battery only.'),
    provenance: ProvenanceJson.optional(),
  })
  .describe('results.json of `hubsim run`: the hub, the metric units and per strategy its metrics.');

export type RolloutResultsJson = z.infer<typeof RolloutResultsJson>;
export type RunResultsJson = z.infer<typeof RunResultsJson>;

/** The JSON Schema of a rollout's results.json (`hubsim schema --results`, schema/results.schema.json). */
export function rolloutResultsJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RolloutResultsJson, { io: 'output' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://hubsim.local/schema/results.json', title: 'hubsim rollout results.json' };
}

/** The JSON Schema of `hubsim run`'s results.json (`hubsim schema --run-results`, schema/run-results.schema.json). */
export function runResultsJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RunResultsJson, { io: 'output' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://hubsim.local/schema/run-results.json', title: 'hubsim run results.json' };
}

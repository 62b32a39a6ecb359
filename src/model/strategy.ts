import { z } from 'zod';

/** The default kWmax rate of the lp strategy and of a regret's tariff (EUR per kW per month), an assumption (kwmaxSource). */
export const DEFAULT_KWMAX_EUR_PER_KW_MONTH = 3;

/** The flex plan's default margin quantile (README, strategies: measured on flex-park). */
export const FLEX_MARGIN_QUANTILE = 0.98;

const name = z.string().min(1).optional().describe('Name in the outputs; default: the kind (with "+guard" when guarded). Unique per hub.');
/** A calendar year a controller may learn from (the range of the hub's axis year). */
const calendarYear = () => z.number().int().min(1996).max(2099);
/** A forecast's safety margin as a quantile of its own past errors: q in (0, 1), or null for none (default 0.9, or byDefault). */
const marginQuantile = (description: string, byDefault = 0.9) => z.number().gt(0).lt(1).nullable().default(byDefault).describe(description);
const guard = z
  .boolean()
  .default(false)
  .describe('Run congestion management after the battery: shed flexible load above the import cap, curtail PV and wind above the export cap.');

export const BaselineStrategy = z
  .strictObject({ kind: z.literal('baseline'), name })
  .describe('No control: the battery idles, nothing is shed or curtailed. Every reduction is measured against it.');

export const PeakShavingStrategy = z
  .strictObject({
    kind: z.literal('peak-shaving'),
    name,
    thresholdKw: z.number().nonnegative().optional().describe('Discharge when net import would exceed this (kW); recharge below it. Held as given (causal).'),
    thresholdFrom: z
      .enum(['online', 'design-year', 'hindsight'])
      .default('online')
      .describe(
        'Where the threshold comes from when thresholdKw is not given (docs: Strategies). online: each day the highest level the battery could have held on the windowDays days before (causal; without those days it learns for its first week; in a rollout it starts with the last windowDays days of the terrain\'s year before, as its meter recorded them, in a sweep with those of a year drawn before each synthetic year, so a terrain-year can differ from hubsim run of the same hub, which learns unless designYear is given). design-year: the highest level over designYear (in a rollout: the terrain\'s previous simulated year; in a sweep: the year drawn before each synthetic year), held all year (causal). hindsight: the highest level over the year it is scored on: a perfect-foresight bound.',
      ),
    designYear: calendarYear().optional().describe('In hubsim run, a year before the one scored (the hub on that year\'s axis; shipped profiles exist for 2019 and 2023): thresholdFrom design-year sizes on it; online starts with its last windowDays days in memory instead of learning its first week.'),
    windowDays: z.number().int().min(1).max(366).default(28).describe('thresholdFrom online: how many days before a day its threshold is sized on.'),
    marginShare: z.number().min(0).max(1).default(0.5).describe('thresholdFrom online: discharge only above each sized day\'s level raised by this share of the depth the battery shaved on that day (its highest net load minus its level); recharge below the level itself. A day heavier than the past ones then empties the battery less.'),
    thresholdQuantile: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe('Derive the threshold as this quantile of the year\'s own uncontrolled net import: sized with perfect foresight of the year it is scored on, so labelled "(bound)", though it is an in-sample figure, not an optimum.'),
    rechargeBelowShare: z
      .number()
      .gt(0)
      .max(1)
      .default(1)
      .describe('Two thresholds, as OpenEMS\'s peak shaver: discharge above the threshold, recharge only below this share of it, idle between; 1: one threshold.'),
    guard,
  })
  .describe('Rule-based peak shaving: discharge above a threshold, recharge below it.');

export const SelfConsumptionStrategy = z
  .strictObject({ kind: z.literal('self-consumption'), name, guard })
  .describe('Rule-based: charge from PV and wind surplus, discharge into the load.');

export const CongestionStrategy = z
  .strictObject({ kind: z.literal('congestion'), name })
  .describe('Congestion management without a battery: shed flexible load when import would exceed the cap, curtail PV and wind when export would exceed the export cap.');

export const OptimalStrategy = z
  .strictObject({ kind: z.literal('optimal'), name, guard })
  .describe('Perfect foresight: the exact lowest possible peak import with the battery over the whole axis, ending at least as full as it started.');

export const LpStrategy = z
  .strictObject({
    kind: z.literal('lp'),
    name,
    peakImportEurPerKw: z.number().min(0).default(0).describe('Weight of the highest import over each planning window (EUR per kW).'),
    peakExportEurPerKw: z.number().min(0).default(0).describe('Weight of the highest export over each planning window (EUR per kW).'),
    kwmaxEurPerKwMonth: z
      .number()
      .min(0)
      .optional()
      .describe(
        'Network tariff on the monthly maximum import, kWmax (EUR per kW per calendar month, Europe/Amsterdam; the maximum of the steps, on a 15-minute axis the PTU maximum). A peak already set in the month costs nothing to reach again. Default: the kWmax rate of the hub\'s tariff block, else 3.',
      ),
    kwmaxSource: z.string().default('Assumption: an MV kWmax tariff of a few EUR/kW/month; set the grid operator\'s current rate').describe('Where the kWmax rate comes from when neither kwmaxEurPerKwMonth nor the hub\'s tariff gives it.'),
    energyPrices: z
      .boolean()
      .default(true)
      .describe('Pay and earn the NL day-ahead price of each hour for imported and exported energy (shipped prices of the axis year, 2019 or 2023; another year takes the nearest, named in the provenance). With a tariff block, imported energy also pays its EUR/kWh transport rate either way.'),
    wearEurPerKwh: z.number().min(0).default(0.02).describe('Battery wear per kWh of throughput (charge + discharge), EUR/kWh.'),
    window: z
      .enum(['month', 'horizon'])
      .default('month')
      .describe('Solve per calendar month (fast; each month ends at least as full as it started) or the whole axis at once.'),
    capViolationEurPerKwh: z.number().min(0).default(1000).describe('Penalty per kWh above a cap, so caps hold wherever the battery can make them hold.'),
    guard,
  })
  .describe('Tariff-aware optimal dispatch: a linear program solved by HiGHS per month (or over the whole axis) with perfect foresight of demand, generation and prices.');

export const MpcStrategy = z
  .strictObject({
    kind: z.literal('mpc'),
    name,
    forecast: z
      .enum(['model', 'yesterday', 'last-week'])
      .default('model')
      .describe('The day-ahead net-load forecast it plans with: the trained model (forecast/), or a naive one (same hour yesterday or last week).'),
    trainYear: calendarYear()
      .optional()
      .describe(
        'forecast model, in hubsim run: the year its forecaster is trained on (the hub on that year\'s axis), before the year scored, so that it never learns from the year it controls; default the latest earlier year with shipped profiles (2019 for 2023). In a rollout the model of each weather year is trained on the other weather year.',
      ),
    designYear: calendarYear()
      .optional()
      .describe(
        'In hubsim run, a year before the one scored (the hub on that year\'s axis) whose last 14 UTC days MPC starts with in memory, a stand-in for the days measured before the year scored: its first week\'s forecasts read them (the model with their weather) and its margin starts from the misses of their own forecasts. Without it day 0 idles and days 1-6 plan on same hour yesterday with no margin. Rollouts and sweeps give every year the days before it instead.',
      ),
    horizonHours: z
      .union([z.literal(24), z.literal(48)])
      .default(24)
      .describe('Hours planned each day; the second day of a 48-hour plan uses the same-hour-last-week forecast (the model forecasts one day ahead).'),
    marginQuantile: marginQuantile(
      'Safety margin: plan on the forecast plus this quantile of its own errors (measured minus forecast net load) over every step of the days before the day planned, once a week of them is in; each forecast has its own. null plans on the forecast alone. Of 0.5-0.9, only 0.9 ranks MPC on the out-of-sample model at or below both naive forecasts in all 27 test cases (README, strategies).',
    ),
    guard: z.boolean().default(true).describe('Congestion management corrects what the forecast missed: shed above the import cap, curtail above the export cap.'),
  })
  .describe('Model-predictive control: every UTC midnight, plan the exact minimum peak over the next 24-48 h on the forecast plus a margin learned from its past errors, ending with the battery full, carrying the state of charge and the month\'s peak; execute it as a peak target on the measured load.');

export const FlexStrategy = z
  .strictObject({
    kind: z.literal('flex'),
    name,
    plan: z
      .enum(['forecast', 'perfect'])
      .default('forecast')
      .describe(
        'forecast (causal): each local day is planned on a forecast of its net load, in each step the higher of the day before and a week before at the same local clock time (what the reserve for the levels, the refill valley and the free steps for arbitrage rest on), each step acting on its measured load, at the levels of the online peak shaver (peak-shaving thresholdFrom online: sized on the 28 days before each day, discharging above the level raised by half the depth shaved, recharging below it; in a rollout starting with the last 28 days of the terrain\'s year before, in a sweep with those of a year drawn before each synthetic year, in hubsim run with those of designYear or else learning its first week; the first week\'s forecasts read the same days before). perfect: each day planned with that day\'s own net load and the level sized on the whole year scored (a perfect-foresight bound, labelled so; default name flex-perfect).',
      ),
    thresholdKw: z.number().nonnegative().optional().describe('Peak-shaving level (kW), held all year, lowered to the cap in force; default: the online peak shaver\'s levels (plan forecast) or the highest day level of the year scored (plan perfect).'),
    designYear: calendarYear().optional().describe('In hubsim run, plan forecast: a year before the one scored (the hub on that year\'s axis) whose last days the strategy starts with in memory instead of learning its first week: the online levels its last 28 days (as peak-shaving\'s designYear), the margin the forecast misses of those days, the forecast of the first week the days before it. Rollouts and sweeps give every year the days before it instead.'),
    marginQuantile: marginQuantile(
      'Plan forecast: the energy reserved for the levels rests on the forecast plus this quantile of its own misses (measured minus forecast net load) over every step of the 28 local days before the day planned, at least 0, so that arbitrage and bids do not sell what a day heavier than its forecast needs; the days before the run count where the run has them (a rollout\'s previous year, a sweep\'s drawn year before, designYear in hubsim run), else none until a week of misses is in. null: on the forecast alone.',
      FLEX_MARGIN_QUANTILE,
    ),
    gopacs: z.boolean().default(true).describe('Bid on GOPACS (with the hub\'s flexMarket.gopacs ladder) in congested steps.'),
    arbitrage: z.boolean().default(true).describe('Trade the day-ahead prices with what the battery has left (with the hub\'s flexMarket.arbitrage).'),
    guard: z.boolean().default(true).describe('Congestion management after the battery: shed above the cap in force, curtail above the export cap.'),
  })
  .describe(
    'Revenue stacking on one battery, in a declared priority: 1 the contract (firm, TBTR, TDTR, non-firm and CBC caps, import and export), 2 peak shaving, 3 GOPACS bids, 4 day-ahead arbitrage. Energy the higher uses need later in the local day is reserved first; arbitrage never trades in a step with a CBC block or call or a cleared GOPACS bid. Plans each day on the day-ahead prices and, by default, a forecast of its net load (plan); intraday GOPACS requests (flexMarket.gopacs.leadTimeHours) only from the moment they are known.',
  );

export const GridAwareStrategy = z
  .strictObject({
    kind: z.literal('grid-aware'),
    name,
    plan: z
      .enum(['day-ahead', 'joint'])
      .default('day-ahead')
      .describe(
        'day-ahead (causal): the grid operator forecasts the substation\'s load without hubs for each day from the week before and sends each hub the import level that leaves the substation at the lowest peak the hubs\' batteries together could hold on that forecast; the hub discharges above it and recharges only below it less its share of a recharge margin (marginQuantile), acting on its measured load, both levels at most its own import cap. joint: all hubs of a substation at once, the exact minimum of the substation\'s peak with every battery\'s own limits, knowing the year (a perfect-foresight bound; HiGHS), each battery recharging only under its hub\'s import cap.',
      ),
    marginQuantile: marginQuantile(
      'plan day-ahead: the recharge margin, this quantile of the grid operator\'s worst under-forecast (measured minus forecast substation load, kW) of each of the 28 days before the day signalled; the hubs together recharge only where the forecast leaves more than it below the day\'s level. null: recharge up to the level itself. Ignored by plan joint.',
    ),
    guard,
  })
  .describe('A battery that lowers its substation\'s coincident load (its own exchange plus the background and the other terrains) instead of its own peak. In rollouts and in sweeps of a rollout\'s terrains: a hub file does not describe its substation. Default name grid-aware (day-ahead) or grid-aware-joint.');

export const StrategySpec = z.discriminatedUnion('kind', [
  BaselineStrategy,
  PeakShavingStrategy,
  SelfConsumptionStrategy,
  CongestionStrategy,
  OptimalStrategy,
  LpStrategy,
  MpcStrategy,
  FlexStrategy,
  GridAwareStrategy,
]);
export type StrategySpec = z.infer<typeof StrategySpec>;

/** Whether a strategy kind remembers an earlier year in hubsim run (designYear): peak shaving, MPC and flex (its peak shaver's levels). */
export const takesDesignYear = (kind: string): boolean => kind === 'peak-shaving' || kind === 'mpc' || kind === 'flex';

/** The designYear a strategy remembers, when its kind takes one and it has one. */
export const designYearOf = (spec: StrategySpec): number | undefined => (spec.kind === 'peak-shaving' || spec.kind === 'mpc' || spec.kind === 'flex' ? spec.designYear : undefined);
export type StrategyKind = StrategySpec['kind'];

/**
 * Whether a strategy decides from data a controller has (causal) or from the year it is scored on
 * (perfect: a bound no controller reaches, labelled so wherever it is printed): optimal and lp plan
 * the whole axis with the real load; flex with plan perfect each day with its real load; peak shaving
 * is a bound when its threshold is sized in hindsight or as a quantile of the year itself; grid-aware
 * when it plans the substation jointly over the year.
 */
export type Foresight = 'causal' | 'perfect';

export function foresight(spec: StrategySpec): Foresight {
  switch (spec.kind) {
    case 'optimal':
    case 'lp':
      return 'perfect';
    case 'flex':
      return spec.plan === 'perfect' ? 'perfect' : 'causal';
    case 'peak-shaving':
      return spec.thresholdKw === undefined && (spec.thresholdFrom === 'hindsight' || spec.thresholdQuantile !== undefined) ? 'perfect' : 'causal';
    case 'grid-aware':
      return spec.plan === 'joint' ? 'perfect' : 'causal';
    default:
      return 'causal';
  }
}

/**
 * The settings a strategy has (with their defaults) but does not read, so that what results.json lists
 * as its assumptions is what it ran on: a peak shaver with a given or quantile threshold reads neither
 * where a threshold comes from nor an online window and margin; one sized on a design year or in
 * hindsight no online window or margin, and in hindsight no design year; the joint grid-aware plan no
 * recharge margin (it knows the year).
 */
export function settingsIgnored(spec: StrategySpec): ReadonlySet<string> {
  if (spec.kind === 'peak-shaving') {
    if (spec.thresholdKw !== undefined || spec.thresholdQuantile !== undefined) return new Set(['thresholdFrom', 'windowDays', 'marginShare', 'designYear']);
    if (spec.thresholdFrom === 'hindsight') return new Set(['windowDays', 'marginShare', 'designYear']);
    if (spec.thresholdFrom === 'design-year') return new Set(['windowDays', 'marginShare']);
  }
  if (spec.kind === 'grid-aware' && spec.plan === 'joint') return new Set(['marginQuantile']);
  if (spec.kind === 'flex' && spec.plan === 'perfect') return new Set(['designYear', 'marginQuantile']);
  return new Set();
}

/** The strategy's name in outputs. */
export function strategyName(spec: StrategySpec): string {
  if (spec.name !== undefined) return spec.name;
  const kind = spec.kind === 'grid-aware' && spec.plan === 'joint' ? 'grid-aware-joint' : spec.kind === 'flex' && spec.plan === 'perfect' ? 'flex-perfect' : spec.kind;
  return 'guard' in spec && spec.guard ? `${kind}+guard` : kind;
}

/**
 * The file-name form of a strategy name (series-<this>.csv): characters other than letters, digits,
 * dot, dash and underscore become one underscore. Two names of one hub must not share it, in any
 * letter case (a case-insensitive disk would merge them too): checks.ts refuses that.
 */
export function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}

import { addSettlement } from '../economics/imbalance.js';
import { connectionTransportCostEur } from '../economics/transport-cost.js';
import { transportTariff, type Dso } from '../profiles/transport-tariffs.js';
import type { RunRecord } from '../engine/simulate.js';
import { lowestKw, type ResolvedHub } from '../model/resolved.js';
import { computeMetrics, metricsNamed, type Metrics } from '../results/metrics.js';
import { TERRAIN_YEAR_METRICS } from './task.js';

/*
 * What the rollout takes from one terrain's run beyond its metrics (docs/economics.md sections 4
 * and 6), and what the terrain's companies would pay and settle without a hub.
 */

/** The hub's firm import cap per step (kW): the contract's firm cap, or the connection's cap. */
export function firmImportCap(hub: ResolvedHub): Float64Array {
  return hub.contract?.firmImportCapKw ?? hub.importCapKw;
}

/**
 * The highest finite firm import cap (kW): the capacity the hub holds; null when it has none. Found
 * once per cap column, as every run of a hub asks for it: a rollout's cap columns (its terrains' as
 * resolved, and the raised caps of granted capacity) are made once and never written after.
 */
export function contractedImportKw(hub: ResolvedHub): number | null {
  const caps = firmImportCap(hub);
  let held = heldKw.get(caps);
  if (held === undefined) heldKw.set(caps, (held = highestFinite(caps)));
  return held;
}

const heldKw = new WeakMap<Float64Array, number | null>();

function highestFinite(caps: Float64Array): number | null {
  let high = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < caps.length; t++) if (Number.isFinite(caps[t]) && caps[t] > high) high = caps[t];
  return high === Number.NEGATIVE_INFINITY ? null : high;
}

/** Money and context a run's figures need. */
export interface FigureInputs {
  /** Day-ahead price of each step (EUR/MWh). */
  readonly prices: Float64Array;
  /** Imbalance price minus day-ahead price of each step (EUR/MWh). */
  readonly spread: Float64Array;
  /** Fixed value of curtailed energy (EUR/MWh), or undefined for the day-ahead price. */
  readonly curtailmentPriceEurPerMwh: number | undefined;
  readonly forecastLagSteps: number;
  /** Europe/Amsterdam month of each step (localMonthKey). */
  readonly monthKey: Int32Array;
  readonly dso: Dso;
  readonly year: number;
}

/** The metrics a run's figures hold: those a terrain-year row keeps (the means of them). */
const KEPT_METRICS = metricsNamed(TERRAIN_YEAR_METRICS);

/** One run's figures. */
export interface RunFigures {
  /** The run's TERRAIN_YEAR_METRICS. */
  readonly metrics: Metrics;
  readonly peakImportKw: number;
  /** PV and wind lost: curtailed, or exported above the export cap (kWh), and its value (EUR). */
  readonly lostGenerationKwh: number;
  readonly curtailmentCostEur: number;
  /** Import above the firm cap in force (the granted cap), kWh and h. */
  readonly aboveCapKwh: number;
  readonly aboveCapHours: number;
  /** The hub settling its grid exchange: forecast-error volume (kWh) and cost (EUR). */
  readonly hubErrorKwh: number;
  readonly hubImbalanceEur: number;
  /** The collective connection's transport tariff for the year for the capacity its load needs (EUR), and the contract cost of the cap it holds (EUR). */
  readonly collectiveTariffEur: number;
  readonly collectiveContractEur: number;
}

/** runSums' results (see RUN_SUMS), and the last month it filled. */
const RUN_SUMS = new Float64Array(6);
const MONTH_MAX = new Float64Array(14);
const MONTHS = new Int32Array(1);

/** A run and the two columns of its steps the rollout reads: the grid exchange and the generation curtailed (kW). */
export interface RunColumns {
  readonly run: RunRecord;
  readonly gridKw: Float64Array;
  readonly curtailedKw: Float64Array;
}

/** The figures of one run of `hub` (its caps the granted ones). */
export function runFigures(hub: ResolvedHub, { run, gridKw: grid, curtailedKw }: RunColumns, inputs: FigureInputs): RunFigures {
  const dt = hub.axis.stepHours;
  const metrics = computeMetrics(hub, run, KEPT_METRICS);
  const { prices, spread, monthKey } = inputs;
  runSums(hub, run, grid, curtailedKw, prices, spread, monthKey, inputs.curtailmentPriceEurPerMwh, inputs.forecastLagSteps);
  const peakImportKw = metrics.peakImportKw ?? 0;
  // The tariff of the capacity the load needs, as alone (a hub short of capacity is charged as if it
  // held what it needs), so that the two compare the same load; the contract cost is of what it holds.
  const heldKw = contractedImportKw(hub) ?? peakImportKw;
  const contractKw = Math.max(heldKw, peakImportKw);
  const rates = transportTariff(inputs.dso, inputs.year, contractKw);
  const tariff = connectionTransportCostEur(rates, contractKw, MONTH_MAX.subarray(0, MONTHS[0] + 1));
  return {
    metrics,
    peakImportKw,
    lostGenerationKwh: RUN_SUMS[0] * dt,
    curtailmentCostEur: (RUN_SUMS[1] * dt) / 1000,
    aboveCapKwh: RUN_SUMS[2] * dt,
    aboveCapHours: RUN_SUMS[3] * dt,
    hubImbalanceEur: (RUN_SUMS[4] * dt) / 1000,
    hubErrorKwh: RUN_SUMS[5] * dt,
    collectiveTariffEur: tariff.totalEur,
    collectiveContractEur: heldKw * rates.contractEurPerKwYear,
  };
}

/**
 * Into RUN_SUMS, per step (kW; kW x EUR/MWh; the caller multiplies by the step length): [0] PV and
 * wind lost (curtailed, or exported above the export cap, which the grid operator curtails); [1] its
 * value at the day-ahead price of its hour (or the fixed price); [2] import above the firm cap and
 * [3] the number of such steps; [4] the imbalance settlement of the exchange against its naive
 * forecast and [5] its forecast-error volume (imbalance.ts); into MONTH_MAX the highest import of each
 * local month billed, and into MONTHS[0] the number of the last month filled (-1: none).
 *
 * A run that curtailed nothing and never exported more than its lowest export cap lost no generation,
 * and one whose peak import is at most its lowest firm cap imported nothing above it: the run's own
 * sums (its curtailed energy, its peaks) say so, and those sums are then 0 without reading the steps.
 */
function runSums(hub: ResolvedHub, run: RunRecord, gridKw: Float64Array, curtailedKw: Float64Array, prices: Float64Array, spread: Float64Array, monthKey: Int32Array, fixed: number | undefined, lag: number): void {
  const { curtailedKwh, peakExportKw, peakImportKw } = run.balance;
  RUN_SUMS.fill(0);
  if (curtailedKwh !== 0 || peakExportKw > lowestOf(hub.exportCapKw)) lostSums(gridKw, curtailedKw, hub.exportCapKw, prices, fixed, RUN_SUMS);
  const capKw = firmImportCap(hub);
  const lowestCapKw = capKw === hub.importCapKw ? hub.importCapLowestKw : lowestOf(capKw);
  if (peakImportKw > lowestCapKw) aboveSums(gridKw, capKw, RUN_SUMS);
  settlementSums(gridKw, spread, monthKey, billedMonthsEnd(monthKey), lag, RUN_SUMS, MONTH_MAX, MONTHS);
}

/** The lowest value of a cap column, found once per column (a rollout's caps are made once and never written after). */
function lowestOf(caps: Float64Array): number {
  let low = lowestCap.get(caps);
  if (low === undefined) lowestCap.set(caps, (low = lowestKw(caps)));
  return low;
}

const lowestCap = new WeakMap<Float64Array, number>();

/** Generation lost per step into out[0] (kW x steps) and its value into out[1]. */
function lostSums(gridKw: Float64Array, curtailedKw: Float64Array, exportCapKw: Float64Array, prices: Float64Array, fixed: number | undefined, out: Float64Array): void {
  let lostKwh = 0;
  let lostEur = 0;
  for (let t = 0; t < gridKw.length; t++) {
    const overExport = -gridKw[t] - exportCapKw[t];
    const lost = curtailedKw[t] + (overExport > 0 ? overExport : 0);
    if (lost > 0) {
      lostKwh += lost;
      lostEur += lost * (fixed ?? prices[t]);
    }
  }
  out[0] = lostKwh;
  out[1] = lostEur;
}

/** Import above the firm cap into out[2] (kW x steps) and the number of such steps into out[3]. */
function aboveSums(gridKw: Float64Array, capKw: Float64Array, out: Float64Array): void {
  let aboveKwh = 0;
  let aboveSteps = 0;
  for (let t = 0; t < gridKw.length; t++) {
    const over = gridKw[t] - capKw[t];
    if (over > 1e-9) {
      aboveKwh += over;
      aboveSteps++;
    }
  }
  out[2] = aboveKwh;
  out[3] = aboveSteps;
}

/**
 * The settlement of the exchange against its naive forecast into out[4] and its error volume into
 * out[5]; the highest import of each local month billed (before `lastKey`) into `monthMax`, kept up
 * to date as the month goes, and the number of the last month filled (-1: none) into months[0].
 */
function settlementSums(gridKw: Float64Array, spread: Float64Array, monthKey: Int32Array, lastKey: number, lag: number, out: Float64Array, monthMax: Float64Array, months: Int32Array): void {
  let cost = 0;
  let error = 0;
  let month = -1;
  let billed = false;
  let high = 0;
  let key = monthKey.length > 0 ? monthKey[0] - 1 : 0;
  for (let t = 0; t < gridKw.length; t++) {
    const g = gridKw[t];
    if (t >= lag) {
      const e = g - gridKw[t - lag];
      cost += e * spread[t];
      error += Math.abs(e);
    }
    // A billed month's highest import so far is `high`, and monthMax holds it.
    if (monthKey[t] !== key) {
      key = monthKey[t];
      billed = key < lastKey;
      if (billed) {
        month++;
        high = 0;
        monthMax[month] = 0;
      }
    }
    if (g > high) {
      high = g;
      if (billed) monthMax[month] = g;
    }
  }
  months[0] = month;
  out[4] = cost;
  out[5] = error;
}

/** A terrain's companies without a hub, in one year and weather year. */
export interface AloneFigures {
  /** Forecast-error volume of every member and the generation, each settling alone (kWh). */
  readonly errorKwh: number;
  readonly imbalanceEur: number;
  /** Each member's transport tariff on its own connection, contracting max(ownConnectionKw, own peak) (EUR), and its contracted-kW part. */
  readonly tariffEur: number;
  readonly contractEur: number;
}

/**
 * What the companies of a hub as described settle and peak at on their own, per member, in one weather
 * year. A member grown by a factor f has f times its demand in every step, so f times its forecast
 * error, settlement and monthly maxima (a naive forecast scales with it): a later year is these scaled.
 */
export interface AloneBase {
  readonly members: readonly { readonly kind: string; readonly ownConnectionKw: number; readonly errorKwh: number; readonly imbalanceEur: number; readonly monthMaxKw: Float64Array }[];
  /** The generation as one party (it does not grow). */
  readonly generation: { readonly errorKwh: number; readonly imbalanceEur: number };
}

const SETTLE = new Float64Array(2);

/** The members' and the generation's own settlement and monthly maxima, of the hub as described. */
export function aloneBase(hub: ResolvedHub, inputs: Pick<FigureInputs, 'forecastLagSteps' | 'spread' | 'monthKey'>): AloneBase {
  const dt = hub.axis.stepHours;
  const members = hub.members.map((m) => {
    SETTLE.fill(0);
    addSettlement(m.demandKw, 1, inputs.forecastLagSteps, inputs.spread, dt, SETTLE);
    const months = monthMaxInto(m.demandKw, inputs.monthKey, MONTH_MAX);
    return { kind: m.kind, ownConnectionKw: m.ownConnectionKw, errorKwh: SETTLE[1], imbalanceEur: SETTLE[0], monthMaxKw: MONTH_MAX.slice(0, months) };
  });
  SETTLE.fill(0);
  if (anyPositive(hub.generationKw)) addSettlement(hub.generationKw, -1, inputs.forecastLagSteps, inputs.spread, dt, SETTLE);
  return { members, generation: { errorKwh: SETTLE[1], imbalanceEur: SETTLE[0] } };
}

/** Imbalance and transport tariffs of the members each on their own in a year whose growth factor of a member kind is factorOf(kind) (the generation pays no offtake tariff). */
export function aloneFigures(base: AloneBase, factorOf: (kind: string) => number, inputs: Pick<FigureInputs, 'dso' | 'year'>): AloneFigures {
  let errorKwh = base.generation.errorKwh;
  let imbalanceEur = base.generation.imbalanceEur;
  let tariffEur = 0;
  let contractEur = 0;
  for (const m of base.members) {
    const f = factorOf(m.kind);
    errorKwh += f * m.errorKwh;
    imbalanceEur += f * m.imbalanceEur;
    const maxima = new Float64Array(m.monthMaxKw.length);
    for (let j = 0; j < maxima.length; j++) maxima[j] = m.monthMaxKw[j] * f;
    // Its own connection as built, or its grown peak where that is higher (docs/economics.md, transport tariffs).
    let contractKw = m.ownConnectionKw;
    for (const x of maxima) if (x > contractKw) contractKw = x;
    const cost = connectionTransportCostEur(transportTariff(inputs.dso, inputs.year, contractKw), contractKw, maxima);
    tariffEur += cost.totalEur;
    contractEur += cost.contractEur;
  }
  return { errorKwh, imbalanceEur, tariffEur, contractEur };
}

/** The highest value (>= 0) of each Europe/Amsterdam month of the axis into `out`, in month order; returns the number of months. */
function monthMaxInto(kw: Float64Array, monthKey: Int32Array, out: Float64Array): number {
  monthMaxLoop(kw, monthKey, billedMonthsEnd(monthKey), out, MONTHS);
  return MONTHS[0] + 1;
}

/** monthMaxInto's pass: the number of the last month filled (-1: none) into months[0]. */
function monthMaxLoop(kw: Float64Array, monthKey: Int32Array, lastKey: number, out: Float64Array, months: Int32Array): void {
  let month = -1;
  let key = monthKey.length > 0 ? monthKey[0] - 1 : 0;
  for (let t = 0; t < kw.length; t++) {
    if (monthKey[t] !== key) {
      key = monthKey[t];
      if (key >= lastKey) break;
      out[++month] = 0;
    }
    if (kw[t] > out[month]) out[month] = kw[t];
  }
  months[0] = month;
}

/**
 * The month key after the last billed month: a UTC year's axis ends in the first local hour of the next
 * year (January 1st, 00:00-01:00 Europe/Amsterdam), which is not billed as a thirteenth month.
 */
function billedMonthsEnd(monthKey: Int32Array): number {
  return monthKey.length === 0 ? 0 : (Math.floor(monthKey[0] / 12) + 1) * 12;
}

/** Whether any value of a column is above 0. */
function anyPositive(values: Float64Array): boolean {
  for (let t = 0; t < values.length; t++) if (values[t] > 0) return true;
  return false;
}

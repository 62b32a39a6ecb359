import { netLoadOf } from '../model/net-load.js';
import { addInto } from '../columns.js';
import { grownHub } from '../rollout/grow.js';
import { Battery } from '../model/battery.js';
import type { LoadedHub } from '../model/load.js';
import { resolveHub } from '../model/resolve.js';
import { hubOf, type BatteryParams, type ResolvedFlexibleLoad, type ResolvedHub } from '../model/resolved.js';
import type { HubTariff } from '../model/tariff.js';
import { billingMonths } from '../economics/hub-tariff.js';
import { hubTariffRates, RATE_NOT_GIVEN, TARIFF_RATES, type HubTariffRates, type RateOrigins, type TariffRate } from '../model/tariff-rates.js';
import { DEFAULT_KWMAX_EUR_PER_KW_MONTH } from '../model/strategy.js';
import { alignToAxis } from '../profiles/align.js';
import { findShipped, loadShipped } from '../profiles/catalogue.js';
import { dayAheadPrices, dayAheadProfile } from '../profiles/prices.js';
import { yearAxis } from '../time/axis.js';
import { concatenate, copyRuns, drawRuns } from '../weather/apply.js';
import { dayKeys, type DayKeys } from '../weather/day-keys.js';
import { drawWeatherYear, type WeatherDraw } from '../weather/draw.js';
import type { WeatherColumns } from '../forecast/features.js';
import { configurations, type Configuration } from './configurations.js';
import { drawRememberedDays, rememberedDaysOf, type RememberedDays } from './year-before.js';
import { DrawForecasts, sourceWeather, subjectModel, sweepNeedsModel, type SubjectModel } from './forecasts.js';
import type { LoadedSweep, SweepSubject, SweepSubstation } from './load.js';
import { threadWorkspace, type Workspace } from '../run/workspace.js';
import { isRecord } from '../record.js';

/** The columns of one real year (or of one synthetic year) that a draw resamples. */
export interface YearColumns {
  readonly demandKw: Float64Array;
  /** PV output per kWp (kW/kWp). */
  readonly pvPerKwp: Float64Array;
  readonly windKw: Float64Array;
  readonly flexibleKw: readonly Float64Array[];
  /** Day-ahead prices, EUR/MWh. */
  readonly prices: Float64Array;
  /**
   * The rest of the substation's load (kW): its background plus the other terrains' net load, none
   * of them controlled; null for a hub file (no substation). Drawn with the same days as the hub's
   * own columns, so the weather of the substation and the hub coincide.
   */
  readonly substationOtherKw: Float64Array | null;
}

/**
 * One synthetic year of a subject, as its hubs run on it: which source steps it takes, and the
 * columns a run reads step by step, copied once per draw. PV, prices and the substation's other load
 * are read through the runs from the joined columns by the pass that needs them (configuredHub,
 * run-batch.ts), not copied.
 */
export interface DrawnYear {
  /**
   * drawRuns of the draw over the joined columns: run r takes runs[3r + 2] steps from source step
   * runs[3r + 1] on into the year from step runs[3r]; count runs, in the year's order.
   */
  runs: Int32Array;
  count: number;
  /** Views of the synthetic year in the joined columns. */
  readonly demandKw: Float64Array;
  /** All zero, never copied, when the subject has no wind in any source year. */
  readonly windKw: Float64Array;
  readonly flexibleKw: readonly Float64Array[];
  /** The rest of the substation on the drawn days, for a strategy that plans against it (grid-aware); null otherwise. */
  readonly substationOtherKw: Float64Array | null;
}

/** A subject ready to run: its hub on the calendar year, its real years' columns and its configurations. */
export interface PreparedSubject {
  readonly id: string;
  /** The hub on the calendar year (real): axis, caps, day index, members, flexible budgets. */
  readonly base: ResolvedHub;
  readonly sources: readonly YearColumns[];
  /** The real calendar year's columns (one of sources when the calendar year is a source year). */
  readonly calendar: YearColumns;
  readonly configurations: readonly Configuration[];
  readonly peakKw: number;
  readonly asBuiltKwp: number;
  /** Battery limits as fractions and efficiencies, for the sizes tried. */
  readonly batteryTemplate: Omit<Battery, 'energyKwh'>;
  /** Billing month of each step of the calendar year (economics/hub-tariff.ts billingMonths; -1: not billed). */
  readonly billingMonths: Int32Array;
  readonly stepsPerDay: number;
  /** The transport tariff of a configuration: the category of its contracted kW (sweepTariff). */
  readonly tariffOf: (c: Configuration) => HubTariffRates;
}

/** A prepared subject as a thread runs it on synthetic years (SweepContext.subject). */
export interface DrawableSubject extends PreparedSubject {
  /**
   * The source years' columns laid end to end (see drawRuns), from each year's offset; those a run
   * copies per draw (DrawnYear) with room for one synthetic year after them from drawnStart.
   */
  readonly joined: YearColumns;
  readonly offsets: readonly number[];
  readonly drawnStart: number;
  /** The current draw, overwritten by the next (SweepContext.drawnColumns). */
  readonly drawn: DrawnYear;
  /**
   * The PV of the as-built kWp (kW) and the generation with it (PV + wind; null without wind: the
   * generation is the PV), joined as scaledGeneration makes them, with room for a synthetic year from
   * drawnStart: a configuration with the PV as built copies their runs (configuredHub) instead of
   * working out every step again.
   */
  readonly pvAsBuiltKw: Float64Array;
  readonly generationAsBuiltKw: Float64Array | null;
  /** The hub's flexible loads on the drawn columns: the same objects for every draw. */
  readonly drawnFlexible: readonly ResolvedFlexibleLoad[];
  /** Whether a source year has wind output (else the drawn wind stays all zero). */
  readonly windy: boolean;
  /** The days before the drawn year its strategies remember (year-before.ts); null when none does. */
  readonly daysBefore: RememberedDays | null;
}

/** A subject's transport tariff block in a sweep, and where each of its rates was given. */
export interface SweepTariff {
  readonly block: HubTariff;
  readonly origins: RateOrigins;
}

/**
 * The tariff block a subject's configurations pay: the sweep's economics.tariff, else the hub file's
 * tariff block, with the sweep's explicit kwmaxEurPerKwMonth and contractEurPerKwYear replacing its
 * rates; without an operator, a kWmax rate no one gives is the default (an assumption, docs/sources.md)
 * and a contract rate no one gives is 0. Each rate's origin names the file and field it came from;
 * `written` is the sweep file's economics as written: a kwmaxSource or contractSource it sets is the
 * source of its rate.
 */
export function sweepTariff(economics: LoadedSweep['sweep']['economics'], hubTariff: HubTariff | undefined, written?: unknown): SweepTariff {
  const block: HubTariff = { ...(economics.tariff ?? hubTariff ?? {}) };
  const blockOrigin = economics.tariff !== undefined ? (economics.tariff.source ?? "the sweep file's economics.tariff") : (hubTariff?.source ?? "the hub file's tariff block");
  const origins: RateOrigins = {};
  for (const rate of TARIFF_RATES) if (block[rate] !== undefined) origins[rate] = blockOrigin;
  const sets = (key: string): boolean => isRecord(written) && key in written;
  if (economics.kwmaxEurPerKwMonth !== undefined) {
    block.kwmaxEurPerKwMonth = economics.kwmaxEurPerKwMonth;
    origins.kwmaxEurPerKwMonth = sets('kwmaxSource') ? economics.kwmaxSource : "the sweep file's economics.kwmaxEurPerKwMonth";
  }
  if (economics.contractEurPerKwYear !== undefined) {
    block.contractEurPerKwYear = economics.contractEurPerKwYear;
    origins.contractEurPerKwYear = sets('contractSource') ? economics.contractSource : "the sweep file's economics.contractEurPerKwYear";
  }
  if (block.operator === undefined) {
    if (block.kwmaxEurPerKwMonth === undefined) {
      block.kwmaxEurPerKwMonth = DEFAULT_KWMAX_EUR_PER_KW_MONTH;
      origins.kwmaxEurPerKwMonth = economics.kwmaxSource;
    }
    if (block.contractEurPerKwYear === undefined) {
      block.contractEurPerKwYear = RATE_NOT_GIVEN;
      origins.contractEurPerKwYear = economics.contractSource;
    }
  }
  return { block, origins };
}

/**
 * Where the kWmax and contract rates the configurations paid came from, as results.json states them
 * in place of kwmaxSource and contractSource: the origin sweepTariff gives (the shipped table when
 * an operator's rate is not replaced), one per terrain when the terrains' hub files differ.
 */
export function sweepRateSources(loaded: LoadedSweep): { kwmaxSource: string; contractSource: string } {
  const { economics } = loaded.sweep;
  const tariffs = loaded.subjects.map((s) => sweepTariff(economics, s.loaded.hub.tariff, writtenEconomics(loaded)));
  const of = (rate: TariffRate): string => {
    const origins = [...new Set(tariffs.map((t) => t.origins[rate] ?? "the shipped tariff table (each row's tariff.source names the sheet)"))];
    return origins.length === 1 ? origins[0] : `per terrain (each row's tariff.source): ${origins.join('; or ')}`;
  };
  return { kwmaxSource: of('kwmaxEurPerKwMonth'), contractSource: of('contractEurPerKwYear') };
}

/** The sweep file's economics as written (before defaults). */
function writtenEconomics(loaded: LoadedSweep): unknown {
  return isRecord(loaded.raw) ? loaded.raw.economics : undefined;
}

function subjectYear(subject: SweepSubject, year: number): ResolvedHub {
  const { hub, source } = subject.loaded;
  const resolved = resolveHub({ hub: { ...hub, axis: { stepMinutes: hub.axis.stepMinutes, year } }, source });
  return grownHub(resolved, subject.factorOf);
}

function yearColumns(years: TerrainYears, subject: SweepSubject, hub: ResolvedHub, year: number): YearColumns {
  const spec = subject.loaded.hub;
  let pvPerKwp: Float64Array;
  if (spec.pv !== undefined && spec.pv.kwp > 0) pvPerKwp = hub.pvKw.map((x) => x / spec.pv!.kwp);
  else pvPerKwp = alignToAxis(loadShipped(findShipped('pv-roof', year, 'pv')), hub.axis);
  return {
    demandKw: hub.demandKw,
    pvPerKwp,
    windKw: hub.windKw,
    flexibleKw: hub.flexible.map((f) => f.availableKw),
    prices: pricesOf(year, hub.axis.stepHours * 60),
    substationOtherKw: subject.substation === null ? null : substationOther(years, subject.substation, year, hub.axis.stepHours * 60),
  };
}

/**
 * A terrain's substation besides the terrain, in a real year: the background load of the sweep year
 * plus every other terrain of the substation as grown to the sweep year, uncontrolled (baseline: its
 * grid exchange is its net load, demand - PV - wind), kW per step.
 */
function substationOther(years: TerrainYears, substation: SweepSubstation, year: number, stepMinutes: number): Float64Array {
  const out = substation.backgroundKw(year, stepMinutes).slice();
  for (const other of substation.others) addInto(years.net(other, year), out);
  return out;
}

/**
 * The terrains' real years as one thread resolves them, each once: a swept terrain is resolved for
 * its own columns (prepareSubject) and is the neighbour of every other swept terrain of its
 * substation, which needs its uncontrolled net load (demand - PV - wind). The net load is kept per
 * terrain and year; a swept terrain's year resolved first as a neighbour is kept until its own
 * preparation takes it. A sweep has one demand growth (load.ts), so a terrain is the same hub as
 * subject and as neighbour.
 */
export class TerrainYears {
  private readonly nets = new Map<LoadedHub, Map<number, Float64Array>>();
  private readonly kept = new Map<LoadedHub, Map<number, ResolvedHub>>();
  private readonly subjectIndex = new Map<LoadedHub, number>();

  constructor(loaded: LoadedSweep) {
    loaded.subjects.forEach((s, i) => this.subjectIndex.set(s.loaded, i));
  }

  /** Subject `index`'s hub in a real year (grown to the sweep year). */
  hub(index: number, subject: SweepSubject, year: number): ResolvedHub {
    // Subjects are prepared in batch order: a terrain before this one whose year is still kept will
    // most likely not be prepared by this thread.
    for (const [terrain, i] of this.subjectIndex) if (i < index) this.kept.delete(terrain);
    const byYear = this.kept.get(subject.loaded);
    const kept = byYear?.get(year);
    if (kept !== undefined) {
      byYear!.delete(year);
      return kept;
    }
    const hub = subjectYear(subject, year);
    if (!this.netsOf(subject.loaded).has(year)) this.netsOf(subject.loaded).set(year, netLoadOf(hub));
    return hub;
  }

  /** A neighbour's net load in a real year, uncontrolled (kW; read-only). */
  net(other: SweepSubject, year: number): Float64Array {
    const byYear = this.netsOf(other.loaded);
    let net = byYear.get(year);
    if (net === undefined) {
      const hub = subjectYear(other, year);
      byYear.set(year, (net = netLoadOf(hub)));
      if (this.subjectIndex.has(other.loaded)) {
        let kept = this.kept.get(other.loaded);
        if (kept === undefined) this.kept.set(other.loaded, (kept = new Map()));
        kept.set(year, hub);
      }
    }
    return net;
  }

  private netsOf(terrain: LoadedHub): Map<number, Float64Array> {
    let byYear = this.nets.get(terrain);
    if (byYear === undefined) this.nets.set(terrain, (byYear = new Map()));
    return byYear;
  }
}

// Prices and billing months are the same for every subject of a year: computed once per thread.
const prices = new Map<string, Float64Array>();
const months = new Map<string, Int32Array>();
function pricesOf(year: number, stepMinutes: number): Float64Array {
  const key = `${year}/${stepMinutes}`;
  let p = prices.get(key);
  if (p === undefined) prices.set(key, (p = dayAheadPrices(yearAxis(year, stepMinutes))));
  else dayAheadProfile(year); // recorded as used by this sweep (its provenance), though computed before
  return p;
}
function billingMonthsOf(axis: ResolvedHub['axis']): Int32Array {
  const key = `${axis.startMs}/${axis.stepHours}/${axis.steps}`;
  let m = months.get(key);
  if (m === undefined) months.set(key, (m = billingMonths(axis)));
  return m;
}

/**
 * Resolve subject `index` on the calendar year and on every source year (reads the profiles it
 * needs), its terrains' years resolved once per thread by `years`.
 */
export function prepareSubject(loaded: LoadedSweep, index: number, years: TerrainYears): PreparedSubject {
  const subject = loaded.subjects[index];
  const { draws } = loaded.sweep;
  const base = years.hub(index, subject, draws.calendarYear);
  const sources = draws.sourceYears.map((y) => yearColumns(years, subject, y === draws.calendarYear ? base : years.hub(index, subject, y), y));
  const calendarIndex = draws.sourceYears.indexOf(draws.calendarYear);
  const calendar = calendarIndex >= 0 ? sources[calendarIndex] : yearColumns(years, subject, base, draws.calendarYear);
  const peakKw = highestNetLoad(base);
  const own = subject.loaded.hub.battery;
  const batteryTemplate = Battery.parse({ ...(own ?? {}), ...(loaded.sweep.grid.battery?.template ?? {}), energyKwh: 1 });
  return {
    id: subject.id,
    base,
    sources,
    calendar,
    configurations: configurations(loaded.sweep, { peakKw }),
    peakKw,
    asBuiltKwp: subject.loaded.hub.pv?.kwp ?? 0,
    batteryTemplate,
    billingMonths: billingMonthsOf(base.axis),
    stepsPerDay: Math.round(24 / base.axis.stepHours),
    tariffOf: configurationTariffs(sweepTariff(loaded.sweep.economics, subject.loaded.hub.tariff, writtenEconomics(loaded)), base, peakKw),
  };
}

/** The highest net load demand - generation of a hub's year (kW), at least 0. */
function highestNetLoad(hub: ResolvedHub): number {
  let peakKw = 0;
  for (let t = 0; t < hub.axis.steps; t++) peakKw = Math.max(peakKw, hub.demandKw[t] - hub.generationKw[t]);
  return peakKw;
}

/** A prepared subject's source years joined for the draws (DrawableSubject), in a thread that runs it. */
function drawableSubject(p: PreparedSubject): DrawableSubject {
  const sources = p.sources;
  const n = p.base.axis.steps;
  // grid-aware plans against the substation's other load step by step (strategies/registry.ts prepareSubstation).
  const plansAgainstSubstation = p.configurations.some((c) => c.strategy.kind === 'grid-aware');
  const join = (pick: (y: YearColumns) => Float64Array, copied: boolean): Float64Array => concatenate(sources.map(pick), copied ? n : 0);
  const joined: YearColumns = {
    demandKw: join((y) => y.demandKw, true),
    pvPerKwp: join((y) => y.pvPerKwp, false),
    windKw: join((y) => y.windKw, true),
    flexibleKw: p.base.flexible.map((_, i) => join((y) => y.flexibleKw[i], true)),
    prices: join((y) => y.prices, false),
    substationOtherKw: sources[0].substationOtherKw === null ? null : join((y) => y.substationOtherKw!, plansAgainstSubstation),
  };
  const offsets: number[] = [];
  const drawnStart = sources.reduce((o, y) => (offsets.push(o), o + y.demandKw.length), 0);
  const view = (joinedColumn: Float64Array): Float64Array => joinedColumn.subarray(drawnStart, drawnStart + n);
  const drawn: DrawnYear = {
    runs: new Int32Array(0),
    count: 0,
    demandKw: view(joined.demandKw),
    windKw: view(joined.windKw),
    flexibleKw: joined.flexibleKw.map(view),
    substationOtherKw: joined.substationOtherKw === null || !plansAgainstSubstation ? null : view(joined.substationOtherKw),
  };
  const f = p.base.flexible;
  const windy = joined.windKw.some((x) => x !== 0);
  // The source years as one run (scaledGeneration over every joined step).
  const whole = Int32Array.of(0, 0, drawnStart);
  const pvAsBuiltKw = new Float64Array(drawnStart + n);
  const generationAsBuiltKw = windy ? new Float64Array(drawnStart + n) : null;
  scaledGeneration(joined.pvPerKwp, p.asBuiltKwp, windy ? joined.windKw : null, whole, 1, pvAsBuiltKw, generationAsBuiltKw ?? pvAsBuiltKw);
  return {
    ...p,
    joined,
    offsets,
    drawnStart,
    drawn,
    pvAsBuiltKw,
    generationAsBuiltKw,
    drawnFlexible: f.map((x, i) => ({ member: x.member, availableKw: drawn.flexibleKw[i], maxStepsPerDay: x.maxStepsPerDay, recoverSteps: x.recoverSteps })),
    windy,
    daysBefore: rememberedDaysOf(p.base, p.configurations.map((c) => c.strategy), joined.substationOtherKw !== null),
  };
}

/**
 * Each configuration's tariff rates, made once: the contracted kW is the configuration's import cap,
 * or the hub file's highest cap, or without a cap the uncontrolled peak of the calendar year.
 */
function configurationTariffs(tariff: SweepTariff, base: ResolvedHub, peakKw: number): (c: Configuration) => HubTariffRates {
  const fileCapKw = base.importCapKw.reduce((m, x) => Math.max(m, x), Number.NEGATIVE_INFINITY);
  const byIndex = new Map<number, HubTariffRates>();
  return (c) => {
    let rates = byIndex.get(c.index);
    if (rates === undefined) {
      const capKw = c.importCapKw ?? fileCapKw;
      byIndex.set(c.index, (rates = hubTariffRates(tariff.block, Number.isFinite(capKw) ? capKw : peakKw, tariff.origins)));
    }
    return rates;
  };
}

/** How many weather draws a thread keeps for its next subjects (SweepContext.draw). */
const DRAWS_KEPT = 10_000;

/**
 * What a thread keeps between batches of one sweep: the prepared subjects (built on first use), the
 * day keys of the calendar and source years, and scratch columns reused from draw to draw.
 */
export class SweepContext {
  private readonly prepared = new Map<number, DrawableSubject>();
  private readonly years: TerrainYears;
  readonly calendar: DayKeys;
  readonly sourceKeys: readonly DayKeys[];
  private readonly models = new Map<number, SubjectModel>();
  private weatherSources: WeatherColumns[] | undefined;
  private readonly draws = new Map<number, WeatherDraw>();
  private readonly drawsBefore = new Map<number, WeatherDraw>();
  private yearBefore: DayKeys | undefined;

  /**
   * @param workspace the columns reused from draw to draw (the drawn year's hub, forecasts, the grid
   * exchange, setpoints): the thread's own by default.
   */
  constructor(
    readonly loaded: LoadedSweep,
    readonly workspace: Workspace = threadWorkspace(),
  ) {
    this.calendar = dayKeys(loaded.sweep.draws.calendarYear);
    this.sourceKeys = loaded.sweep.draws.sourceYears.map(dayKeys);
    this.years = new TerrainYears(loaded);
  }

  subject(index: number): DrawableSubject {
    let p = this.prepared.get(index);
    if (p === undefined) this.prepared.set(index, (p = drawableSubject(prepareSubject(this.loaded, index, this.years))));
    return p;
  }

  /**
   * Load what the MPC strategies of a subject forecast with: its trained forecasters, one per PV size
   * (from the disk cache the main thread trained them into), when a strategy plans with the model;
   * nothing otherwise.
   */
  async prepareForecasts(index: number): Promise<void> {
    if (this.models.has(index) || !sweepNeedsModel(this.loaded)) return;
    this.models.set(index, await subjectModel(this.loaded, this.loaded.subjects[index], this.subject(index)));
  }

  /** The forecasts of one synthetic year of a subject (prepareForecasts must have run for the model). */
  drawForecasts(index: number, draw: WeatherDraw, drawBefore: WeatherDraw | null = null): DrawForecasts {
    const days = this.calendar.days;
    const out = { temperatureC: this.workspace.column('temperatureC', days * 24), ghiWm2: this.workspace.column('ghiWm2', days * 24) };
    const sources = (): WeatherColumns[] => (this.weatherSources ??= sourceWeather(this.loaded.sweep.draws.sourceYears));
    return new DrawForecasts(draw, this.models.get(index) ?? null, sources, out, drawBefore);
  }

  /**
   * Draw `index` of the sweep. Every subject takes the same draws, so a thread that runs several
   * subjects keeps the first DRAWS_KEPT draws it makes (about 1.8 kB each) instead of drawing them again.
   */
  draw(index: number): WeatherDraw {
    let draw = this.draws.get(index);
    if (draw === undefined) {
      const d = this.loaded.sweep.draws;
      draw = drawWeatherYear(this.calendar, this.sourceKeys, d.seed, index, d.block);
      if (this.loaded.subjects.length > 1 && this.draws.size < DRAWS_KEPT) this.draws.set(index, draw);
    }
    return draw;
  }

  /**
   * The year before draw `index`'s synthetic year, of which the strategies remember the last days
   * (year-before.ts): stream 1 of the same seed and index, kept as draw() keeps its draws.
   */
  drawBefore(index: number): WeatherDraw {
    let draw = this.drawsBefore.get(index);
    if (draw === undefined) {
      const d = this.loaded.sweep.draws;
      this.yearBefore ??= dayKeys(d.calendarYear - 1);
      draw = drawWeatherYear(this.yearBefore, this.sourceKeys, d.seed, index, d.block, 1);
      if (this.loaded.subjects.length > 1 && this.drawsBefore.size < DRAWS_KEPT) this.drawsBefore.set(index, draw);
    }
    return draw;
  }

  /** A subject's remembered days before draw `index` (p.daysBefore, overwritten by the next draw); null when none is remembered. */
  drawnDaysBefore(p: DrawableSubject, index: number): RememberedDays | null {
    const days = p.daysBefore;
    if (days !== null) drawRememberedDays(days, this.drawBefore(index), p.offsets, p.stepsPerDay, p.joined.demandKw, p.joined.substationOtherKw);
    return days;
  }

  /** A subject's synthetic year of one draw (p.drawn, overwritten by the next draw): its runs, and the columns a run reads copied. */
  drawnColumns(p: DrawableSubject, draw: WeatherDraw): DrawnYear {
    const n = p.base.axis.steps;
    const drawn = p.drawn;
    const runs = this.workspace.indices('drawRuns', 3 * n);
    const count = drawRuns(draw, p.offsets, p.stepsPerDay, runs);
    drawn.runs = runs;
    drawn.count = count;
    const j = p.joined;
    copyRuns(j.demandKw, runs, count, p.drawnStart);
    for (const column of j.flexibleKw) copyRuns(column, runs, count, p.drawnStart);
    if (p.windy) copyRuns(j.windKw, runs, count, p.drawnStart);
    if (drawn.substationOtherKw !== null) copyRuns(j.substationOtherKw!, runs, count, p.drawnStart);
    return drawn;
  }
}

/** A configuration's battery in absolute units; as built when the configuration leaves it open. */
export function configuredBattery(p: PreparedSubject, c: Configuration): BatteryParams {
  if (c.batteryEnergyKwh === null || c.batteryPowerKw === null) return p.base.battery;
  const e = c.batteryEnergyKwh;
  const t = p.batteryTemplate;
  return {
    capacityKwh: e,
    socMinKwh: t.socMin * e,
    socMaxKwh: t.socMax * e,
    socInitialKwh: t.socInitial * e,
    chargeKw: e > 0 ? c.batteryPowerKw : 0,
    dischargeKw: e > 0 ? c.batteryPowerKw : 0,
    chargeEfficiency: t.chargeEfficiency,
    dischargeEfficiency: t.dischargeEfficiency,
    selfDischargePerHour: t.selfDischargePerHour,
  };
}

/**
 * PV = PV per kWp x kWp and generation = PV + wind, step by step, on a synthetic year: read through
 * its runs (DrawnYear.runs) from the joined columns. Without wind (`windKw` null) the generation is
 * the PV, and `generationKw` is the PV column itself: only that is written.
 */
function scaledGeneration(pvPerKwp: Float64Array, kwp: number, windKw: Float64Array | null, runs: Int32Array, count: number, pvKw: Float64Array, generationKw: Float64Array): void {
  for (let r = 0; r < count; r++) {
    const to = runs[3 * r];
    const end = to + runs[3 * r + 2];
    // The source step of year step t is t + shift.
    const shift = runs[3 * r + 1] - to;
    if (windKw === null) {
      for (let t = to; t < end; t++) pvKw[t] = pvPerKwp[t + shift] * kwp;
      continue;
    }
    for (let t = to; t < end; t++) {
      const pv = pvPerKwp[t + shift] * kwp;
      pvKw[t] = pv;
      generationKw[t] = pv + windKw[t + shift];
    }
  }
}

/** The hub of one configuration in one synthetic year, on columns of the context's workspace. */
export function configuredHub(ctx: SweepContext, p: DrawableSubject, drawn: DrawnYear, c: Configuration): ResolvedHub {
  const n = p.base.axis.steps;
  const kwp = c.pvKwp ?? p.asBuiltKwp;
  let pvKw: Float64Array;
  let generationKw: Float64Array;
  if (kwp === p.asBuiltKwp) {
    // The PV as built: its runs copied (the same numbers as scaledGeneration's, worked out once).
    const view = (joined: Float64Array): Float64Array => copyRuns(joined, drawn.runs, drawn.count, p.drawnStart).subarray(p.drawnStart, p.drawnStart + n);
    pvKw = view(p.pvAsBuiltKw);
    generationKw = p.generationAsBuiltKw === null ? pvKw : view(p.generationAsBuiltKw);
  } else {
    pvKw = ctx.workspace.column('pvKw', n);
    // Without wind the generation is the PV: one column for both (nothing writes a hub's columns).
    generationKw = p.windy ? ctx.workspace.column('generation', n) : pvKw;
    scaledGeneration(p.joined.pvPerKwp, kwp, p.windy ? p.joined.windKw : null, drawn.runs, drawn.count, pvKw, generationKw);
  }
  const importCapKw = c.importCapKw === null ? p.base.importCapKw : ctx.workspace.column('importCap', n).fill(c.importCapKw);
  // The base hub's fields named one by one, in hubOf's order (docs/performance.md, "Code shapes").
  const b = p.base;
  return hubOf({
    name: b.name,
    axis: b.axis,
    members: b.members,
    demandKw: drawn.demandKw,
    pvKw,
    windKw: drawn.windKw,
    generationKw,
    importCapKw,
    importCapLowestKw: c.importCapKw === null ? b.importCapLowestKw : c.importCapKw,
    exportCapKw: b.exportCapKw,
    battery: configuredBattery(p, c),
    flexible: p.drawnFlexible,
    valueOfLostLoadEurPerKwh: b.valueOfLostLoadEurPerKwh,
    dayIndex: b.dayIndex,
    dayStarts: b.dayStarts,
    strategies: [c.strategy],
    contract: b.contract,
    flexMarket: b.flexMarket,
    congestionKw: b.congestionKw,
    exportCongestionKw: b.exportCongestionKw,
    demandStepMinutes: b.demandStepMinutes,
    tariff: p.tariffOf(c),
    acmUnusedThresholdKw: b.acmUnusedThresholdKw,
  });
}

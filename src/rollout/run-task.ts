import { addNetLoadInto, netLoadInto } from '../model/net-load.js';
import { resolveLevels, SubstationGrid } from '../economics/reinforcement.js';
import { forecastLagSteps } from '../economics/imbalance.js';
import { lostShedEur } from '../economics/lost-shed.js';
import { simulate } from '../engine/simulate.js';
import { withCongestion, withImportCapRaised } from '../flex/contract-caps.js';
import type { Forecaster } from '../forecast/forecaster.js';
import type { BatteryParams, ResolvedHub } from '../model/resolved.js';
import { strategyName, type StrategySpec } from '../model/strategy.js';
import { forecastKindsOf, lastDaysMeasured, MPC_MEMORY_DAYS, naiveDayForecast, setDayForecast, setMeasuredBefore } from '../strategies/day-forecasts.js';
import { dailyNetLoad, shippedWeather } from '../forecast/features.js';
import { DAY_AHEAD_MEMORY_DAYS, dayAheadSignal, idleSignal, jointSchedules, prepareGridSignal, type SignalMemory } from '../strategies/grid-aware.js';
import { preparePreviousYear, remembersPreviousYear } from '../strategies/registry.js';
import { endsWithHead } from '../strategies/days-before.js';
import { lastLocalDays, localMonthKey } from '../time/axis.js';
import { PairMap } from './keys.js';
import { grownHub } from './grow.js';
import { backgroundGrowth } from './background.js';
import { flexRequests, type FlexRequests, type OverloadBefore } from './flex-requests.js';
import { plannedLoad, type PartsGrowth, type PeakParts } from './operator-plan.js';
import { PlanningLoad } from './planning-load.js';
import { withSharedDays } from './shared-days.js';
import type { RolloutContext } from './context.js';
import { aloneBase, aloneFigures, contractedImportKw, runFigures, type AloneBase, type AloneFigures, type FigureInputs, type RunColumns, type RunFigures } from './terrain-figures.js';
import {
  firstPassName,
  TERRAIN_YEAR_METRICS,
  WITHOUT_HUBS,
  type JobFailure,
  type PurchaseRow,
  type RolloutTask,
  type SubstationBasis,
  type SubstationYearRow,
  type TaskResult,
  type TerrainYearMetric,
  type TerrainYearRow,
} from './task.js';
import { TOLERANCE_KW } from '../engine/tolerance.js';

/** One variant of the rollout: the reference, a strategy, or a flex strategy's first pass. */
interface Variant {
  readonly name: string;
  /** The strategy its active hubs run; null for the reference. */
  readonly spec: StrategySpec | null;
  /** For a flex strategy's second pass: its first pass, whose load makes the grid operator's requests. */
  readonly firstPass: Variant | null;
  /** Its own grid (made once the initial capacity is known). */
  grid: SubstationGrid | null;
  /** Import cap granted to each terrain (kW; null: the terrain has no cap). */
  readonly grantedKw: (number | null)[];
  failed: boolean;
  /**
   * For a flex strategy's second pass: the overload its first pass measured in the last days of a
   * year, per weather year, which the grid operator's forecast of the next year's first week reads.
   */
  overloadBefore: { readonly year: number; readonly perWeather: OverloadBefore[] } | null;
}

/** One terrain's run in a variant and weather year: its grid exchange and figures. */
interface TerrainRun {
  readonly grid: Float64Array;
  readonly figures: RunFigures;
}

/** One variant's runs in one weather year. */
interface WeatherRuns {
  readonly figures: RunFigures[];
  /** The substation's planning load per step (kW). */
  readonly load: Float64Array;
  readonly peakKw: number;
  readonly peakStep: number;
  /** Highest served load: every terrain's import up to its granted cap, plus the background (kW). */
  readonly servedPeakKw: number;
  /** Per terrain: counted import at the reference's peak step, at this variant's peak step, and the reference's at this variant's peak step (kW). */
  readonly atRefPeak: number[];
  readonly atOwnPeak: number[];
  readonly refAtOwnPeak: number[];
  /** Per terrain: raw import, and its members' consumption, at this variant's own peak step (kW). */
  readonly importAtPeak: number[];
  readonly demandAtPeak: number[];
}

/** One weather year of one horizon year: the grown hubs and what every variant shares. */
interface WeatherYear {
  readonly weatherYear: number;
  readonly hubs: ResolvedHub[];
  readonly background: Float64Array;
  readonly inputs: FigureInputs;
  readonly alone: AloneFigures[];
}

/**
 * Run one substation and its terrains over the whole horizon (docs/economics.md sections 1-4): year
 * by year, every weather year, the reference first, then each strategy; at the end of each year each
 * variant's grid orders what its peak needs, and capacity is granted to the hubs that asked for it
 * when the substation has room the next year. A job that throws is reported with its terrain, year
 * and strategy; its variant stops there (its grid is unknown from then on), the rest goes on.
 */
export function runTask(ctx: RolloutContext, task: RolloutTask): TaskResult {
  return new SubstationRun(ctx, task).run();
}

/** What runTask keeps of one substation from year to year, and its steps. */
class SubstationRun {
  private readonly rollout: RolloutContext['loaded']['rollout'];
  private readonly si: number;
  /**
   * The substation's id, planning margin and firm capacity, and its terrains' ids and start years,
   * read from the scenario once for the per-year code (docs/performance.md, "Code shapes").
   */
  private readonly substationId: string;
  private readonly planningMargin: number;
  /** Firm capacity (kW); undefined: estimated from the reference's first-year peak. */
  private readonly capacityKw: number | undefined;
  /** Each terrain's id and the year its hub starts (k: its place among the substation's terrains). */
  private readonly terrainIds: readonly string[];
  private readonly hubStartYears: readonly number[];
  private readonly unserved: boolean;
  private readonly levels: ReturnType<typeof resolveLevels>;
  /** The rollout's index of each of the substation's terrains (k: its place among them). */
  private readonly terrainIdx: readonly number[];
  private readonly failures: JobFailure[] = [];
  private readonly terrainYears: TerrainYearRow[] = [];
  private readonly substationYears: SubstationYearRow[] = [];
  private hubYears = 0;
  private basis: SubstationBasis | null = null;
  /** Each terrain's contracted import (caps do not grow), from its hub as described. */
  private readonly contractKw: (number | null)[];
  private readonly variants: Variant[] = [];
  private readonly reference: Variant;
  /** The hubs with a granted cap of this year, per terrain (its place in the substation's terrains) and weather year index, by the cap granted (kW; hubFor). */
  private capped: Map<number, ResolvedHub>[][] = [];
  /** How the parts of a peak grow as the rollout's inputs grow them (what an operator that looks ahead expects). */
  private readonly partsGrowth: PartsGrowth;
  /** How much each terrain's demand grows to next year, found once per year for every variant's rows. */
  private nextYearGrowth = new Map<number, number>();
  /** What each terrain's companies settle and peak at on their own, per weather year, as described. */
  private readonly aloneBases = new PairMap<AloneBase>();
  /** The grown hubs of the year before, per weather year: what a peak shaver's meter recorded then. */
  private previous: { year: number; hubs: ResolvedHub[][] } | null = null;
  /**
   * The substation's load without hubs in the last DAY_AHEAD_MEMORY_DAYS local days of the year
   * before, per weather year, and those days' starts: what the grid operator measured before the
   * year its day-ahead signal begins (a grid-aware variant only).
   */
  private loadBefore: { year: number; loadKw: Float64Array[]; dayStarts: Int32Array; endsWithHead: boolean } | null = null;

  constructor(
    private readonly ctx: RolloutContext,
    private readonly task: RolloutTask,
  ) {
    const { rollout, levels: table } = ctx.loaded;
    this.rollout = rollout;
    this.si = ctx.keys.substation(task.substation);
    const substation = rollout.substations[this.si];
    this.substationId = substation.id;
    this.planningMargin = substation.planningMargin;
    this.capacityKw = substation.capacityKw;
    this.unserved = rollout.growth.capacityRequests === 'unserved';
    this.levels = resolveLevels(substation.voltageLevels, table);
    this.terrainIdx = ctx.keys.terrainsOf[this.si];
    this.terrainIds = this.terrainIdx.map((i) => rollout.terrains[i].id);
    this.hubStartYears = this.terrainIdx.map((i) => rollout.terrains[i].hubStartYear);
    this.contractKw = this.terrainIdx.map((i) => contractedImportKw(ctx.baseHub(i, rollout.weatherYears[0])));
    const si = this.si;
    const terrainIdx = this.terrainIdx;
    this.partsGrowth = {
      background: (from, to) => backgroundGrowth(ctx.loaded, si, to) / backgroundGrowth(ctx.loaded, si, from),
      terrain: (k, from, to) => ctx.demandGrowth(terrainIdx[k], from, to),
    };
    this.reference = this.variant(WITHOUT_HUBS, null, null);
    for (const spec of rollout.strategies) {
      const name = strategyName(spec);
      const first = spec.kind === 'flex' ? this.variant(firstPassName(name), spec, null) : null;
      this.variant(name, spec, first);
    }
  }

  private variant(name: string, spec: StrategySpec | null, firstPass: Variant | null): Variant {
    const v: Variant = { name, spec, firstPass, grid: null, grantedKw: [...this.contractKw], failed: false, overloadBefore: null };
    this.variants.push(v);
    return v;
  }

  run(): TaskResult {
    const { years } = this.ctx.loaded;
    for (const year of years) this.runYear(year);
    const endYear = years[years.length - 1];
    const substation = this.substationId;
    const purchases: PurchaseRow[] = this.variants.flatMap((v) => (v.grid?.orders ?? []).map((o) => ({ substation, strategy: v.name, ...o, withinHorizon: o.inServiceYear <= endYear })));
    return { index: this.task.index, substation, basis: this.basis, terrainYears: this.terrainYears, substationYears: this.substationYears, purchases, hubYears: this.hubYears, failures: this.failures };
  }

  /** One horizon year: the grown hubs of every weather year, every variant's runs, and the year's close. */
  private runYear(year: number): void {
    this.ctx.workspace.beginTask();
    this.capped = this.terrainIdx.map(() => this.rollout.weatherYears.map(() => new Map()));
    this.nextYearGrowth = new Map();
    const weather = this.weatherYears(year);
    // The variants' runs of this year, per weather year; the reference's recorders stay for the comparisons.
    const runs = new Map<Variant, WeatherRuns[]>();
    const refGrid: Float64Array[][] = [];
    for (const v of this.variants) if (!this.runVariant(v, year, weather, runs, refGrid)) break;
    this.previous = { year, hubs: weather.map((wy) => wy.hubs) };
    this.loadBefore = this.lastDaysOfLoad(year, weather, runs.get(this.reference));
    this.closeYear(year, weather, runs);
  }

  /** The terrains' hubs grown to `year` in each weather year, and what every variant shares there. */
  private weatherYears(year: number): WeatherYear[] {
    const { ctx, rollout, terrainIdx } = this;
    const econ = rollout.economics;
    const factors = new Map<string, number>();
    const factorOf = (kind: string): number => once(factors, kind, () => ctx.growthOf(kind, year));
    // A year's grown hubs are still read the year after, so their columns alternate between two
    // sets of the thread's named columns, by the parity of the year, instead of the task's columns.
    let grownColumns = 0;
    const grownColumn = (n: number): Float64Array => ctx.workspace.column(`grown hubs of ${year % 2 === 0 ? 'even' : 'odd'} years, column ${grownColumns++}`, n);
    return rollout.weatherYears.map((w) => {
      const hubs = terrainIdx.map((i) => grownHub(withSharedDays(ctx.baseHub(i, w)), factorOf, grownColumn));
      const axis = hubs[0].axis;
      const stepMinutes = axis.stepHours * 60;
      const inputs: FigureInputs = {
        prices: ctx.pricesFor(w, stepMinutes),
        spread: ctx.spreadFor(w, stepMinutes),
        curtailmentPriceEurPerMwh: econ.curtailmentPriceEurPerMwh,
        forecastLagSteps: forecastLagSteps(econ.imbalanceForecast, axis.stepHours),
        monthKey: ctx.monthKeyFor(w, stepMinutes, () => localMonthKey(axis)),
        dso: econ.transportTariffs.dso,
        year,
      };
      const alone = terrainIdx.map((i) => aloneFigures(this.aloneBases.once(i, w, () => aloneBase(ctx.baseHub(i, w), inputs)), factorOf, inputs));
      return { weatherYear: w, hubs, background: ctx.background(this.si, w, year, axis.steps, stepMinutes), inputs, alone };
    });
  }

  /**
   * One variant's runs of a year in every weather year, into `runs` (and, for the reference, its
   * terrains' grid exchange into refGrid); false when the reference failed in its first year, so that
   * no variant can run.
   */
  private runVariant(v: Variant, year: number, weather: readonly WeatherYear[], runs: Map<Variant, WeatherRuns[]>, refGrid: Float64Array[][]): boolean {
    const { ctx, rollout, reference, unserved } = this;
    const margin = this.planningMargin;
    if (v.failed) return true;
    if (v !== reference && (reference.failed || (v.firstPass !== null && v.firstPass.failed))) {
      v.failed = true;
      return true;
    }
    if (v.grid === null && v !== reference) v.grid = new SubstationGrid(this.levels, reference.grid!.initialKw, margin);
    const perWeather: WeatherRuns[] = [];
    const overloads: OverloadBefore[] = [];
    for (const [wi, wy] of weather.entries()) {
      const mark = v === reference ? -1 : ctx.workspace.markRecorders();
      const steps = wy.hubs[0].axis.steps;
      const started: boolean[] = [];
      for (const start of this.hubStartYears) started.push(start <= year);
      // A flex strategy's second pass answers the requests its first pass's substation load makes,
      // which the grid operator forecasts from the week before (the year before's last days included).
      let requests: FlexRequests | null = null;
      if (v.firstPass !== null) {
        const before = v.overloadBefore?.year === year - 1 ? v.overloadBefore.perWeather[wi] : null;
        const safeKw = v.grid!.usableKw(wy.inputs.year) * (1 - v.grid!.planningMargin);
        const made = flexRequests(runs.get(v.firstPass)![wi].load, safeKw, wy.hubs, started, before);
        requests = made.requests;
        overloads.push(made.last);
      }
      const refRuns = v === reference ? null : runs.get(reference)![wi];
      if (v.spec?.kind === 'grid-aware') this.prepareGridAware(v, v.spec, wi, wy, year, started, refRuns!);
      // A terrain whose hub has not started runs uncontrolled: with the reference's cap, that is the
      // reference's own run, taken as it is instead of simulated again.
      const reused = (k: number): boolean => refRuns !== null && !started[k] && v.grantedKw[k] === reference.grantedKw[k];
      // Before any of its hubs has started, with the reference's caps, a variant's substation load is the reference's.
      const asReference = refRuns !== null && wy.hubs.every((_, k) => reused(k));
      const planning = asReference ? null : new PlanningLoad(ctx.workspace.take(steps), wy.background, unserved, () => ctx.workspace.column('served load', steps));
      const terrainRuns: TerrainRun[] = [];
      for (const [k, base] of wy.hubs.entries()) {
        const r = reused(k) ? { grid: refGrid[wi][k], figures: refRuns!.figures[k] } : this.runTerrain(v, k, base, wi, wy, year, started[k] && v !== reference, requests);
        if (r === null) break;
        planning?.add(r.grid, r.figures.peakImportKw, v.grantedKw[k]);
        terrainRuns.push(r);
      }
      if (terrainRuns.length < wy.hubs.length) {
        v.failed = true;
        break;
      }
      const grids = terrainRuns.map((r) => r.grid);
      const load = planning === null ? refRuns!.load : planning.load;
      const { peakKw, peakStep, servedPeakKw } = planning === null ? refRuns! : planning.peaks();
      if (v === reference) refGrid[wi] = grids;
      const refStep = refRuns?.peakStep ?? peakStep;
      const figures: RunFigures[] = [];
      const atRefPeak: number[] = [];
      const atOwnPeak: number[] = [];
      const refAtOwnPeak: number[] = [];
      const importAtPeak: number[] = [];
      const demandAtPeak: number[] = [];
      for (const [k, r] of terrainRuns.entries()) {
        figures.push(r.figures);
        atRefPeak.push(counted(unserved, v.grantedKw[k], r.grid[refStep]));
        atOwnPeak.push(counted(unserved, v.grantedKw[k], r.grid[peakStep]));
        refAtOwnPeak.push(counted(unserved, reference.grantedKw[k], refGrid[wi][k][peakStep]));
        importAtPeak.push(r.grid[peakStep]);
        demandAtPeak.push(wy.hubs[k].demandKw[peakStep]);
      }
      perWeather.push({ figures, load, peakKw, peakStep, servedPeakKw, atRefPeak, atOwnPeak, refAtOwnPeak, importAtPeak, demandAtPeak });
      if (mark >= 0) ctx.workspace.releaseRecorders(mark);
    }
    if (!v.failed) runs.set(v, perWeather);
    if (v.firstPass !== null) v.overloadBefore = v.failed ? null : { year, perWeather: overloads };

    // The initial capacity: firm, or estimated from the reference's first-year peak.
    if (v === reference && reference.grid === null) {
      if (v.failed) return false;
      const firstPeak = highestPeak(perWeather);
      const estimated = this.capacityKw === undefined;
      const initialKw = estimated ? firstPeak / (1 - rollout.economics.spareCapacity) : this.capacityKw!;
      reference.grid = new SubstationGrid(this.levels, initialKw, margin);
      this.basis = { substation: this.substationId, capacityBasis: estimated ? 'estimated' : 'firm', initialCapacityKw: initialKw, planningMargin: margin };
    }
    return true;
  }

  /** The end of a year: every variant's grid orders, its rows, and the grants of next year. */
  private closeYear(year: number, weather: readonly WeatherYear[], runs: Map<Variant, WeatherRuns[]>): void {
    const { reference, unserved } = this;
    const econ = this.rollout.economics;
    const margin = this.planningMargin;
    const years = this.ctx.loaded.years;
    const endYear = years[years.length - 1];
    const refRows = new Map<number, TerrainYearRow>();
    let refSub: SubstationYearRow | null = null;
    for (const v of this.variants) {
      const rs = runs.get(v);
      if (rs === undefined) continue;
      const peakKw = highestPeak(rs);
      const worstRef = worstWeather(runs.get(reference)!);
      const worstOwn = worstWeather(rs);
      const rows = this.terrainIdx.map((i, k) => {
        const row = this.terrainRow(v, k, i, year, rs, runs.get(reference)!, weather, worstRef, worstOwn, refRows.get(k) ?? null);
        if (v === reference) refRows.set(k, row);
        return row;
      });
      // What the hubs ask beyond their granted caps (the queue), and the orders of the year: for the
      // load planned for (rollout/operator-plan.ts; docs/economics.md section 3).
      const requests = rows.map((row, k) => (row.requestedCapKw === null ? 0 : row.requestedCapKw - v.grantedKw[k]!));
      const grid = v.grid!;
      const close = grid.close(year, peakKw, plannedLoad(econ, year, peakKw, requests, () => peakParts(rs[worstOwn]), this.partsGrowth));
      const limitKw = close.usableKw * (1 - margin);
      const dt = weather[0].hubs[0].axis.stepHours;
      LOAD_STATS.fill(0);
      for (const r of rs) loadStats(r.load, limitKw + TOLERANCE_KW, limitKw, dt, LOAD_STATS);
      const overloadHours = LOAD_STATS[0];
      const aboveKwh = LOAD_STATS[1];
      const meanLoadKw = LOAD_STATS[2] / LOAD_STATS[3];
      let waitingKw = 0;
      let waitingEnergyKwh = 0;
      for (const r of rows) {
        this.terrainYears.push(r);
        waitingKw += r.waitingKw;
        waitingEnergyKwh += r.unservedEnergyKwh;
      }
      const sub: SubstationYearRow = {
        substation: this.substationId,
        year,
        strategy: v.name,
        peakLoadKw: peakKw,
        meanLoadKw,
        capacityInServiceKw: close.usableKw,
        overloaded: close.overloaded,
        overloadHours: overloadHours / rs.length,
        energyAboveCapacityKwh: aboveKwh / rs.length,
        reinforcementOrderedEur: close.orders.reduce((s, o) => s + o.costEur, 0),
        reinforcementInServiceEur: grid.orders.filter((o) => o.inServiceYear === year).reduce((s, o) => s + o.costEur, 0),
        peakReductionKw: refSub === null ? 0 : difference(refSub.peakLoadKw, peakKw),
        peakChangeKw: refSub === null ? 0 : difference(peakKw, refSub.peakLoadKw),
        hoursRaisedAboveReference: v === reference ? 0 : hoursAbove(rs, runs.get(reference)!, dt),
        waitingKw,
        waitingEnergyKwh,
        connectableKw: refSub === null ? 0 : difference(refSub.waitingKw, waitingKw),
        connectableEnergyKwh: refSub === null ? 0 : difference(refSub.waitingEnergyKwh, waitingEnergyKwh),
      };
      if (v === reference) refSub = sub;
      this.substationYears.push(sub);

      // Grants: a hub whose peak, grown as its members plan to grow, will exceed its cap next year asks for it;
      // the grid operator grants from next year what the substation then has room for, shared over
      // the requests in proportion to them (docs/economics.md section 4).
      if (unserved || year === endYear) continue;
      let asked = 0;
      for (const r of requests) asked += r;
      if (asked <= 0) continue;
      const servedPeakKw = highestServedPeak(rs);
      const roomKw = grid.usableKw(year + 1) * (1 - margin) - servedPeakKw;
      if (roomKw <= 0) continue;
      const share = Math.min(1, roomKw / asked);
      requests.forEach((r, k) => {
        if (r > 0) v.grantedKw[k]! += share === 1 ? r : econ.capacityRequestStepKw * Math.floor((r * share) / econ.capacityRequestStepKw + 1e-9);
      });
    }
  }

  /**
   * The hub of terrain k as it runs in variant v: with its granted cap (one hub per cap and weather
   * year in a year, shared by the variants that granted the same), and the forecasts its MPC plans with.
   */
  private hubFor(v: Variant, k: number, base: ResolvedHub, wi: number, w: number, year: number, active: boolean): ResolvedHub {
    const { ctx, contractKw, terrainIdx } = this;
    const granted = v.grantedKw[k];
    let hub = base;
    if (granted !== null && contractKw[k] !== null && granted !== contractKw[k]) {
      const byCap = this.capped[k][wi];
      hub = byCap.get(granted) ?? withImportCapRaised(base, granted - contractKw[k]!);
      byCap.set(granted, hub);
    }
    if (active && v.spec?.kind === 'mpc') {
      // The controller starts the year with the last days its meter recorded in the year before (the
      // terrain's previous year, in the same weather year) and the weather of those days.
      const kinds = forecastKindsOf(v.spec);
      const previous = this.previous?.year === year - 1 ? this.previous.hubs[wi][k] : ctx.hubInYear(terrainIdx[k], w, year - 1);
      const before = lastDaysMeasured(previous, MPC_MEMORY_DAYS, kinds.includes('model') ? shippedWeather(dailyNetLoad(previous)) : null);
      for (const kind of kinds) {
        // The model reads the net load normalised by the level and spread of the terrain's previous
        // year (what its meter recorded), not by the year it forecasts.
        const model = (): ReturnType<Forecaster['applyTo']> => ctx.forecaster(terrainIdx[k], w).applyTo(hub, { norm: ctx.previousYearNorm(terrainIdx[k], w, year), before });
        setDayForecast(hub, kind, kind === 'model' ? model() : naiveDayForecast(hub, kind, before));
      }
      setMeasuredBefore(hub, before.netKw);
    }
    return hub;
  }

  /**
   * Simulate one terrain; null (and a failure) when the job throws. The rollout reads a run's grid
   * exchange and curtailment per step (RunColumns); a run whose metrics read more of its steps (a
   * contract or market positions to settle, a hub tariff to price) records them all, any other is a
   * batch run that writes just those two columns, into a recorder's columns taken from the workspace
   * all the same (the engine's fused passes, the same results to the bit).
   */
  private runOne(k: number, year: number, w: number, name: string, spec: StrategySpec, hub: ResolvedHub): RunColumns | null {
    const { ctx } = this;
    const terrain = this.terrainIds[k];
    try {
      const planner = ctx.plan(spec, hub, { terrain, year, weatherYear: w, strategy: name });
      this.hubYears++;
      const steps = hub.axis.steps;
      const rec = ctx.workspace.recorder(steps);
      const setpoints = ctx.workspace.setpoints(steps);
      if (hub.contract !== undefined || hub.tariff !== undefined || planner.positions !== undefined) {
        return { run: simulate(hub, planner, { recorder: rec, setpoints }), gridKw: rec.gridKw, curtailedKw: rec.curtailedKw };
      }
      const run = simulate(hub, planner, { record: false, setpoints, gridKw: rec.gridKw, curtailedKw: rec.curtailedKw, batteryKw: ctx.workspace.column('battery power', steps) });
      return { run, gridKw: rec.gridKw, curtailedKw: rec.curtailedKw };
    } catch (err) {
      this.failures.push({ terrain, year, weatherYear: w, strategy: name, message: (err as Error).message });
      return null;
    }
  }

  /**
   * Tell a grid-aware variant's active hubs what to do in one weather year (src/strategies/grid-aware.ts):
   * the joint schedules of the substation's batteries, or the grid operator's day-ahead levels from the
   * load without hubs measured a week before. Terrains whose hub has not started run uncontrolled: to
   * the joint plan their net load is background.
   */
  private prepareGridAware(v: Variant, spec: Extract<StrategySpec, { kind: 'grid-aware' }>, wi: number, wy: WeatherYear, year: number, started: readonly boolean[], refRuns: WeatherRuns): void {
    const { ctx } = this;
    const hubs: ResolvedHub[] = [];
    for (const [k, base] of wy.hubs.entries()) hubs.push(this.hubFor(v, k, base, wi, wy.weatherYear, year, started[k]));
    const steps = hubs[0].axis.steps;
    const dt = hubs[0].axis.stepHours;
    const controlled: number[] = [];
    for (const [k, h] of hubs.entries()) if (started[k] && batteryMoves(h)) controlled.push(k);
    const idle = idleSignal(steps, ctx.workspace.take(steps), ctx.workspace.take(steps));
    for (const [k, h] of hubs.entries()) if (started[k] && !controlled.includes(k)) prepareGridSignal(h, v.name, idle);
    if (controlled.length === 0) return;
    const batteries: BatteryParams[] = [];
    for (const k of controlled) batteries.push(hubs[k].battery);
    const caps = controlled.map((k) => hubs[k].importCapKw);
    if (spec.plan === 'joint') {
      const background = ctx.workspace.take(steps);
      background.set(wy.background);
      for (const [k, h] of hubs.entries()) if (!controlled.includes(k)) addNetLoadInto(h, background);
      const nets: Float64Array[] = [];
      for (const k of controlled) nets.push(netLoadInto(hubs[k], ctx.workspace.take(steps)));
      const schedules = jointSchedules(background, nets, batteries, caps, dt);
      for (const [j, k] of controlled.entries()) prepareGridSignal(hubs[k], v.name, { kind: 'schedule', batteryKw: schedules[j] });
      return;
    }
    // The operator's forecast: what was measured a week before (the same weekday and hour), running
    // on from the last days of the year before (none in the horizon's first year).
    const own = controlled.map((k) => netLoadInto(hubs[k], ctx.workspace.take(steps)));
    const memory = this.signalMemory(year, wi, controlled);
    const levels = dayAheadSignal(memory, refRuns.load, own, batteries, caps, hubs[0].dayStarts, dt, spec.marginQuantile, (n) => ctx.workspace.take(n));
    for (const [j, k] of controlled.entries()) prepareGridSignal(hubs[k], v.name, { kind: 'levels', ...levels[j] });
  }

  /**
   * The last DAY_AHEAD_MEMORY_DAYS local days of the substation's load without hubs in each weather
   * year (copied: the year's columns are handed out again next year), when a variant takes the
   * day-ahead signal; null otherwise, or when the reference did not run.
   */
  private lastDaysOfLoad(year: number, weather: readonly WeatherYear[], refRuns: WeatherRuns[] | undefined): { year: number; loadKw: Float64Array[]; dayStarts: Int32Array; endsWithHead: boolean } | null {
    const signalled = this.variants.some((v) => v.spec?.kind === 'grid-aware' && v.spec.plan === 'day-ahead');
    if (!signalled || refRuns === undefined || weather.length === 0) return null;
    const { from, dayStarts } = lastLocalDays(weather[0].hubs[0].dayStarts, DAY_AHEAD_MEMORY_DAYS);
    return { year, loadKw: refRuns.map((r) => r.load.slice(from)), dayStarts, endsWithHead: endsWithHead(weather[0].hubs[0].axis) };
  }

  /**
   * What the grid operator measured in the last days of the year before `year` in weather year wi:
   * the substation's load without hubs and the controlled terrains' net load (from their grown hubs
   * of that year); null in the horizon's first year.
   */
  private signalMemory(year: number, wi: number, controlled: readonly number[]): SignalMemory | null {
    const before = this.loadBefore;
    if (before === null || before.year !== year - 1 || this.previous?.year !== year - 1) return null;
    const from = this.previous.hubs[wi][0].axis.steps - before.loadKw[wi].length;
    const ownKw = controlled.map((k) => {
      const { demandKw, generationKw } = this.previous!.hubs[wi][k];
      const out = this.ctx.workspace.take(demandKw.length - from);
      for (let t = 0; t < out.length; t++) out[t] = demandKw[from + t] - generationKw[from + t];
      return out;
    });
    return { substationKw: before.loadKw[wi], ownKw, dayStarts: before.dayStarts, endsWithHead: before.endsWithHead };
  }

  /** Simulate terrain k in variant v and one weather year, and take its figures; null (and a failure) when the job throws. */
  private runTerrain(v: Variant, k: number, base: ResolvedHub, wi: number, wy: WeatherYear, year: number, active: boolean, requests: FlexRequests | null): TerrainRun | null {
    const { ctx, previous, terrainIdx } = this;
    const steps = base.axis.steps;
    let hub = this.hubFor(v, k, base, wi, wy.weatherYear, year, active);
    if (active && requests !== null) {
      const quiet = quietHub(hub, steps);
      const r = requests[k];
      hub = r === null ? quiet : withCongestion(quiet, r.importKw, r.exportKw, undefined, r.before);
    } else if (active && v.spec?.kind === 'flex') hub = quietHub(hub, steps);
    // A peak shaver (its own, or a causal flex strategy's) knows the terrain's previous year (what
    // its meter recorded): a design-year threshold is sized on it, an online one starts with its last
    // weeks in memory; a causal flex strategy's first week's forecasts and margin start with them too.
    if (active && v.spec !== null && remembersPreviousYear(v.spec)) {
      const before = previous?.year === year - 1 ? previous.hubs[wi][k] : ctx.hubInYear(terrainIdx[k], wy.weatherYear, year - 1);
      preparePreviousYear(v.spec, hub, before);
    }
    const run = this.runOne(k, year, wy.weatherYear, v.name, active ? v.spec! : { kind: 'baseline' }, hub);
    return run === null ? null : { grid: run.gridKw, figures: runFigures(hub, run, wy.inputs) };
  }

  /** One terrain's row of a year: means over the weather years, and what the rollout adds. */
  private terrainRow(v: Variant, k: number, i: number, year: number, rs: WeatherRuns[], refRs: WeatherRuns[], weather: readonly WeatherYear[], worstRef: number, worstOwn: number, ref: TerrainYearRow | null): TerrainYearRow {
    const { ctx, rollout, reference, contractKw, unserved } = this;
    const econ = rollout.economics;
    const active = v !== reference && this.hubStartYears[k] <= year;
    const figs = rs.map((r) => r.figures[k]);
    const means = figureMeans(figs);
    const metrics = meanMetrics(figs);
    const granted = v.grantedKw[k];
    const contract = contractKw[k];
    const neededKw = means.highestPeakImportKw;
    const shortKw = granted === null || neededKw - granted <= TOLERANCE_KW ? 0 : neededKw - granted;
    // The companies ask for their own load as it will be next year (uncontrolled, grown as planned).
    const uncontrolledKw = means.highestCoincidentPeakKw;
    const nextKw = uncontrolledKw * once(this.nextYearGrowth, i, () => ctx.demandGrowth(i, year, year + 1));
    const step = econ.capacityRequestStepKw;
    const requestedCapKw = granted === null || contract === null || unserved || nextKw <= granted + TOLERANCE_KW ? null : contract + step * Math.ceil((nextKw - contract) / step - 1e-9);
    const short = shortKw > 0;
    const coincident = metrics.coincidentPeakKw ?? 0;
    const peak = metrics.peakImportKw ?? 0;
    const diversity = (metrics.sumOfMemberPeaksKw ?? 0) - coincident;
    const control = coincident - peak;
    const freedApplies = active && !short;
    const unservedKwh = means.aboveCapKwh;
    const alone = aloneMeans(weather, k);
    const imbalanceCostEur = active ? means.hubImbalanceEur : alone.imbalanceEur;
    const curtailmentCostEur = means.curtailmentCostEur;
    const unservedCostEur = unservedKwh * econ.valueOfLostLoadEurPerKwh;
    const tariffAloneEur = alone.tariffEur;
    const tariffEur = active ? means.collectiveTariffEur : tariffAloneEur;
    const flexRevenue = active ? (metrics.flexRevenueEur ?? 0) : 0;
    const arbitrage = active ? (metrics.arbitrageRevenueEur ?? 0) : 0;
    return {
      terrain: this.terrainIds[k],
      substation: this.substationId,
      year,
      strategy: v.name,
      hubActive: active,
      weatherYears: rs.length,
      metrics,
      contractCapKw: contractKw[k],
      grantedCapKw: granted,
      neededKw,
      requestedCapKw,
      waitingKw: shortKw,
      hoursAboveGrantedCap: means.aboveCapHours,
      unservedEnergyKwh: unservedKwh,
      diversityKw: freedApplies ? diversity : null,
      controlKw: freedApplies ? control : null,
      capacityFreedKw: freedApplies ? diversity + control : null,
      contractHeadroomKw: active && granted !== null ? granted - peak : null,
      capacityShortKw: shortKw,
      importAtSubstationPeakKw: rs.reduce((s, r) => s + r.importAtPeak[k], 0) / rs.length,
      demandAtSubstationPeakKw: rs.reduce((s, r) => s + r.demandAtPeak[k], 0) / rs.length,
      substationPeakLoweredKw: v === reference ? 0 : refRs[worstRef].atRefPeak[k] - rs[worstRef].atRefPeak[k],
      substationPeakRaisedKw: v === reference ? 0 : rs[worstOwn].atOwnPeak[k] - rs[worstOwn].refAtOwnPeak[k],
      lostGenerationKwh: means.lostGenerationKwh,
      curtailmentCostEur,
      avoidedCurtailmentEur: ref === null ? 0 : difference(ref.curtailmentCostEur, curtailmentCostEur),
      forecastErrorAloneKwh: alone.errorKwh,
      forecastErrorHubKwh: active ? means.hubErrorKwh : null,
      imbalanceCostEur,
      avoidedImbalanceEur: ref === null ? 0 : difference(ref.imbalanceCostEur, imbalanceCostEur),
      unservedCostEur,
      avoidedUnservedEur: ref === null ? 0 : difference(ref.unservedCostEur, unservedCostEur),
      lostShedEur: ref === null ? 0 : lostShedEur(metrics.unservedShedKwh ?? 0, ref.metrics.unservedShedKwh ?? 0, econ.valueOfLostLoadEurPerKwh),
      transportTariffAloneEur: tariffAloneEur,
      transportTariffEur: tariffEur,
      contractCostEur: active ? means.collectiveContractEur : alone.contractEur,
      transportTariffSavingEur: difference(tariffAloneEur, tariffEur),
      flexTransfersEur: flexRevenue - arbitrage,
      arbitrageRevenueEur: arbitrage,
    };
  }
}

/** The means over the weather years' runs of a terrain's figures that its row reports, and the highest of its peaks. */
interface FigureMeans {
  aboveCapKwh: number;
  aboveCapHours: number;
  hubImbalanceEur: number;
  hubErrorKwh: number;
  curtailmentCostEur: number;
  lostGenerationKwh: number;
  collectiveTariffEur: number;
  collectiveContractEur: number;
  /** The highest peak import over the runs (kW), and the highest uncontrolled coincident peak (kW, 0 without one). */
  highestPeakImportKw: number;
  highestCoincidentPeakKw: number;
}

/** figureMeans' sums, each mean (0 + x_1 + x_2 + ...) / n in the runs' order. */
function figureMeans(figs: readonly RunFigures[]): FigureMeans {
  const out: FigureMeans = {
    aboveCapKwh: 0,
    aboveCapHours: 0,
    hubImbalanceEur: 0,
    hubErrorKwh: 0,
    curtailmentCostEur: 0,
    lostGenerationKwh: 0,
    collectiveTariffEur: 0,
    collectiveContractEur: 0,
    highestPeakImportKw: Number.NEGATIVE_INFINITY,
    highestCoincidentPeakKw: Number.NEGATIVE_INFINITY,
  };
  for (const x of figs) {
    out.aboveCapKwh += x.aboveCapKwh;
    out.aboveCapHours += x.aboveCapHours;
    out.hubImbalanceEur += x.hubImbalanceEur;
    out.hubErrorKwh += x.hubErrorKwh;
    out.curtailmentCostEur += x.curtailmentCostEur;
    out.lostGenerationKwh += x.lostGenerationKwh;
    out.collectiveTariffEur += x.collectiveTariffEur;
    out.collectiveContractEur += x.collectiveContractEur;
    out.highestPeakImportKw = Math.max(out.highestPeakImportKw, x.peakImportKw);
    out.highestCoincidentPeakKw = Math.max(out.highestCoincidentPeakKw, x.metrics.coincidentPeakKw ?? 0);
  }
  const n = figs.length;
  out.aboveCapKwh /= n;
  out.aboveCapHours /= n;
  out.hubImbalanceEur /= n;
  out.hubErrorKwh /= n;
  out.curtailmentCostEur /= n;
  out.lostGenerationKwh /= n;
  out.collectiveTariffEur /= n;
  out.collectiveContractEur /= n;
  return out;
}

/** The means over the weather years of what terrain k's companies settle and pay on their own. */
function aloneMeans(weather: readonly WeatherYear[], k: number): { imbalanceEur: number; tariffEur: number; errorKwh: number; contractEur: number } {
  let imbalanceEur = 0;
  let tariffEur = 0;
  let errorKwh = 0;
  let contractEur = 0;
  for (const wy of weather) {
    const a = wy.alone[k];
    imbalanceEur += a.imbalanceEur;
    tariffEur += a.tariffEur;
    errorKwh += a.errorKwh;
    contractEur += a.contractEur;
  }
  const n = weather.length;
  return { imbalanceEur: imbalanceEur / n, tariffEur: tariffEur / n, errorKwh: errorKwh / n, contractEur: contractEur / n };
}

/** Each metric's mean over the weather years' runs (null when a run has none). */
function meanMetrics(figs: readonly RunFigures[]): Record<TerrainYearMetric, number | null> {
  const metrics = {} as Record<TerrainYearMetric, number | null>;
  for (const name of TERRAIN_YEAR_METRICS) {
    let sum: number | null = 0;
    for (const x of figs) {
      const value = x.metrics[name];
      if (value === null) {
        sum = null;
        break;
      }
      sum += value;
    }
    metrics[name] = sum === null ? null : sum / figs.length;
  }
  return metrics;
}

/** Whether a hub's battery can move energy at all (some capacity and some power). */
function batteryMoves(hub: ResolvedHub): boolean {
  const b = hub.battery;
  return b.capacityKwh > 0 && (b.chargeKw > 0 || b.dischargeKw > 0);
}

/** A terrain's import as the substation counts it: up to its cap under capacityRequests: unserved (kW). */
function counted(unserved: boolean, capKw: number | null, importKw: number): number {
  return unserved && capKw !== null && importKw > capKw ? capKw : importKw;
}

/** A hub with no grid-operator requests (before any flex request: no CBC-A calls, no GOPACS). */
function quietHub(hub: ResolvedHub, steps: number): ResolvedHub {
  return hub.congestionKw === undefined && hub.exportCongestionKw === undefined ? hub : withCongestion(hub, new Float64Array(steps), new Float64Array(steps));
}

/** loadStats' sums, over the weather years: [h above the limit, kWh above it, sum of the load, steps]. */
const LOAD_STATS = new Float64Array(4);

/** Add a load column's hours and energy above `limitKw` (counted above `testKw`), its sum and its steps to `out`. */
function loadStats(load: Float64Array, testKw: number, limitKw: number, dt: number, out: Float64Array): void {
  let hours = 0;
  let above = 0;
  let sum = 0;
  for (let t = 0; t < load.length; t++) {
    const x = load[t];
    sum += x;
    if (x > testKw) {
      hours += dt;
      above += (x - limitKw) * dt;
    }
  }
  out[0] += hours;
  out[1] += above;
  out[2] += sum;
  out[3] += load.length;
}

/** Mean over the weather years of the time a variant's load was above the reference's peak of that weather year (h). */
function hoursAbove(rs: readonly WeatherRuns[], refRs: readonly WeatherRuns[], dt: number): number {
  let steps = 0;
  for (const [wi, r] of rs.entries()) {
    const limit = refRs[wi].peakKw + TOLERANCE_KW;
    for (let t = 0; t < r.load.length; t++) if (r.load[t] > limit) steps++;
  }
  return (steps * dt) / rs.length;
}

/**
 * a - b, with the rounding noise of two long sums that should cancel set to 0: a figure without hubs
 * minus the same figure with a strategy that changed nothing differs by about 1e-14 of its size, and a
 * table would show it as -1.4e-10 EUR.
 */
function difference(a: number, b: number): number {
  const d = a - b;
  return Math.abs(d) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)) ? 0 : d;
}

/** The value of `key` in `cache`, made by `make` the first time. */
function once<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = make()));
  return value;
}

/*
 * The weather years' substation peaks, read from their runs (docs/performance.md, "Code shapes").
 */

/** The highest substation peak over the weather years' runs (kW): Math.max of them. */
function highestPeak(rs: readonly WeatherRuns[]): number {
  let high = Number.NEGATIVE_INFINITY;
  for (const r of rs) high = Math.max(high, r.peakKw);
  return high;
}

/** The highest served-load peak over the weather years' runs (kW): Math.max of them. */
function highestServedPeak(rs: readonly WeatherRuns[]): number {
  let high = Number.NEGATIVE_INFINITY;
  for (const r of rs) high = Math.max(high, r.servedPeakKw);
  return high;
}

/** A weather year's peak in its parts: each terrain's import as the planning load counts it and its consumption, and the background (the rest). */
function peakParts(r: WeatherRuns): PeakParts {
  let backgroundKw = r.peakKw;
  for (const kw of r.atOwnPeak) backgroundKw -= kw;
  return { backgroundKw, terrainKw: r.atOwnPeak, terrainDemandKw: r.demandAtPeak };
}

/** The weather year whose substation peak is highest (the first of equals). */
function worstWeather(rs: readonly WeatherRuns[]): number {
  let worst = 0;
  for (let i = 1; i < rs.length; i++) if (rs[i].peakKw > rs[worst].peakKw) worst = i;
  return worst;
}

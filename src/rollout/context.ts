import { HubsimError, quote } from '../errors.js';
import type { Forecaster } from '../forecast/forecaster.js';
import { dailyNetLoad, HISTORY_DAYS, normalisation, type Normalisation } from '../forecast/features.js';
import { imbalanceSpread } from '../profiles/imbalance.js';
import { dayAheadPrices } from '../profiles/prices.js';
import { resolveHub } from '../model/resolve.js';
import type { ResolvedHub } from '../model/resolved.js';
import { yearAxis } from '../time/axis.js';
import { growthFactor } from '../economics/growth.js';
import { threadWorkspace, type Workspace } from '../run/workspace.js';
import type { Planner } from '../engine/planner.js';
import { strategyName, type StrategySpec } from '../model/strategy.js';
import type { Assumption } from '../provenance/assumptions.js';
import { createPlanner } from '../strategies/registry.js';
import { backgroundGrowth, backgroundProfile, grownBackground } from './background.js';
import { grownHub } from './grow.js';
import { PairMap, RolloutKeys, yearAxisKey } from './keys.js';
import type { LoadedRollout } from './load.js';

/**
 * What a worker keeps: the loaded scenario, the prices and forecasters of each weather year, and while
 * a task runs (one substation over the horizon) its terrains' resolved hubs and its background load,
 * forgotten when the task ends. Built once per worker thread; the shipped profiles are read once per
 * process (the threads share the main thread's) and only ever read after that.
 */
export class RolloutContext {
  /** Base hubs by terrain index and weather year. */
  private readonly hubs = new PairMap<ResolvedHub>();
  /** Background loads as described by substation index and weather year's axis (yearAxisKey). */
  private readonly backgrounds = new PairMap<Float64Array>();
  private readonly prices = new Map<number, Float64Array>();
  private readonly spreads = new Map<number, Float64Array>();
  private readonly monthKeys = new Map<number, Int32Array>();

  /** Trained forecasters by terrain index and weather year. */
  private readonly forecasters = new PairMap<Forecaster>();
  /** Where each terrain and substation sits in the scenario (a substation's terrains, found once). */
  readonly keys: RolloutKeys;

  /**
   * @param workspace the columns the runs of a task reuse (recorders, setpoints, scratch columns):
   * the thread's own by default.
   * @param plan how a job's run gets its planner.
   */
  constructor(
    readonly loaded: LoadedRollout,
    readonly workspace: Workspace = threadWorkspace(),
    /** The planner of one job's run: the registry's planner of its strategy unless given. */
    readonly plan: JobPlanner = (spec, hub) => createPlanner(spec, hub),
  ) {
    this.keys = new RolloutKeys(loaded);
  }

  /** Whether a strategy plans on the trained forecaster (mpc with forecast: model). */
  needsForecasters(): boolean {
    return this.loaded.rollout.strategies.some((s) => s.kind === 'mpc' && s.forecast === 'model');
  }

  /**
   * Train (or load from the disk cache) each terrain's forecaster for each weather year on its hub as
   * described (the base year) in the weather year before it in the scenario's list (the last for the
   * first): out of sample, so that a model never forecasts a year whose weather and load it learned
   * (the rollout's later years repeat their weather year's shapes, grown). The main thread trains
   * them before the pool starts; the workers then load them from the cache in milliseconds.
   */
  async prepareForecasters(): Promise<void> {
    if (!this.needsForecasters()) return;
    const weatherYears = this.loaded.rollout.weatherYears;
    for (const [wi, w] of weatherYears.entries()) {
      const trainedOn = trainingWeatherYear(weatherYears, wi);
      for (let i = 0; i < this.loaded.rollout.terrains.length; i++) {
        if (this.forecasters.has(i, w)) continue;
        // Loaded on demand (TensorFlow.js takes half a second to import; rollouts without mpc never need it).
        const { trainOrLoadForecaster } = await import('../forecast/forecaster.js');
        this.forecasters.set(i, w, await trainOrLoadForecaster(this.resolveTerrain(i, trainedOn)));
      }
    }
  }

  /** A terrain's trained forecaster for a weather year (prepareForecasters must have run). */
  forecaster(terrainIndex: number, weatherYear: number): Forecaster {
    const f = this.forecasters.get(terrainIndex, weatherYear);
    if (f === undefined) throw new Error(`no forecaster for terrain ${terrainIndex} in ${weatherYear}: prepareForecasters was not awaited`);
    return f;
  }

  /**
   * A terrain's hub on the weather year's axis, as described (base year), kept until the task ends
   * (endTask): a task asks for its terrains' hubs again and again, in every horizon year.
   */
  baseHub(terrainIndex: number, weatherYear: number): ResolvedHub {
    return this.hubs.once(terrainIndex, weatherYear, () => this.resolveTerrain(terrainIndex, weatherYear));
  }

  /**
   * A terrain's hub on the weather year's axis, resolved now and kept by no one: the main thread
   * resolves every terrain this way to surface its input errors and drops it at once, so it never
   * holds more than one terrain's columns.
   */
  resolveTerrain(terrainIndex: number, weatherYear: number): ResolvedHub {
    const { hub: spec, source } = this.loaded.hubs[terrainIndex];
    const axis = { stepMinutes: spec.axis.stepMinutes, year: weatherYear };
    // One value of lost load per rollout: every terrain's hub prices its lost shed load at the economics' (loadRollout refuses another).
    const valueOfLostLoadEurPerKwh = this.loaded.rollout.economics.valueOfLostLoadEurPerKwh;
    try {
      return resolveHub({ hub: { ...spec, axis, valueOfLostLoadEurPerKwh }, source });
    } catch (err) {
      throw inWeatherYear(err, this.loaded.rollout.terrains[terrainIndex].id, weatherYear);
    }
  }

  /**
   * The task (one substation over the horizon) is done: forget its terrains' hubs and its
   * background loads, so that a thread holds one substation's terrains at a time, not every
   * terrain it has run.
   */
  endTask(): void {
    this.hubs.clear();
    this.backgrounds.clear();
    this.memberEnergies.clear();
  }

  /** A terrain's hub in a horizon year: members grown by their kind's factor. */
  hubInYear(terrainIndex: number, weatherYear: number, year: number): ResolvedHub {
    return grownHub(this.baseHub(terrainIndex, weatherYear), (kind) => this.growthOf(kind, year), (n) => this.workspace.take(n));
  }

  /**
   * The level and spread of a terrain's net load in the year before `year` (its meter's record of
   * that year, in the same weather year), by which its forecaster reads the net load of `year`.
   */
  previousYearNorm(terrainIndex: number, weatherYear: number, year: number): Normalisation {
    const load = dailyNetLoad(this.hubInYear(terrainIndex, weatherYear, year - 1));
    return normalisation(load.netKw, Int32Array.from({ length: Math.max(0, load.days - HISTORY_DAYS) }, (_, k) => HISTORY_DAYS + k));
  }

  /** The demand factor of a member kind in a horizon year, relative to the hub files (growth.baseYear). */
  growthOf(kind: string, year: number): number {
    const { growth } = this.loaded.rollout;
    return growthFactor(growth[kind as keyof typeof growth] as never, growth.baseYear, year);
  }

  /**
   * How much a terrain's demand grows from one year to another: the members' growth factors weighted
   * by their energy as described, f(to) / f(from). A hub asking for transport capacity asks for what
   * its planned growth will need next year.
   */
  demandGrowth(terrainIndex: number, fromYear: number, toYear: number): number {
    let energies = this.memberEnergies.get(terrainIndex);
    if (energies === undefined) {
      const hub = this.baseHub(terrainIndex, this.loaded.rollout.weatherYears[0]);
      energies = hub.members.map((m) => ({ kind: m.kind, kwh: columnSum(m.demandKw) }));
      this.memberEnergies.set(terrainIndex, energies);
    }
    const factor = (year: number): number => {
      let weighted = 0;
      let energy = 0;
      for (const m of energies) {
        weighted += m.kwh * this.growthOf(m.kind, year);
        energy += m.kwh;
      }
      return energy > 0 ? weighted / energy : 1;
    };
    return factor(toYear) / factor(fromYear);
  }

  private readonly memberEnergies = new Map<number, { kind: string; kwh: number }[]>();

  /** A substation's background load in a horizon year (kW per step; rollout/background.ts). */
  background(substationIndex: number, weatherYear: number, year: number, steps: number, stepMinutes: number): Float64Array {
    const base = this.backgrounds.once(substationIndex, yearAxisKey(weatherYear, stepMinutes), () => backgroundProfile(this.loaded, substationIndex, weatherYear, stepMinutes));
    return grownBackground(base, backgroundGrowth(this.loaded, substationIndex, year), this.workspace.take(steps));
  }

  /** Imbalance price minus day-ahead price (EUR/MWh) on a weather year's axis (2023 for other years). */
  spreadFor(weatherYear: number, stepMinutes: number): Float64Array {
    return once(this.spreads, yearAxisKey(weatherYear, stepMinutes), () => imbalanceSpread(yearAxis(weatherYear, stepMinutes)));
  }

  /** The Europe/Amsterdam month of each step of a weather year's axis (made by `make` the first time). */
  monthKeyFor(weatherYear: number, stepMinutes: number, make: () => Int32Array): Int32Array {
    return once(this.monthKeys, yearAxisKey(weatherYear, stepMinutes), make);
  }

  /** Day-ahead prices (EUR/MWh) on a weather year's axis (its own prices, or a stated substitute year: profiles/prices.ts). */
  pricesFor(weatherYear: number, stepMinutes: number): Float64Array {
    return once(this.prices, yearAxisKey(weatherYear, stepMinutes), () => dayAheadPrices(yearAxis(weatherYear, stepMinutes)));
  }
}

/** The value of `key` in `cache`, made by `make` the first time. */
function once<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = make()));
  return value;
}

/** One job of a rollout: a terrain's run in a horizon year and weather year. */
export interface RolloutJob {
  readonly terrain: string;
  readonly year: number;
  readonly weatherYear: number;
  readonly strategy: string;
}

/** What plans a job's run: by default the strategy's planner from the registry (strategies/registry.ts). */
export type JobPlanner = (spec: StrategySpec, hub: ResolvedHub, job: RolloutJob) => Planner;

/**
 * A profile file that does not cover a weather year the rollout runs its terrain in: the error names
 * the terrain and weatherYears, and says how one metered year serves every weather year.
 */
export function inWeatherYear(err: unknown, terrain: string, weatherYear: number): unknown {
  if (!(err instanceof HubsimError) || err.code !== 'profile.wrongLength') return err;
  return new HubsimError(
    err.code,
    `terrain ${quote(terrain)} in weather year ${weatherYear} (weatherYears): ${err.message.replace(/; supply a file for the whole axis.*$/, '')}; set reuseYear: true on the file so its metered year serves every weather year, or list only the years it covers in weatherYears`,
  );
}

/** The sum of a column's values, added up in step order from 0. */
function columnSum(values: Float64Array): number {
  let sum = 0;
  for (let t = 0; t < values.length; t++) sum += values[t];
  return sum;
}

/**
 * The weather year whose forecasters forecast weather year weatherYears[wi] (prepareForecasters): the
 * one before it in the scenario's list, the last for the first, never the year itself.
 */
export function trainingWeatherYear(weatherYears: readonly number[], wi: number): number {
  return weatherYears[(wi + weatherYears.length - 1) % weatherYears.length];
}

/**
 * What the forecasters of mpc on the forecast model were trained on, as provenance states an
 * assumption: per weather year, the weather year before it (trainingWeatherYear).
 */
export function forecasterAssumptions(loaded: LoadedRollout): Assumption[] {
  const years = loaded.rollout.weatherYears;
  return loaded.rollout.strategies
    .filter((s) => s.kind === 'mpc' && s.forecast === 'model')
    .map((s) => ({
      name: `strategies[${strategyName(s)}].trainYear`,
      value: years.map((w, wi) => `${trainingWeatherYear(years, wi)} for ${w}`).join(', '),
      unit: '-',
      source: "hubsim: each weather year's forecaster is trained on each terrain as described in the weather year before it in weatherYears (the last for the first), never on the year it forecasts",
      defaulted: true,
    }));
}

import { HubsimError, quote } from '../errors.js';
import type { Forecaster } from '../forecast/forecaster.js';
import { dailyNetLoad, HISTORY_DAYS, normalisation, type Normalisation } from '../forecast/features.js';
import { imbalanceSpread } from '../profiles/imbalance.js';
import { dayAheadPrices } from '../profiles/prices.js';
import { resolveHub, withFilledStepsOf } from '../model/resolve.js';
import { hubOf, type ResolvedHub } from '../model/resolved.js';
import { yearAxis } from '../time/axis.js';
import { growthFactor } from '../economics/growth.js';
import { threadWorkspace, type Workspace } from '../run/workspace.js';
import type { Planner } from '../engine/planner.js';
import type { StrategySpec } from '../model/strategy.js';
import { createPlanner } from '../strategies/registry.js';
import { backgroundGrowth, backgroundProfile, grownBackground } from './background.js';
import { grownHub } from './grow.js';
import type { LoadedRollout } from './load.js';

/**
 * What a worker keeps between tasks: the loaded scenario and, per weather year, each terrain's
 * resolved hub, each substation's background load and the prices. Built once per worker thread;
 * the shipped profiles are read once per thread and only ever read after that.
 */
export class RolloutContext {
  private readonly hubs = new Map<string, ResolvedHub>();
  private readonly backgrounds = new Map<string, Float64Array>();
  private readonly prices = new Map<number, Float64Array>();
  private readonly spreads = new Map<number, Float64Array>();
  private readonly monthKeys = new Map<number, Int32Array>();

  private readonly forecasters = new Map<string, Forecaster>();

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
  ) {}

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
      const trainedOn = weatherYears[(wi + weatherYears.length - 1) % weatherYears.length];
      for (let i = 0; i < this.loaded.rollout.terrains.length; i++) {
        const key = `${i}@${w}`;
        if (this.forecasters.has(key)) continue;
        // Loaded on demand (TensorFlow.js takes half a second to import; rollouts without mpc never need it).
        const { trainOrLoadForecaster } = await import('../forecast/forecaster.js');
        this.forecasters.set(key, await trainOrLoadForecaster(this.baseHub(i, trainedOn)));
      }
    }
  }

  /** A terrain's trained forecaster for a weather year (prepareForecasters must have run). */
  forecaster(terrainIndex: number, weatherYear: number): Forecaster {
    const f = this.forecasters.get(`${terrainIndex}@${weatherYear}`);
    if (f === undefined) throw new Error(`no forecaster for terrain ${terrainIndex} in ${weatherYear}: prepareForecasters was not awaited`);
    return f;
  }

  /**
   * A terrain's hub on the weather year's axis, as described (base year). Its columns are kept in
   * SharedArrayBuffers (the resolved columns copied there one hub at a time, the originals left to the
   * garbage collector), so that the main thread gives them to the workers as they are (shareBaseHubs)
   * and the process holds each column once.
   */
  baseHub(terrainIndex: number, weatherYear: number): ResolvedHub {
    const key = `${terrainIndex}@${weatherYear}`;
    let hub = this.hubs.get(key);
    if (hub === undefined) {
      const { hub: spec, source } = this.loaded.hubs[terrainIndex];
      const axis = { stepMinutes: spec.axis.stepMinutes, year: weatherYear };
      // One value of lost load per rollout: every terrain's hub prices its lost shed load at the economics' (loadRollout refuses another).
      const valueOfLostLoadEurPerKwh = this.loaded.rollout.economics.valueOfLostLoadEurPerKwh;
      let resolved: ResolvedHub;
      try {
        resolved = resolveHub({ hub: { ...spec, axis, valueOfLostLoadEurPerKwh }, source });
      } catch (err) {
        throw inWeatherYear(err, this.loaded.rollout.terrains[terrainIndex].id, weatherYear);
      }
      hub = withFilledStepsOf(resolved, sharedCopy(resolved));
      this.hubs.set(key, hub);
    }
    return hub;
  }

  /**
   * Every terrain hub resolved so far (its columns in SharedArrayBuffers), for the workers to adopt
   * (adoptBaseHubs) instead of resolving the hubs again, once per thread.
   */
  shareBaseHubs(): SharedBaseHub[] {
    return [...this.hubs].map(([key, hub]) => ({ key, hub }));
  }

  /**
   * In a worker: use the hubs the main thread resolved (shareBaseHubs); read-only, as every hub.
   * Remade by hubOf, so that they have the shape of every other hub (a posted object has its own).
   */
  adoptBaseHubs(hubs: readonly SharedBaseHub[]): void {
    for (const { key, hub } of hubs) {
      if (this.hubs.has(key)) continue;
      // Members and flexible loads spelled out as resolveHub makes them, for the same reason.
      const members = hub.members.map((m) => ({ id: m.id, kind: m.kind, demandKw: m.demandKw, ownConnectionKw: m.ownConnectionKw }));
      const flexible = hub.flexible.map((f) => ({ member: f.member, availableKw: f.availableKw, maxStepsPerDay: f.maxStepsPerDay, recoverSteps: f.recoverSteps }));
      this.hubs.set(key, hubOf({ ...hub, members, flexible }));
    }
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
      energies = hub.members.map((m) => ({ kind: m.kind, kwh: m.demandKw.reduce((s, x) => s + x, 0) }));
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
    const key = `${substationIndex}@${weatherYear}@${stepMinutes}`;
    let base = this.backgrounds.get(key);
    if (base === undefined) this.backgrounds.set(key, (base = backgroundProfile(this.loaded, substationIndex, weatherYear, stepMinutes)));
    return grownBackground(base, backgroundGrowth(this.loaded, substationIndex, year), this.workspace.take(steps));
  }

  /** Imbalance price minus day-ahead price (EUR/MWh) on a weather year's axis (2023 for other years). */
  spreadFor(weatherYear: number, stepMinutes: number): Float64Array {
    return once(this.spreads, weatherYear * 100 + stepMinutes, () => imbalanceSpread(yearAxis(weatherYear, stepMinutes)));
  }

  /** The Europe/Amsterdam month of each step of a weather year's axis (made by `make` the first time). */
  monthKeyFor(weatherYear: number, stepMinutes: number, make: () => Int32Array): Int32Array {
    return once(this.monthKeys, weatherYear * 100 + stepMinutes, make);
  }

  /** Day-ahead prices (EUR/MWh) on a weather year's axis (its own prices, or a stated substitute year: profiles/prices.ts). */
  pricesFor(weatherYear: number, stepMinutes: number): Float64Array {
    return once(this.prices, weatherYear * 100 + stepMinutes, () => dayAheadPrices(yearAxis(weatherYear, stepMinutes)));
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

/** A resolved terrain hub as the main thread shares it with the workers: key terrain@weatherYear. */
export interface SharedBaseHub {
  readonly key: string;
  readonly hub: ResolvedHub;
}

/**
 * A copy of plain data whose typed arrays sit in SharedArrayBuffers, so that posting it to a worker
 * shares the columns instead of copying them. Objects, arrays and primitives are copied as they are
 * (a resolved hub holds nothing else).
 */
function sharedCopy<T>(value: T): T {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const source = value as unknown as Float64Array;
    const Kind = source.constructor as new (buffer: SharedArrayBuffer) => Float64Array;
    const shared = new Kind(new SharedArrayBuffer(source.byteLength));
    shared.set(source);
    return shared as unknown as T;
  }
  if (Array.isArray(value)) return value.map((v) => sharedCopy(v)) as unknown as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = sharedCopy(v);
    return out as T;
  }
  return value;
}

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

import type { FilledSteps } from '../model/resolve.js';
import type { Provenance } from '../provenance/provenance.js';
import type { MoneyConvention } from '../economics/present-value.js';
import { foresight, type Foresight } from '../model/strategy.js';
import { agendaCheck, type AgendaCheckRow } from './agenda-check.js';
import { attributeToTerrains, type AttributedReinforcement } from './attribution.js';
import { economicsConvention, moneyConvention, type EconomicsConvention } from './convention.js';
import { RolloutKeys } from './keys.js';
import type { LoadedRollout } from './load.js';
import { substationPlans, type SubstationSummary } from './substations.js';
import { firstPassName, strategyVariants, type JobFailure, type PurchaseRow, type SubstationYearRow, type TaskResult, type TerrainYearRow } from './task.js';
import { terrainEconomics, type TerrainEconomics, type TerrainHubEconomics } from './terrain-economics.js';
import { TerrainYears } from './terrain-years.js';
import { RolloutTotals, type StrategyTotals, type YearTotals } from './totals.js';

export type { TerrainYearRow, SubstationYearRow, PurchaseRow } from './task.js';
export type { TerrainEconomics } from './terrain-economics.js';
export type { AgendaCheckRow } from './agenda-check.js';
export type { SubstationSummary } from './substations.js';
export type { StrategyTotals, YearTotals } from './totals.js';
export type { EconomicsConvention } from './convention.js';

/*
 * A rollout's results (docs/economics.md defines every figure), built substation by substation as
 * their tasks finish: each substation's rows go into the tables, its grid into the substation
 * summaries, its avoided reinforcement to its terrains, its terrains' economics into the running
 * totals. What is kept is the running totals and the rows results.json lists; a terrain's economics
 * wait only until every terrain listed before it in the scenario is in, so the sums keep that order.
 */

export interface RolloutResult {
  name: string;
  years: number[];
  weatherYears: number[];
  strategies: string[];
  /** Per strategy variant: causal, or perfect (a perfect-foresight bound, labelled wherever printed). */
  strategyForesight: Record<string, Foresight>;
  hubYears: number;
  economicsConvention: EconomicsConvention;
  terrainYears: TerrainYearRow[];
  /** The terrain-years of the flex strategies answering the grid operator's requests, with the hub active: the same rows, their flex columns. */
  flexYears: TerrainYearRow[];
  substationYears: SubstationYearRow[];
  substationPurchases: PurchaseRow[];
  substations: SubstationSummary[];
  terrainEconomics: TerrainEconomics[];
  yearTotals: YearTotals[];
  totals: StrategyTotals[];
  agendaCheck: AgendaCheckRow[];
  failures: JobFailure[];
  /** The terrains' profile steps that were not in their files and were filled; only when some were. */
  filledSteps?: (FilledSteps & { terrain: string; weatherYear: number })[];
  /** Version, command, input files with their hashes and the assumptions used (src/provenance/). */
  provenance?: Provenance;
}

/**
 * Aggregates a rollout's task results as they come: `add` each substation's result in task order
 * (the scenario's order of substations; a substation whose task gave no result is skipped), then
 * `finish` once. The result is the same to the bit whatever the number of threads or processes ran
 * the tasks.
 */
export class RolloutAggregator {
  private readonly keys: RolloutKeys;
  private readonly money: MoneyConvention;
  private readonly totals: RolloutTotals;
  private readonly terrainYears: TerrainYearRow[] = [];
  private readonly substationYears: SubstationYearRow[] = [];
  private readonly purchases: PurchaseRow[] = [];
  private readonly substations: SubstationSummary[] = [];
  /** Per strategy index, per terrain index: the terrain's economics row, once folded into the totals. */
  private readonly terrainRows: TerrainEconomics[][];
  /** Terrains whose economics are known but wait for a terrain before them (scenario order) to be folded in. */
  private readonly waiting = new Map<number, TerrainHubEconomics[]>();
  private nextTerrain = 0;
  private lastSubstation = -1;
  private hubYears = 0;
  private readonly taskFailures: JobFailure[] = [];
  private readonly otherFailures: JobFailure[] = [];
  private finished = false;

  constructor(private readonly loaded: LoadedRollout) {
    this.keys = new RolloutKeys(loaded);
    this.money = moneyConvention(loaded);
    this.totals = new RolloutTotals(this.keys, loaded.rollout.horizon.endYear);
    this.terrainRows = this.keys.strategies.map(() => []);
  }

  /** One substation's task result; results come in task order. */
  add(result: TaskResult): void {
    this.assertOpen();
    const substation = this.keys.substation(result.substation);
    if (substation < 0) throw new Error(`RolloutAggregator: substation ${result.substation} is not in the rollout`);
    if (substation <= this.lastSubstation) throw new Error(`RolloutAggregator: substation ${result.substation} came after a later one or twice; add results in task order`);
    this.lastSubstation = substation;

    this.terrainYears.push(...result.terrainYears);
    this.substationYears.push(...result.substationYears);
    this.purchases.push(...result.purchases);
    this.hubYears += result.hubYears;
    this.taskFailures.push(...result.failures);
    this.totals.addSubstationYears(result.substationYears);
    this.totals.addTerrainYears(result.terrainYears);

    const plans = substationPlans(result, this.keys, this.money);
    this.substations.push(...plans.summaries);
    this.totals.addSubstation(plans.summaries);

    const terrains = this.keys.terrainsOf[substation];
    const rows = new TerrainYears(this.keys, result.terrainYears);
    const attributed = plans.avoided.map((a, s) => (a === null ? null : attributeToTerrains(a, terrains, s, rows)));
    terrains.forEach((ti, k) => {
      this.waiting.set(ti, this.economicsOf(ti, (s) => rows.of(ti, s), (s) => attributed[s]?.[k] ?? null));
    });
    this.foldTerrainsInOrder();
  }

  /** Failures of work that gave no result (a task or batch that failed as a whole); listed after the tasks' own. */
  addFailures(failures: readonly JobFailure[]): void {
    this.assertOpen();
    this.otherFailures.push(...failures);
  }

  /** The rollout's results; the aggregator takes no more after this. */
  finish(): RolloutResult {
    this.assertOpen();
    this.finished = true;
    // Terrains of substations without a result: their hub costs, nothing simulated.
    const noRows = this.keys.years.map(() => undefined);
    for (let ti = this.nextTerrain; ti < this.loaded.rollout.terrains.length; ti++) {
      if (!this.waiting.has(ti)) this.waiting.set(ti, this.economicsOf(ti, () => noRows, () => null));
    }
    this.foldTerrainsInOrder();

    const { rollout, years } = this.loaded;
    // A flex strategy's second pass: the variant whose first pass (before the requests) ran too.
    const flexAnswering = new Set(this.keys.strategies.filter((s) => this.keys.strategies.includes(firstPassName(s))));
    const result: RolloutResult = {
      name: rollout.name,
      years: [...years],
      weatherYears: [...rollout.weatherYears],
      strategies: [...this.keys.strategies],
      strategyForesight: Object.fromEntries(rollout.strategies.flatMap((spec) => strategyVariants([spec]).map((v) => [v, foresight(spec)]))),
      hubYears: this.hubYears,
      economicsConvention: economicsConvention(this.loaded, this.money),
      terrainYears: this.terrainYears,
      flexYears: this.terrainYears.filter((y) => y.hubActive && flexAnswering.has(y.strategy)),
      substationYears: this.substationYears,
      substationPurchases: this.purchases,
      substations: this.substations,
      terrainEconomics: this.terrainRows.flat(),
      yearTotals: this.totals.yearTotals(),
      totals: this.totals.strategyTotals(),
      agendaCheck: [],
      failures: [...this.taskFailures, ...this.otherFailures],
    };
    if (rollout.agenda !== undefined) result.agendaCheck = agendaCheck(this.loaded, result);
    return result;
  }

  /** The terrain's economics under every strategy, from its rows and attributed reinforcement per strategy index. */
  private economicsOf(ti: number, rowsOf: (s: number) => readonly (TerrainYearRow | undefined)[], attributedOf: (s: number) => AttributedReinforcement | null): TerrainHubEconomics[] {
    return this.keys.strategies.map((strategy, s) => terrainEconomics(this.loaded, ti, strategy, rowsOf(s), attributedOf(s), this.money));
  }

  /** Fold waiting terrains into the totals in scenario order, as far as no terrain before them is missing. */
  private foldTerrainsInOrder(): void {
    for (let e = this.waiting.get(this.nextTerrain); e !== undefined; e = this.waiting.get(this.nextTerrain)) {
      this.waiting.delete(this.nextTerrain);
      e.forEach((x, s) => {
        this.terrainRows[s].push(x.row);
        this.totals.addTerrain(s, x);
      });
      this.nextTerrain++;
    }
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('RolloutAggregator: finish() was called; start a new aggregator');
  }
}

/** Aggregate a whole rollout's task results at once (in task order), and the failures of tasks that gave none. */
export function aggregate(loaded: LoadedRollout, results: readonly TaskResult[], extraFailures: readonly JobFailure[] = []): RolloutResult {
  const aggregator = new RolloutAggregator(loaded);
  for (const r of results) aggregator.add(r);
  aggregator.addFailures(extraFailures);
  return aggregator.finish();
}

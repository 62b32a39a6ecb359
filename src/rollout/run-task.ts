import { simulate, type RecordedRun } from '../engine/simulate.js';
import { withCongestion } from '../flex/contract-caps.js';
import type { ResolvedHub } from '../model/resolved.js';
import { strategyName, type StrategySpec } from '../model/strategy.js';
import { computeMetrics } from '../results/metrics.js';
import { naiveDayForecast, setDayForecast } from '../strategies/day-forecasts.js';
import { createPlanner } from '../strategies/registry.js';
import type { RolloutContext } from './context.js';
import { firstPassName, WITHOUT_HUBS, type JobFailure, type RolloutTask, type SubstationOutcome, type TaskResult, type TerrainOutcome } from './task.js';

interface TerrainRun {
  terrain: string;
  hub: ResolvedHub;
  run: RecordedRun;
  hubActive: boolean;
}

/** Test hook: fail the job "terrain:year:strategy" (see tests/rollout.test.ts). */
const FAIL_JOB = process.env.HUBSIM_TEST_FAIL_JOB;

/**
 * Run one task: every terrain on one substation in one year and weather year, first without hubs
 * (all uncontrolled), then per strategy (hubs that have started run it, the others stay uncontrolled),
 * and the substation's coincident load in each variant. A job that throws is reported with its
 * terrain, year and strategy; the rest of the task goes on.
 */
export function runTask(ctx: RolloutContext, task: RolloutTask): TaskResult {
  const { rollout } = ctx.loaded;
  const subIndex = rollout.substations.findIndex((s) => s.id === task.substation);
  const substation = rollout.substations[subIndex];
  const terrainIndices = rollout.terrains.map((t, i) => (t.substation === task.substation ? i : -1)).filter((i) => i >= 0);
  ctx.beginTask();
  const failures: JobFailure[] = [];
  const terrains: TerrainOutcome[] = [];
  const substations: SubstationOutcome[] = [];
  let hubYears = 0;

  const runOne = (i: number, strategy: string, spec: Parameters<typeof createPlanner>[0], hub: ResolvedHub, hubActive: boolean): TerrainRun | null => {
    const terrain = rollout.terrains[i].id;
    try {
      if (FAIL_JOB === `${terrain}:${task.year}:${strategy}`) throw new Error('failure injected by HUBSIM_TEST_FAIL_JOB');
      hubYears++;
      const run = simulate(hub, createPlanner(spec, hub), { recorder: ctx.recorder(hub.axis.steps), setpoints: ctx.setpointsFor(hub.axis.steps) });
      return { terrain, hub, run, hubActive };
    } catch (err) {
      failures.push({ terrain, year: task.year, weatherYear: task.weatherYear, strategy, message: (err as Error).message });
      return null;
    }
  };

  const hubs = terrainIndices.map((i) => ctx.hubInYear(i, task.weatherYear, task.year));
  // MPC forecasts each terrain-year from its own history: naive forecasts directly, the model as
  // trained on the terrain's base year (a forecaster trained on history, applied to later years).
  for (const spec of rollout.strategies) {
    if (spec.kind !== 'mpc') continue;
    terrainIndices.forEach((i, k) => {
      const hub = hubs[k];
      if (spec.forecast === 'model') setDayForecast(hub, 'model', ctx.forecaster(i, task.weatherYear).applyTo(hub));
      else setDayForecast(hub, spec.forecast, naiveDayForecast(hub, spec.forecast));
      if (spec.horizonHours === 48) setDayForecast(hub, 'last-week', naiveDayForecast(hub, 'last-week'));
    });
  }
  const steps = hubs[0]?.axis.steps ?? 0;
  const stepMinutes = (hubs[0]?.axis.stepHours ?? 1) * 60;
  const dt = stepMinutes / 60;
  const background = ctx.background(subIndex, task.weatherYear, task.year, steps, stepMinutes);
  const prices = ctx.pricesFor(task.weatherYear, stepMinutes);
  const econ = rollout.economics;
  const safeKw = substation.capacityKw * (1 - econ.spareCapacity);

  const without = terrainIndices.map((i, k) => runOne(i, WITHOUT_HUBS, { kind: 'baseline' }, hubs[k], false));
  const variants: [string, (TerrainRun | null)[]][] = [[WITHOUT_HUBS, without]];
  const runVariant = (name: string, spec: StrategySpec, hubOf: (k: number) => ResolvedHub): (TerrainRun | null)[] =>
    terrainIndices.map((i, k) => {
      const active = rollout.terrains[i].hubStartYear <= task.year;
      const alone = without[k];
      // Spelled out like runOne's result (a spread copy is another shape, and outcome() deoptimised on it).
      if (!active) return alone === null ? null : { terrain: alone.terrain, hub: alone.hub, run: alone.run, hubActive: false };
      return runOne(i, name, spec, hubOf(k), true);
    });
  for (const spec of rollout.strategies) {
    const name = strategyName(spec);
    if (spec.kind !== 'flex') {
      variants.push([name, runVariant(name, spec, (k) => hubs[k])]);
      continue;
    }
    // Two passes: the substation's load before any flex request, then the hubs answering the
    // requests that load makes (CBC-A calls and GOPACS requests in its overloaded steps).
    const quiet = hubs.map((h) => (h.congestionKw === undefined && h.exportCongestionKw === undefined ? h : withCongestion(h, new Float64Array(steps), new Float64Array(steps))));
    const first = runVariant(firstPassName(name), spec, (k) => quiet[k]);
    variants.push([firstPassName(name), first]);
    if (first.some((r) => r === null)) continue;
    const requests = flexRequests(first, background, safeKw, steps);
    variants.push([name, runVariant(name, spec, (k) => (requests[k] === null ? quiet[k] : withCongestion(quiet[k], requests[k]!.importKw, requests[k]!.exportKw)))]);
  }

  for (const [strategy, runs] of variants) {
    if (runs.some((r) => r === null)) continue; // a failed job leaves this variant's substation load unknown
    const load = ctx.column(steps);
    load.set(background);
    for (const r of runs) for (let t = 0; t < steps; t++) load[t] += r!.run.recorder.gridKw[t];
    let peak = Number.NEGATIVE_INFINITY;
    let peakStep = 0;
    let overloadSteps = 0;
    let above = 0;
    for (let t = 0; t < steps; t++) {
      if (load[t] > peak) {
        peak = load[t];
        peakStep = t;
      }
      if (load[t] > safeKw) {
        overloadSteps++;
        above += (load[t] - safeKw) * dt;
      }
    }
    substations.push({ strategy, peakLoadKw: peak, overloadHours: overloadSteps * dt, energyAboveSafeKwh: above });
    for (const r of runs) terrains.push(outcome(r!, strategy, peakStep, prices, econ, dt));
  }
  return { index: task.index, substation: task.substation, year: task.year, weatherYear: task.weatherYear, terrains, substations, hubYears, failures };
}

/**
 * The grid operator's requests after pass 1. In each step where the substation's load is above its
 * safe capacity, the overload is requested from the hubs that can lower import (a CBC-A contract or
 * import bids on GOPACS), split by their battery discharge power plus largest sheddable load; where
 * its reverse flow (load below -safe capacity) is, the excess is requested from the hubs with export
 * bids, split by their battery charge power plus largest generation. Null where a terrain gets none.
 */
function flexRequests(first: readonly (TerrainRun | null)[], background: Float64Array, safeKw: number, steps: number): ({ importKw: Float64Array; exportKw: Float64Array } | null)[] {
  const load = Float64Array.from(background);
  for (const r of first) for (let t = 0; t < steps; t++) load[t] += r!.run.recorder.gridKw[t];
  const maxOf = (xs: Float64Array): number => xs.reduce((m, x) => (x > m ? x : m), 0);
  const bids = (r: TerrainRun, direction: 'import' | 'export'): boolean => r.hub.flexMarket?.gopacs?.bids.some((b) => (b.direction ?? 'import') === direction) ?? false;
  const importWeights = first.map((r) => {
    const h = r!.hub;
    if (!r!.hubActive || (h.contract?.cbcA == null && !bids(r!, 'import'))) return 0;
    return h.battery.dischargeKw + h.flexible.reduce((m, f) => Math.max(m, maxOf(f.availableKw)), 0);
  });
  const exportWeights = first.map((r) => (r!.hubActive && bids(r!, 'export') ? r!.hub.battery.chargeKw + maxOf(r!.hub.generationKw) : 0));
  const importTotal = importWeights.reduce((s, w) => s + w, 0);
  const exportTotal = exportWeights.reduce((s, w) => s + w, 0);
  return first.map((_, k) => {
    if (importWeights[k] <= 0 && exportWeights[k] <= 0) return null;
    const importKw = new Float64Array(steps);
    const exportKw = new Float64Array(steps);
    for (let t = 0; t < steps; t++) {
      if (importWeights[k] > 0 && load[t] > safeKw) importKw[t] = ((load[t] - safeKw) * importWeights[k]) / importTotal;
      if (exportWeights[k] > 0 && load[t] < -safeKw) exportKw[t] = ((-safeKw - load[t]) * exportWeights[k]) / exportTotal;
    }
    return { importKw, exportKw };
  });
}

/**
 * One terrain's figures for the economics. Lost generation is what the hub curtails plus what is
 * exported above the export cap (the grid operator curtails it: dynamisch terugleveren), valued at
 * the day-ahead price of its hour unless the scenario fixes a price. Imbalance: a company balancing
 * alone misses its forecast by forecastErrorShareAlone of its consumption and generation; a hub
 * balancing its members together by forecastErrorShareHub of its grid exchange; the volume costs
 * imbalanceSpreadEurPerMwh.
 */
function outcome(r: TerrainRun, strategy: string, peakStep: number, prices: Float64Array, econ: RolloutContext['loaded']['rollout']['economics'], dt: number): TerrainOutcome {
  const { hub, run } = r;
  const rec = run.recorder;
  stepSums(rec.gridKw, rec.curtailedKw, hub.exportCapKw, prices, econ.curtailmentPriceEurPerMwh, dt, STEP_SUMS);
  const lostKwh = STEP_SUMS[0];
  const lostEur = STEP_SUMS[1];
  const exchangedKwh = STEP_SUMS[2];
  const metrics = computeMetrics(hub, run);
  let imbalanceMwh: number;
  if (r.hubActive) imbalanceMwh = (econ.forecastErrorShareHub * exchangedKwh) / 1000;
  else imbalanceMwh = (econ.forecastErrorShareAlone * ((metrics.demandEnergyKwh ?? 0) + (metrics.generationEnergyKwh ?? 0))) / 1000;
  return {
    terrain: r.terrain,
    strategy,
    hubActive: r.hubActive,
    metrics,
    lostGenerationKwh: lostKwh,
    curtailmentCostEur: lostEur,
    imbalanceCostEur: imbalanceMwh * econ.imbalanceSpreadEurPerMwh,
    importAtSubstationPeakKw: rec.gridKw[peakStep],
  };
}

/** outcome()'s sums over the steps: [lost generation kWh, its value EUR, energy exchanged kWh]. */
const STEP_SUMS = new Float64Array(3);

/**
 * The per-step sums of outcome(), in a function of their own: V8 optimises a hot loop on the stack
 * before the code after it has run, and outcome() then deoptimised at its first line after the loop
 * in most calls of a rollout.
 */
function stepSums(gridKw: Float64Array, curtailedKw: Float64Array, exportCapKw: Float64Array, prices: Float64Array, fixedPrice: number | undefined, dt: number, out: Float64Array): void {
  let lostKwh = 0;
  let lostEur = 0;
  let exchangedKwh = 0;
  for (let t = 0; t < gridKw.length; t++) {
    const g = gridKw[t];
    const overExport = -g - exportCapKw[t];
    const lost = curtailedKw[t] + (overExport > 0 ? overExport : 0);
    if (lost > 0) {
      lostKwh += lost * dt;
      lostEur += (lost * dt * (fixedPrice ?? prices[t])) / 1000;
    }
    exchangedKwh += Math.abs(g) * dt;
  }
  out[0] = lostKwh;
  out[1] = lostEur;
  out[2] = exchangedKwh;
}

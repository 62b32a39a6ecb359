import { simulate } from '../engine/simulate.js';
import type { LoadedHub } from '../model/load.js';
import { resolveHub } from '../model/resolve.js';
import type { ResolvedHub } from '../model/resolved.js';
import type { StrategySpec } from '../model/strategy.js';
import { strategyResult, type HubResult } from '../results/result.js';
import { preparePreviousYear } from '../strategies/peak-threshold.js';
import { createPlanner } from '../strategies/registry.js';

/**
 * Give every peak shaver with a designYear that year: the same hub file on the axis of designYear
 * (its shipped shapes of that year; a file profile must cover that year). A design-year threshold
 * is sized on it; an online one starts with its last windowDays days in memory instead of learning.
 */
export function prepareDesignYears(loaded: LoadedHub, hub: ResolvedHub, strategies: readonly StrategySpec[]): void {
  for (const spec of strategies) {
    if (spec.kind !== 'peak-shaving' || spec.designYear === undefined) continue;
    const design = resolveHub({ hub: { ...loaded.hub, axis: { stepMinutes: loaded.hub.axis.stepMinutes, year: spec.designYear } }, source: loaded.source });
    preparePreviousYear(hub, spec, design);
  }
}

/** Run the given strategies (default: the hub's own list) on one resolved hub, in order. */
export function runHub(hub: ResolvedHub, strategies: readonly StrategySpec[] = hub.strategies): HubResult {
  const results = strategies.map((spec) => strategyResult(hub, spec, simulate(hub, createPlanner(spec, hub))));
  return { hub, results };
}

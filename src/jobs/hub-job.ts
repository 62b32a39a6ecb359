import { simulate } from '../engine/simulate.js';
import type { ResolvedHub } from '../model/resolved.js';
import type { StrategySpec } from '../model/strategy.js';
import { strategyResult, type HubResult } from '../results/result.js';
import { createPlanner } from '../strategies/registry.js';

/** Run the given strategies (default: the hub's own list) on one resolved hub, in order. */
export function runHub(hub: ResolvedHub, strategies: readonly StrategySpec[] = hub.strategies): HubResult {
  const results = strategies.map((spec) => strategyResult(hub, spec, simulate(hub, createPlanner(spec, hub))));
  return { hub, results };
}

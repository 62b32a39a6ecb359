import type { RecordedRun } from '../engine/simulate.js';
import type { ResolvedHub } from '../model/resolved.js';
import { foresight, type Foresight, type StrategySpec } from '../model/strategy.js';
import { computeMetrics, type Metrics } from './metrics.js';

/** The result of one hub x strategy run: its metrics and its per-step record. */
export interface StrategyResult {
  readonly strategy: string;
  readonly kind: StrategySpec['kind'];
  /** causal, or perfect: a perfect-foresight bound no controller reaches. */
  readonly foresight: Foresight;
  readonly metrics: Metrics;
  readonly run: RecordedRun;
}

/** All strategies of one hub. */
export interface HubResult {
  readonly hub: ResolvedHub;
  readonly results: readonly StrategyResult[];
}

export function strategyResult(hub: ResolvedHub, spec: StrategySpec, run: RecordedRun): StrategyResult {
  return { strategy: run.strategy, kind: spec.kind, foresight: foresight(spec), metrics: computeMetrics(hub, run), run };
}

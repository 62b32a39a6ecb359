import { describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulate.js';
import { StrategySpec } from '../src/model/strategy.js';
import { runFigures, type FigureInputs } from '../src/rollout/terrain-figures.js';
import { createPlanner } from '../src/strategies/registry.js';
import { localMonthKey } from '../src/time/axis.js';
import { randomHub } from './support/random-hub.js';
import { rng } from './support/random.js';

/*
 * A rollout's figures of one run beyond its metrics (src/rollout/terrain-figures.ts), held to plain
 * loops over the run's recorded columns on random hubs: generation lost (curtailed, or exported above
 * the export cap), import above the firm cap, and the forecast error of the grid exchange. About one
 * random hub in five has an import cap that varies through the day, the rest one value all year; the
 * sums are added in the same order, so they match to the bit.
 */
describe('a rollout run\'s figures', () => {
  it('match plain loops over the recorded columns on random hubs, with caps of one value and caps that vary', () => {
    let varying = 0;
    let above = 0;
    let lost = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const hub = randomHub(seed);
      const r = rng(seed + 77);
      const n = hub.axis.steps;
      const dt = hub.axis.stepHours;
      const lag = Math.round(24 / dt);
      const inputs: FigureInputs = {
        prices: Float64Array.from({ length: n }, () => 20 + 200 * r()),
        spread: Float64Array.from({ length: n }, () => 50 * (r() - 0.5)),
        curtailmentPriceEurPerMwh: undefined,
        forecastLagSteps: lag,
        monthKey: localMonthKey(hub.axis),
        dso: 'Liander',
        year: 2030,
      };
      const spec = StrategySpec.parse(seed % 2 === 0 ? { kind: 'congestion' } : { kind: 'baseline' });
      const run = simulate(hub, createPlanner(spec, hub));
      const grid = run.recorder.gridKw;
      const curtailed = run.recorder.curtailedKw;
      const f = runFigures(hub, { run, gridKw: grid, curtailedKw: curtailed }, inputs);

      let lostKw = 0;
      let lostEur = 0;
      let aboveKw = 0;
      let aboveSteps = 0;
      let errorKw = 0;
      let cost = 0;
      for (let t = 0; t < n; t++) {
        const x = curtailed[t] + Math.max(0, -grid[t] - hub.exportCapKw[t]);
        if (x > 0) {
          lostKw += x;
          lostEur += x * inputs.prices[t];
        }
        if (grid[t] - hub.importCapKw[t] > 1e-9) {
          aboveKw += grid[t] - hub.importCapKw[t];
          aboveSteps++;
        }
        if (t >= lag) {
          const e = grid[t] - grid[t - lag];
          cost += e * inputs.spread[t];
          errorKw += Math.abs(e);
        }
      }
      expect(f.lostGenerationKwh, `seed ${seed}`).toBe(lostKw * dt);
      expect(f.curtailmentCostEur, `seed ${seed}`).toBe((lostEur * dt) / 1000);
      expect(f.aboveCapKwh, `seed ${seed}`).toBe(aboveKw * dt);
      expect(f.aboveCapHours, `seed ${seed}`).toBe(aboveSteps * dt);
      expect(f.hubErrorKwh, `seed ${seed}`).toBe(errorKw * dt);
      expect(f.hubImbalanceEur, `seed ${seed}`).toBe((cost * dt) / 1000);
      if (hub.importCapKw.some((x) => x !== hub.importCapKw[0])) varying++;
      if (aboveSteps > 0) above++;
      if (lostKw > 0) lost++;
    }
    // The draws reach both kinds of cap, steps above the cap and generation lost.
    expect(varying).toBeGreaterThan(5);
    expect(above).toBeGreaterThan(5);
    expect(lost).toBeGreaterThan(5);
  });
});

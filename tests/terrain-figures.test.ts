import { describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulate.js';
import { StrategySpec } from '../src/model/strategy.js';
import { runFigures, type FigureInputs } from '../src/rollout/terrain-figures.js';
import { createPlanner } from '../src/strategies/registry.js';
import { localMonthKey } from '../src/time/axis.js';
import { randomHub, randomHubSpec } from './support/random-hub.js';
import { testHub } from './support/build-hub.js';
import { rng } from './support/random.js';

/*
 * A rollout's figures of one run beyond its metrics (src/rollout/terrain-figures.ts), held to plain
 * loops over the run's recorded columns on random hubs: generation lost (curtailed, or exported above
 * the export cap), import above the firm cap, and the forecast error of the grid exchange. About one
 * random hub in five has an import cap that varies through the day, the rest one value all year; the
 * sums are added in the same order, so they match to the bit, also where runFigures skips a sum that
 * the run's peaks and curtailment show is 0.
 */
describe('a rollout run\'s figures', () => {
  it('match plain loops over the recorded columns on random hubs, with caps of one value and caps that vary', () => {
    let varying = 0;
    let above = 0;
    let lost = 0;
    let neither = 0;
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
      if (aboveSteps === 0 && lostKw === 0) neither++;
    }
    // The draws reach both kinds of cap, steps above the cap, generation lost, and runs with
    // neither (whose sums runFigures takes as 0 from the run's own peaks and curtailment).
    expect(varying).toBeGreaterThan(5);
    expect(above).toBeGreaterThan(5);
    expect(lost).toBeGreaterThan(5);
    expect(neither).toBeGreaterThan(5);
  });

  it('count import above the cap of a run whose peak is only just above it', () => {
    // The run's peak import says whether any step is above the lowest cap; a cap a millionth of a kW
    // below the peak is passed by the peak step alone (over 1e-9 kW: counted).
    for (let seed = 1; seed <= 20; seed++) {
      const spec = randomHubSpec(seed);
      const first = randomHub(seed);
      const peak = simulate(first, createPlanner(StrategySpec.parse({ kind: 'baseline' }), first)).balance.peakImportKw;
      const hub = testHub({ ...spec, importCapKw: new Float64Array(spec.importCapKw.length).fill(peak - 1e-6) });
      const run = simulate(hub, createPlanner(StrategySpec.parse({ kind: 'baseline' }), hub));
      const inputs: FigureInputs = {
        prices: new Float64Array(hub.axis.steps).fill(50),
        spread: new Float64Array(hub.axis.steps),
        curtailmentPriceEurPerMwh: undefined,
        forecastLagSteps: 24,
        monthKey: localMonthKey(hub.axis),
        dso: 'Liander',
        year: 2030,
      };
      const f = runFigures(hub, { run, gridKw: run.recorder.gridKw, curtailedKw: run.recorder.curtailedKw }, inputs);
      expect(run.balance.peakImportKw, `seed ${seed}`).toBe(peak);
      expect(f.aboveCapHours, `seed ${seed}`).toBeGreaterThan(0);
      expect(f.aboveCapKwh, `seed ${seed}`).toBeGreaterThan(0);
    }
  });
});

// MPC with the trained model against MPC with each naive forecast on every shipped example, as
// `hubsim run <example> --regret` reports them: the better forecast must not plan worse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareEarlierYears, runHub } from '../src/jobs/hub-job.js';
import { loadHub } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import { StrategySpec } from '../src/model/strategy.js';
import { REGRET_STRATEGIES, regretRows } from '../src/report/regret.js';
import { prepareStrategies } from '../src/strategies/registry.js';
import { hubTable } from '../src/report/table.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLES = fs
  .readdirSync(path.join(ROOT, 'scenarios/examples'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

// A fresh cache: the models are trained here, on the hubs in 2019 (a few seconds per hub;
// business-park and flex-park have the same load, so one model serves both).
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-mpc-examples-'));
const before = process.env.HUBSIM_CACHE_DIR;
beforeAll(() => {
  process.env.HUBSIM_CACHE_DIR = DIR;
});
afterAll(() => {
  if (before === undefined) delete process.env.HUBSIM_CACHE_DIR;
  else process.env.HUBSIM_CACHE_DIR = before;
  fs.rmSync(DIR, { recursive: true, force: true });
});

describe('mpc on the shipped examples', () => {
  it('finds the four examples', () => {
    expect(EXAMPLES).toEqual(['business-park.yaml', 'datacenter-campus.yaml', 'flex-park.yaml', 'mixed-park.yaml']);
  });

  it.each(EXAMPLES)(
    '%s: MPC with the model reaches no higher peak and no higher tariff cost than MPC with same hour yesterday or last week',
    async (file) => {
      const loaded = loadHub(path.join(ROOT, 'scenarios/examples', file));
      const hub = resolveHub(loaded);
      const specs = REGRET_STRATEGIES.map((s) => StrategySpec.parse(s));
      // As hubsim run does: the model is trained on the hub in 2019 and forecasts 2023 (out of sample).
      await prepareEarlierYears(loaded, hub, specs);
      await prepareStrategies(specs, [hub]);
      const result = runHub(hub, specs);
      // The run says which year the forecaster learnt from (results.json diagnostics, the terminal note).
      const modelRun = result.results.find((r) => r.strategy === 'mpc-model')!;
      expect(modelRun.run.diagnostics?.forecastTrainYear).toBe(2019);
      for (const naive of result.results.filter((r) => r.strategy.startsWith('mpc-') && r.strategy !== 'mpc-model')) expect(naive.run.diagnostics?.forecastTrainYear).toBeUndefined();
      expect(hubTable(result)).toMatch(/mpc-model: forecaster trained on 2019 and applied to the year scored/);
      const rows = regretRows(result);
      const row = (name: string) => rows.find((r) => r.strategy === name)!;
      const model = row('mpc-model');
      for (const naive of [row('mpc-yesterday'), row('mpc-last-week')]) {
        expect(model.peakImportKw, `peak against ${naive.strategy}`).toBeLessThanOrEqual(naive.peakImportKw + 1e-6);
        expect(model.costEur, `cost against ${naive.strategy}`).toBeLessThanOrEqual(naive.costEur + 1e-6);
      }
      // Perfect foresight stays the bound.
      expect(row('perfect-foresight').peakImportKw).toBeLessThanOrEqual(model.peakImportKw + 1e-6);
    },
    240_000,
  );
});

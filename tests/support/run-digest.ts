import { createHash } from 'node:crypto';
import { simulate } from '../../src/engine/simulate.js';
import { roundNumber } from '../../src/report/format.js';
import { createPlanner } from '../../src/strategies/registry.js';
import { randomHub } from './random-hub.js';

/** The sums of a run that existed before shifted load (RunSummary before shifted load, as of commit 8eb1973), in this order. */
const SUMS = [
  'energyResidualKwh',
  'energyResidualRelative',
  'batteryResidualKwh',
  'batteryResidualRelative',
  'peakImportKw',
  'peakExportKw',
  'importKwh',
  'exportKwh',
  'shedKwh',
  'curtailedKwh',
  'chargeKwh',
  'dischargeKwh',
  'stepsAboveImportCap',
  'energyAboveImportCapKwh',
  'stepsAboveExportCap',
  'energyAboveExportCapKwh',
  'stepsShed',
  'stepsBatteryLimited',
  'stepsShedLimited',
  'socEndKwh',
] as const;
const COLUMNS = ['gridKw', 'batteryKw', 'socKwh', 'shedKw', 'curtailedKw', 'flags'] as const;

/**
 * SHA-256 of every strategy's run on the random hubs of seeds 1..hubs (tests/support/random-hub.ts,
 * no recoverWithinHours): the recorded columns and sums, and the sums of the batch run (record:
 * false, the fused one-pass loops), each value rounded to 12 significant digits as results.json
 * rounds it.
 */
export function runDigest(hubs: number): string {
  const hash = createHash('sha256');
  const add = (x: number): void => {
    hash.update(`${roundNumber(x)},`);
  };
  for (let seed = 1; seed <= hubs; seed++) {
    const hub = randomHub(seed);
    for (const spec of hub.strategies) {
      const recorded = simulate(hub, createPlanner(spec, hub));
      const batch = simulate(hub, createPlanner(spec, hub), { record: false });
      for (const c of COLUMNS) for (const x of recorded.recorder[c]) add(x);
      for (const run of [recorded, batch]) for (const k of SUMS) add(run.balance[k]);
    }
  }
  return hash.digest('hex');
}

import { join } from 'node:path';
import { fail } from '../errors.js';
import { fileKind } from '../model/input-kind.js';
import { checkOutputFolder, writeOutputFolder } from '../report/write.js';
import { MANIFEST_FILE, RESULTS_FILE, manifestFor, manifestJson, readBaseline, type Manifest } from '../regress/baseline.js';
import { compareLeaves, type Comparison } from '../regress/compare-values.js';
import { flattenResults } from '../regress/flatten.js';
import { regressText } from '../regress/report-text.js';
import { boundsOf } from '../report/table.js';
import { EXIT_JOBS_FAILED } from './rollout.js';
import { compareInputs, inputChangeLines, recordedInputs } from '../regress/inputs.js';
import { withLedger } from '../provenance/ledger.js';
import { prepareEarlierYears, runHub } from '../jobs/hub-job.js';
import { loadHub } from '../model/load.js';
import { resolveHub } from '../model/resolve.js';
import { hubResultJson } from '../report/json.js';
import { rolloutJson } from '../report/rollout-output.js';
import { runRollout } from '../rollout/run.js';
import { sweepJson } from '../report/sweep-output.js';
import { runSweep } from '../sweep/run.js';
import type { JobFailure } from '../rollout/task.js';
import { prepareStrategies } from '../strategies/registry.js';
import type { Io } from './io.js';
import { chooseStrategies, runProvenance } from './run.js';

export interface RegressOptions {
  baseline: string;
  update?: boolean;
  from?: string;
  strategy?: string;
  json?: boolean;
  /** Worker threads (parsed by commander: workersOption). */
  workers: number;
  allowInputChange?: boolean;
}

/** Exit code when a value drifted beyond its tolerance (or disappeared). */
export const EXIT_DRIFTED = 1;
export const REGRESS_SCHEMA_VERSION = 1;

/** What a baseline's command produces now: results.json's text, byte for byte as `--out` writes it. */
interface Produced {
  readonly text: string;
  readonly json: Record<string, unknown>;
  readonly failures: readonly JobFailure[];
}

/** Run the command a baseline was made from (hubsim run, rollout or sweep) on its input. */
async function produceResults(manifest: Manifest, inputPath: string, workers: number, dir: string, rollout: typeof runRollout): Promise<Produced> {
  // Provenance names the files relative to the baseline folder (as baseline.json names its input),
  // so a baseline records the same paths from any working directory.
  if (manifest.command === 'rollout') {
    const result = await rollout(inputPath, { workers, provenanceBase: dir });
    const json = rolloutJson(result);
    return { text: `${JSON.stringify(json, null, 2)}\n`, json, failures: result.failures };
  }
  if (manifest.command === 'sweep') {
    // A sweep with a failed batch writes nothing (sweep.batchFailed, exit 3): no figure to record or compare.
    const json = sweepJson(await runSweep(inputPath, { workers, provenanceBase: dir })) as unknown as Record<string, unknown>;
    return { text: `${JSON.stringify(json, null, 2)}\n`, json, failures: [] };
  }
  const { value, ledger } = await withLedger(async () => {
    const loaded = loadHub(inputPath);
    const hub = resolveHub(loaded);
    const strategies = manifest.strategies === undefined ? hub.strategies : chooseStrategies(manifest.strategies.join(','), hub.strategies);
    await prepareEarlierYears(loaded, hub, strategies);
    await prepareStrategies(strategies, [hub]);
    return { loaded, strategies, result: runHub(hub, strategies) };
  });
  // The object `hubsim run --out` writes, without --regret and --timings (a baseline records neither).
  const json = hubResultJson(value.result) as Record<string, unknown>;
  json.provenance = runProvenance(ledger, value.loaded, value.strategies, inputPath, { strategy: manifest.strategies?.join(',') }, dir, value.result.hub.tariff);
  return { text: `${JSON.stringify(json, null, 2)}\n`, json, failures: [] };
}

/** A rollout scenario (told from its keys, as validate tells it) is rolled out, a sweep file swept; anything else is taken as a hub file (its loader reports its errors). */
function commandOf(file: string): Manifest['command'] {
  const kind = fileKind(file, 'regress.notFound');
  return kind === 'rollout' || kind === 'sweep' ? kind : 'run';
}

function checkOptions(options: RegressOptions): void {
  if (options.from !== undefined && !options.update) fail('regress.fromNeedsUpdate', { field: '--from' }, '--from makes a new baseline and needs --update');
  if (options.strategy !== undefined && options.from === undefined) fail('regress.strategyNeedsFrom', { field: '--strategy' }, '--strategy is recorded in a new baseline and needs --update --from <hub-file>');
}

function newManifest(options: RegressOptions): Manifest | undefined {
  if (options.from === undefined) return undefined;
  const command = commandOf(options.from);
  if (command !== 'run' && options.strategy !== undefined) fail('regress.strategyNeedsFrom', { field: '--strategy' }, `chooses the strategies of a hub file; a ${command} runs those of its ${command === 'rollout' ? 'scenario' : 'sweep file'}`);
  const strategies = options.strategy?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return manifestFor(command, options.from, options.baseline, strategies);
}

function comparisonJson(cmp: Comparison, dir: string, manifest: Manifest): { ok: boolean } & Record<string, unknown> {
  return { schemaVersion: REGRESS_SCHEMA_VERSION, baseline: dir, command: manifest.command, input: manifest.input, ok: cmp.failed === 0, compared: cmp.compared, failed: cmp.failed, changes: cmp.changes };
}

/**
 * `hubsim regress --baseline DIR`: run what the baseline was made from, compare every value of the
 * new results.json with the recorded one, and exit 1 when anything drifted beyond its tolerance.
 * `--update` records the new results instead (atomically); with `--from FILE` it makes a new baseline.
 * `rollout` runs a rollout baseline's scenario (as rolloutCommand's `run`).
 */
export async function regressCommand(options: RegressOptions, io: Io, rollout: typeof runRollout = runRollout): Promise<number> {
  checkOptions(options);
  const workers = options.workers;
  const dir = options.baseline;
  // --update replaces the folder as a whole, carrying over baseline.json and tolerances.json.
  if (options.update) checkOutputFolder(dir, 'update');
  const baseline = readBaseline(dir, { manifestOverride: newManifest(options), allowNoResults: options.update === true });
  const produced = await produceResults(baseline.manifest, baseline.inputPath, workers, dir, rollout);
  for (const f of produced.failures) io.stderr.write(`hubsim: job failed: terrain ${f.terrain}, year ${f.year}, weather ${f.weatherYear}, strategy ${f.strategy}: ${f.message}\n`);
  const hubName = baseline.manifest.command === 'run' ? String((produced.json.hub as { name?: unknown }).name) : undefined;
  const cmp = compareLeaves(baseline.results === undefined ? [] : flattenResults(baseline.results), flattenResults(produced.json), baseline.tolerances, hubName);

  if (options.update) {
    // A baseline with failed jobs would record missing figures as the truth.
    if (produced.failures.length > 0) fail('regress.jobsFailed', { file: baseline.inputPath }, `${produced.failures.length} job(s) failed (named above); the baseline was not updated`);
    const files = new Map([[RESULTS_FILE, produced.text]]);
    if (options.from !== undefined) files.set(MANIFEST_FILE, manifestJson(baseline.manifest));
    writeOutputFolder(dir, files, 'update');
    const what = baseline.resultsText === undefined ? 'recorded' : baseline.resultsText === produced.text ? 'unchanged' : `updated (${cmp.changes.length} value(s) changed)`;
    if (options.json) io.stdout.write(`${JSON.stringify({ ...comparisonJson(cmp, dir, baseline.manifest), updated: true }, null, 2)}\n`);
    else io.stdout.write(`regress ${dir}: ${join(dir, RESULTS_FILE)} ${what} from hubsim ${baseline.manifest.command} ${baseline.manifest.input}\n`);
    return 0;
  }
  // Inputs: a file read with other bytes than the baseline's (or no longer, or newly read) fails the
  // check unless --allow-input-change; a baseline made before provenance records none to compare.
  const recorded = recordedInputs(baseline.results);
  const inputChanges = recorded === undefined ? [] : compareInputs(recorded, recordedInputs(produced.json) ?? []);
  const inputsFail = inputChanges.length > 0 && options.allowInputChange !== true;
  if (options.json) {
    const out = { ...comparisonJson(cmp, dir, baseline.manifest), inputsRecorded: recorded !== undefined, inputChanges, allowInputChange: options.allowInputChange === true };
    out.ok = cmp.failed === 0 && !inputsFail;
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    for (const line of inputChangeLines(inputChanges, options.allowInputChange === true)) io.stdout.write(`${line}\n`);
    if (recorded === undefined) io.stdout.write(`note: ${join(dir, RESULTS_FILE)} records no input hashes (made before provenance); --update records them\n`);
    // A strategy that is a bound on either side is labelled so: a bound dropped from the input still names its missing rows "(bound)".
    const bounds = new Set([...boundsOf(produced.json), ...(baseline.results === undefined ? [] : boundsOf(baseline.results))]);
    io.stdout.write(regressText(cmp, dir, bounds, inputsFail ? inputChanges.length : 0));
  }
  // Failed jobs (a bug, or a worker lost) leave their values missing: that is not a drift, and says so.
  if (produced.failures.length > 0) {
    io.stderr.write(`hubsim: ${produced.failures.length} job(s) failed (named above); their values count as missing above, and the check exits ${EXIT_JOBS_FAILED}, not ${EXIT_DRIFTED}\n`);
    return EXIT_JOBS_FAILED;
  }
  return cmp.failed > 0 || inputsFail ? EXIT_DRIFTED : 0;
}

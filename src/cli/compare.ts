import { existsSync, statSync } from 'node:fs';
import { readResultsFile } from '../files.js';
import { basename, join } from 'node:path';
import { fail } from '../errors.js';
import { checkSameKind, compareResults, comparisonText, parseResults, type ParsedResults } from '../report/compare.js';
import { rolloutJson } from '../report/rollout-output.js';
import { asKind } from '../model/input-kind.js';
import { loadRollout } from '../rollout/load.js';
import { runRollout } from '../rollout/run.js';
import type { JobFailure } from '../rollout/task.js';
import type { Io } from './io.js';
import { progressBar } from './progress.js';
import { EXIT_JOBS_FAILED } from './rollout.js';

export interface CompareOptions {
  /** Worker threads (parsed by commander: workersOption). */
  workers: number;
  json?: boolean;
}

/** An input once recognised: results already on disk, or a rollout scenario still to run. */
type Input = { readonly type: 'results'; readonly parsed: ParsedResults } | { readonly type: 'scenario'; readonly path: string };

function readJson(file: string): unknown {
  const text = readResultsFile(file, 'compare.notFound');
  try {
    return JSON.parse(text);
  } catch (err) {
    return fail('compare.badJson', { file }, `is not valid JSON (${(err as Error).message})`);
  }
}

/**
 * A folder written by `hubsim rollout --out` or `hubsim run --out` (its results.json is read), a
 * results.json itself, or a rollout scenario file (checked now, run later).
 */
async function recognise(path: string, label: string): Promise<Input> {
  if (!existsSync(path)) fail('compare.notFound', { file: path }, `${label}: no such results folder or scenario file`);
  if (statSync(path).isDirectory()) {
    const file = join(path, 'results.json');
    if (!existsSync(file)) fail('compare.noResults', { file: path }, `${label}: the folder has no results.json; give a folder written by hubsim rollout --out or hubsim run --out, or a rollout scenario file`);
    return { type: 'results', parsed: parseResults(readJson(file), file) };
  }
  // A file named results.json is results: one that is not JSON is refused as such, not as a scenario.
  if (basename(path) === 'results.json') return { type: 'results', parsed: parseResults(readJson(path), path) };
  if (path.toLowerCase().endsWith('.json')) {
    // A results.json given directly (a scenario in JSON has no schemaVersion).
    let json: unknown;
    try {
      json = JSON.parse(readResultsFile(path, 'compare.notFound'));
    } catch {
      json = undefined; // not JSON: the scenario loader reports it with its line
    }
    if (typeof json === 'object' && json !== null && 'schemaVersion' in json) return { type: 'results', parsed: parseResults(json, path) };
  }
  // Every input error of the scenario surfaces before anything runs; a hub or sweep file given here
  // is named as such in one line (a hub is run with hubsim run --out first).
  await asKind(path, 'rollout', () => loadRollout(path));
  return { type: 'scenario', path };
}

/**
 * `hubsim compare A B`: two rollouts (results folders or scenario files, run here on the worker
 * pool) or two `hubsim run` results folders, side by side with the differences B - A.
 */
export async function compareCommand(pathA: string, pathB: string, options: CompareOptions, io: Io): Promise<number> {
  const workers = options.workers;
  const inputs = [await recognise(pathA, 'A'), await recognise(pathB, 'B')];
  // Two results already read can be told apart before any scenario runs.
  const kinds = inputs.map((i): ParsedResults['kind'] => (i.type === 'results' ? i.parsed.kind : 'rollout'));
  checkSameKind(kinds[0], kinds[1], pathA, pathB);

  const failures: JobFailure[] = [];
  const parsed: ParsedResults[] = [];
  for (const [k, input] of inputs.entries()) {
    if (input.type === 'results') {
      parsed.push(input.parsed);
      continue;
    }
    const label = k === 0 ? 'A' : 'B';
    const bar = !options.json && io.stderr.isTTY === true ? progressBar(io.stderr, `rollout ${label}`) : undefined;
    const result = await runRollout(input.path, { workers, onProgress: bar?.update });
    bar?.done();
    failures.push(...result.failures);
    parsed.push(parseResults(rolloutJson(result), input.path));
  }

  const comparison = compareResults(parsed[0], parsed[1], pathA, pathB);
  io.stdout.write(options.json ? `${JSON.stringify(comparison, null, 2)}\n` : comparisonText(comparison));
  for (const f of failures) io.stderr.write(`hubsim: job failed: terrain ${f.terrain}, year ${f.year}, weather ${f.weatherYear}, strategy ${f.strategy}: ${f.message}\n`);
  const failed = comparison.a.failures + comparison.b.failures;
  if (failed > 0 && failures.length === 0) io.stderr.write(`hubsim: ${failed} failed job(s) in the results compared; their figures are missing\n`);
  return failed > 0 ? EXIT_JOBS_FAILED : 0;
}

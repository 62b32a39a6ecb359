import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { fail } from '../errors.js';
import { readResultsFile, readUserFile } from '../files.js';
import { fileKind } from '../model/input-kind.js';
import { parseTolerances, type TolerancesFile } from './tolerance.js';

/*
 * A baseline folder (tests/regression/<name>/):
 *
 *   baseline.json    what the results were made from: the command (run, rollout or sweep), the input
 *                    file (relative to this folder, so the check works from any working directory)
 *                    and, for run, the strategies chosen
 *   results.json     exactly what `hubsim run --out`, `hubsim rollout --out` or `hubsim sweep --out`
 *                    writes for that input
 *   tolerances.json  optional: bounds per metric or glob pattern (src/regress/tolerance.ts)
 */

export const BASELINE_SCHEMA_VERSION = 1;
export const MANIFEST_FILE = 'baseline.json';
export const RESULTS_FILE = 'results.json';
export const TOLERANCES_FILE = 'tolerances.json';

export const Manifest = z.strictObject({
  schemaVersion: z.literal(BASELINE_SCHEMA_VERSION).describe('Version of this manifest\'s layout.'),
  command: z.enum(['run', 'rollout', 'sweep']).describe('The hubsim command the results come from.'),
  input: z.string().min(1).describe('The hub file (run), rollout scenario (rollout) or sweep file (sweep), relative to the baseline folder.'),
  strategies: z.array(z.string().min(1)).min(1).optional().describe('run only: the strategies chosen (hubsim run --strategy); default: all of the hub file.'),
});
export type Manifest = z.infer<typeof Manifest>;

export interface Baseline {
  readonly dir: string;
  readonly manifest: Manifest;
  /** The input file resolved against the baseline folder. */
  readonly inputPath: string;
  /** The recorded results.json, parsed; undefined when the folder has none yet (only with --update). */
  readonly results: Record<string, unknown> | undefined;
  /** The recorded results.json text, to tell "unchanged bytes" from "changed". */
  readonly resultsText: string | undefined;
  readonly tolerances: TolerancesFile | undefined;
}

function readJson(file: string, text = readUserFile(file, 'regress.notFound')): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    return fail('regress.badJson', { file }, `is not valid JSON (${(err as Error).message})`);
  }
}

function parseManifest(json: unknown, file: string): Manifest {
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail('regress.badManifest', { file, field: issue.path.map(String).join('.') }, `${issue.message}; a baseline.json has schemaVersion 1, command "run", "rollout" or "sweep" and input`);
  }
  if (parsed.data.command !== 'run' && parsed.data.strategies !== undefined) {
    fail('regress.badManifest', { file, field: 'strategies' }, `is for command "run" only; a ${parsed.data.command} runs the strategies of its ${parsed.data.command === 'rollout' ? 'scenario' : 'sweep file'}`);
  }
  return parsed.data;
}

/** The kind of input file each command reads, and the reverse. */
const KIND_OF_COMMAND = { run: 'hub', rollout: 'rollout', sweep: 'sweep' } as const;
export const COMMAND_OF_KIND = { hub: 'run', rollout: 'rollout', sweep: 'sweep' } as const;

/**
 * Does the input's kind (told from its keys) fit the command of baseline.json? A hub file recorded
 * as a rollout (or the reverse) would have its results and its run refused in the other kind's words,
 * and --update could not mend it: say what does not fit. An input that cannot be read or told apart
 * is left to the run, which names its problem.
 */
function checkInputKind(manifest: Manifest, inputPath: string, manifestFile: string): void {
  const kind = fileKind(inputPath, 'regress.notFound');
  const fits = KIND_OF_COMMAND[manifest.command];
  if (kind === undefined || kind === fits) return;
  const instead = kind === 'baseline' ? 'a baseline records a hub file (command "run"), a rollout scenario (command "rollout") or a sweep file (command "sweep")' : `set command to "${COMMAND_OF_KIND[kind]}"`;
  fail('regress.badManifest', { file: manifestFile, field: 'command' }, `is "${manifest.command}" but its input ${manifest.input} is a ${kind} file, not a ${fits} file; ${instead}, or give a ${fits} file as input`);
}

/** Is this results.json the kind the manifest's command writes? */
function checkResultsKind(results: unknown, manifest: Manifest, file: string): Record<string, unknown> {
  const obj = typeof results === 'object' && results !== null && !Array.isArray(results) ? (results as Record<string, unknown>) : undefined;
  const kind = obj === undefined ? undefined : obj.kind === 'rollout' ? 'rollout' : typeof obj.sweep === 'object' && Array.isArray(obj.rows) ? 'sweep' : typeof obj.hub === 'object' && typeof obj.strategies === 'object' ? 'run' : undefined;
  if (obj === undefined || kind !== manifest.command) {
    fail('regress.badResults', { file }, `is not the results.json of hubsim ${manifest.command}; rewrite it with hubsim regress --baseline ${dirname(file)} --update`);
  }
  return obj;
}

/**
 * Read a baseline folder. `manifestOverride` (from --from) replaces baseline.json, for making a new
 * baseline; `allowNoResults` lets --update start from a folder without results.json.
 */
export function readBaseline(dir: string, options: { manifestOverride?: Manifest; allowNoResults?: boolean } = {}): Baseline {
  if (options.manifestOverride === undefined && (!existsSync(dir) || !statSync(dir).isDirectory())) {
    fail('regress.notFound', { file: dir }, 'no such baseline folder; make one with hubsim regress --baseline DIR --update --from <hub file, scenario or sweep file>');
  }
  const manifestFile = join(dir, MANIFEST_FILE);
  let manifest = options.manifestOverride;
  if (manifest === undefined) {
    if (!existsSync(manifestFile)) fail('regress.notFound', { file: manifestFile }, 'the baseline folder has no baseline.json; make one with --update --from <hub file, scenario or sweep file>');
    manifest = parseManifest(readJson(manifestFile), manifestFile);
    checkInputKind(manifest, isAbsolute(manifest.input) ? manifest.input : join(dir, manifest.input), manifestFile);
  }
  const resultsFile = join(dir, RESULTS_FILE);
  let results: Record<string, unknown> | undefined;
  let resultsText: string | undefined;
  if (existsSync(resultsFile)) {
    resultsText = readResultsFile(resultsFile, 'regress.noResults');
    results = checkResultsKind(readJson(resultsFile, resultsText), manifest, resultsFile);
  } else if (!options.allowNoResults) {
    fail('regress.noResults', { file: resultsFile }, 'the baseline has no results.json; record it with hubsim regress --baseline DIR --update');
  }
  const tolerancesFile = join(dir, TOLERANCES_FILE);
  const tolerances = existsSync(tolerancesFile) ? parseTolerances(readJson(tolerancesFile), tolerancesFile) : undefined;
  return { dir, manifest, inputPath: isAbsolute(manifest.input) ? manifest.input : join(dir, manifest.input), results, resultsText, tolerances };
}

/** The manifest for --from FILE: the input path written relative to the baseline folder, with / separators. */
export function manifestFor(command: Manifest['command'], inputFile: string, baselineDir: string, strategies?: string[]): Manifest {
  const rel = relative(resolve(baselineDir), resolve(inputFile));
  const input = isAbsolute(rel) ? rel : rel.split(sep).join('/');
  return strategies === undefined ? { schemaVersion: BASELINE_SCHEMA_VERSION, command, input } : { schemaVersion: BASELINE_SCHEMA_VERSION, command, input, strategies };
}

/** baseline.json as written: keys in schema order, two-space indent, final newline. */
export function manifestJson(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve as resolvePath } from 'node:path';
import { errorLine, HubsimError, HubsimProblems, problemLine, type ProblemLine } from '../errors.js';
import { readUserDocument } from '../files.js';
import { loadHub, parseSource } from '../model/load.js';
import { resolveHub } from '../model/resolve.js';
import { MANIFEST_FILE, readBaseline } from '../regress/baseline.js';
import { inWeatherYear } from '../rollout/context.js';
import { loadRollout } from '../rollout/load.js';
import { loadSweep } from '../sweep/load.js';
import { inputKind, type InputKind } from '../model/input-kind.js';
import type { Io } from './io.js';

/** The problems an error carries, one line each. */
function linesOf(err: unknown): ProblemLine[] {
  if (err instanceof HubsimProblems) return [...err.problems];
  if (err instanceof HubsimError) return [{ code: err.code, message: err.message }];
  throw err;
}

/** Run a check; its problems (none when it passes), and its value. */
function attempt<T>(check: () => T): { value?: T; problems: ProblemLine[] } {
  try {
    return { value: check(), problems: [] };
  } catch (err) {
    return { problems: linesOf(err) };
  }
}

/**
 * Every problem of a hub file: its fields (all of them), its cross-checks, then every profile file it
 * reads on its axis. A rollout: its fields and checks, each terrain's hub, and each terrain's files in
 * every weather year. A sweep: its fields and checks and the hub or rollout it sizes. A baseline
 * (its folder or its baseline.json): the manifest and the input it names.
 */
export function validateFile(path: string): { kind: InputKind | undefined; problems: ProblemLine[] } {
  if (existsSync(path) && statSync(path).isDirectory()) {
    if (existsSync(join(path, MANIFEST_FILE))) return validateBaseline(path);
    return { kind: undefined, problems: [problemLine('validate.unknownKind', { file: path }, `is a folder without ${MANIFEST_FILE}; give a hub, rollout or sweep file, or a baseline folder`)] };
  }
  const read = attempt(() => parseSource(path, readUserDocument(path, 'validate.notFound'), 'validate.badSyntax'));
  if (read.value === undefined) return { kind: undefined, problems: read.problems };
  const kind = inputKind(read.value.data);
  switch (kind) {
    case 'hub':
      return { kind, problems: hubProblems(path) };
    case 'rollout':
      return { kind, problems: rolloutProblems(path) };
    case 'sweep':
      return { kind, problems: sweepProblems(path) };
    case 'baseline':
      return basename(path) === MANIFEST_FILE
        ? validateBaseline(resolvePath(path, '..'))
        : { kind, problems: [problemLine('validate.unknownKind', { file: path }, `looks like a baseline manifest; it must be named ${MANIFEST_FILE} inside its baseline folder`)] };
    default:
      return {
        kind,
        problems: [problemLine('validate.unknownKind', { file: path, line: 1 }, 'is neither a hub (members), a rollout (horizon, terrains), a sweep (grid) nor a baseline.json (command, input); check the file')],
      };
  }
}

function hubProblems(path: string): ProblemLine[] {
  const loaded = attempt(() => loadHub(path));
  if (loaded.value === undefined) return loaded.problems;
  return attempt(() => resolveHub(loaded.value!)).problems;
}

function rolloutProblems(path: string): ProblemLine[] {
  const loaded = attempt(() => loadRollout(path));
  if (loaded.value === undefined) return loaded.problems;
  const { rollout, hubs } = loaded.value;
  const problems: ProblemLine[] = [];
  hubs.forEach(({ hub, source }, i) => {
    for (const weatherYear of rollout.weatherYears) {
      const resolved = attempt(() => {
        try {
          return resolveHub({ hub: { ...hub, axis: { stepMinutes: hub.axis.stepMinutes, year: weatherYear }, valueOfLostLoadEurPerKwh: rollout.economics.valueOfLostLoadEurPerKwh }, source });
        } catch (err) {
          throw inWeatherYear(err, rollout.terrains[i].id, weatherYear);
        }
      });
      problems.push(...resolved.problems);
    }
  });
  // A file's problem is the same in every weather year: listed once.
  return problems.filter((p, k) => problems.findIndex((q) => q.code === p.code && q.message === p.message) === k);
}

/** A sweep's problems, then those of each hub it sizes on each source year of its draws. */
function sweepProblems(path: string): ProblemLine[] {
  const loaded = attempt(() => loadSweep(path));
  if (loaded.value === undefined) return loaded.problems;
  const { sweep, subjects } = loaded.value;
  const problems: ProblemLine[] = [];
  for (const subject of subjects) {
    const { hub, source } = subject.loaded;
    for (const year of sweep.draws.sourceYears) {
      const resolved = attempt(() => resolveHub({ hub: { ...hub, axis: { stepMinutes: hub.axis.stepMinutes, year } }, source }));
      problems.push(...resolved.problems.map((p) => ({ code: p.code, message: `${subject.id} in source year ${year} (draws.sourceYears): ${p.message}` })));
    }
  }
  return problems.filter((p, k) => problems.findIndex((q) => q.code === p.code && q.message === p.message) === k);
}

function validateBaseline(dir: string): { kind: InputKind; problems: ProblemLine[] } {
  const baseline = attempt(() => readBaseline(dir));
  if (baseline.value === undefined) return { kind: 'baseline', problems: baseline.problems };
  const input = baseline.value.inputPath;
  const command = baseline.value.manifest.command;
  const problems = command === 'rollout' ? rolloutProblems(input) : command === 'sweep' ? sweepProblems(input) : hubProblems(input);
  return { kind: 'baseline', problems };
}

/** `hubsim validate FILE`: every problem, one line each on stderr (exit 2), or one line on stdout saying it is valid (exit 0). */
export function validateCommand(file: string, io: Io): number {
  const { kind, problems } = validateFile(file);
  if (problems.length === 0) {
    io.stdout.write(`${file}: a valid ${kind} file${kind === 'baseline' ? ' (folder and the input it names)' : ''}, with every profile file it reads\n`);
    return 0;
  }
  for (const p of problems) {
    const prefix = `hubsim: error [${p.code}] `;
    io.stderr.write(`${prefix}${errorLine(p.message, 400 - prefix.length)}\n`);
  }
  return 2;
}

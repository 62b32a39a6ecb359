import { Command, CommanderError, Option } from 'commander';
import { errorLine, fail, HubsimError, HubsimProblems, quote } from '../errors.js';
import { catalogue } from '../profiles/catalogue.js';
import { removePendingOutput } from '../report/write.js';
import type { CompareOptions } from './compare.js';
import type { ForecastEvaluateOptions } from './forecast.js';
import type { GenerateOptions } from './generate.js';
import type { Io } from './io.js';
import type { RolloutOptions } from './rollout.js';
import type { RegressOptions } from './regress.js';
import type { ReportOptions } from './report.js';
import type { RunOptions } from './run.js';
import type { SweepOptions } from './sweep.js';
import type { WorkerOptions } from './worker.js';
import { INIT_DEFAULT_FILE, initCommand } from './init.js';
import { workersOption } from './workers.js';
import { parseDesignYear } from './design-year.js';
import { VERSION } from '../version.js';

/** At most this many problem lines from one error (hubsim validate prints every one). */
const MAX_PROBLEM_LINES = 20;

/** The one line an error prints, `hubsim: error [code] message`, at most 400 characters in all. */
/** The exit code of a bug in hubsim: EX_SOFTWARE of sysexits.h. */
export const EXIT_INTERNAL = 70;

export function codedLine(code: string, message: string): string {
  const prefix = `hubsim: error [${code}] `;
  return `${prefix}${errorLine(message, Math.max(80, 400 - prefix.length))}`;
}

/**
 * A command that only groups others (hubsim itself, hubsim forecast) given without one of them:
 * commander would print its whole help on stderr; a usage error is one line, like every other.
 * Returns the group, or undefined when the arguments name a command (or ask for help).
 */
function missingSubcommand(program: Command, args: readonly string[]): Command | undefined {
  let command = program;
  let rest = [...args];
  while (rest.length > 0 && !rest[0].startsWith('-')) {
    const next = command.commands.find((c) => c.name() === rest[0] || c.aliases().includes(rest[0]));
    if (next === undefined) return undefined; // an unknown command: commander names it
    command = next;
    rest = rest.slice(1);
  }
  return command.commands.length > 0 && rest.length === 0 ? command : undefined;
}

/**
 * The -o/--out option of every command that writes its results to a path (run, rollout, sweep: a
 * folder; generate: a file), parsed once by commander: an empty path (--out '', as an unset shell
 * variable gives it) names no place, and is a usage error before anything runs.
 */
function outOption(description: string, kind: 'folder' | 'file' = 'folder'): Option {
  return new Option(`-o, --out <${kind === 'folder' ? 'dir' : 'file'}>`, description).argParser((value: string) => {
    if (value.trim() === '') fail('cli.usage', { field: '--out' }, kind === 'folder' ? 'an empty path names no folder; give the folder to write into, e.g. --out results' : 'an empty path names no file; give the file to write, e.g. --out scenario.yaml');
    return value;
  });
}

/**
 * The command line. Each command's module is imported when the command runs, so that a command loads
 * only what it needs (hubsim's start is part of every run's time).
 */
function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('hubsim');
  program
    .description('Simulate smart energy hubs on congested Dutch grids: peak reduction, congestion management, batteries, freed capacity.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Usage mistakes get the same one-line shape and a stable code like every other input error.
      // commander quotes the offending argument in '...': a long one is cut like any offending value.
      outputError: (s, write) => write(`${codedLine('cli.usage', s.replace(/^error: /, '').trimEnd().replace(/'([^']{81,})'/g, (_, v: string) => quote(v)))}\n`),
    });
  for (const add of COMMANDS) add(program, io, setExit);
  return program;
}

/** Adds one command to the program: its arguments, options and action (which sets the exit code). */
type AddCommand = (program: Command, io: Io, setExit: (code: number) => void) => void;

/** hubsim run: a hub file under its strategies, with their peak reductions. */
function addRun(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('run')
    .description('Run a hub file: every strategy (or --strategy), with a table of peak reductions.')
    .argument('<hub-file>', 'hub file (YAML or JSON)')
    .option('-s, --strategy <names>', 'comma-separated strategy names from the hub file, or kinds')
    .option('--json', 'print the results as JSON on stdout instead of the table')
    .addOption(outOption('write results.json and metrics.csv into this folder'))
    .option('--series', 'with --out: also write series-<strategy>.csv with one row per step')
    .option('--timings', "with --json or --out: also write the lp solvers' solve times (not deterministic)")
    .option('--regret', 'also run perfect foresight and MPC with the model and the naive forecasts, and print the forecast regret')
    .addOption(new Option('--design-year <year>', "a year before the one scored whose last days the peak shavers, MPCs and flex strategies named by kind in --strategy, and --regret's MPCs, start with (their designYear)").argParser(parseDesignYear))
    .option('--report', 'with --out: also write report.html (charts and the metrics table, one self-contained file)')
    .action(async (file: string, options: RunOptions) => setExit(await (await import('./run.js')).runCommand(file, options, io)));
}

/** hubsim rollout: a rollout scenario on the worker pool or a queue. */
function addRollout(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('rollout')
    .description('Run a rollout scenario: terrains x years x strategies x weather years on worker threads; substations, reinforcement, economics.')
    .argument('<scenario>', 'rollout scenario file (YAML or JSON)')
    .addOption(workersOption('worker threads of the local pool'))
    .option('--queue <url>', 'run the substations on a BullMQ queue at redis://HOST:PORT (start hubsim worker processes on it)')
    .option('--queue-name <name>', 'with --queue: the queue name (default hubsim)')
    .option('--json', 'print results.json on stdout instead of the summary')
    .addOption(outOption('write results.json and the CSV tables into this folder'))
    .option('--report', 'with --out: also write report.html (charts and tables, one self-contained file)')
    .action(async (file: string, options: RolloutOptions) => setExit(await (await import('./rollout.js')).rolloutCommand(file, options, io)));
}

/** hubsim compare: two rollouts or two runs, B - A. */
function addCompare(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('compare')
    .description('Compare two rollouts (results folders or scenario files) or two hubsim run results folders: totals per strategy and per-terrain differences, B - A.')
    .argument('<a>', 'results folder (hubsim rollout --out or hubsim run --out), its results.json, or a rollout scenario file')
    .argument('<b>', 'the same, to compare with A')
    .addOption(workersOption('worker threads for scenario files'))
    .option('--json', 'print the comparison as JSON')
    .action(async (a: string, b: string, options: CompareOptions) => setExit(await (await import('./compare.js')).compareCommand(a, b, options, io)));
}

/** hubsim regress: a baseline folder run again and compared value by value. */
function addRegress(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('regress')
    .description('Run what a baseline folder was made from and compare every value of results.json with the recorded one: exit 0 within tolerance, 1 when anything drifted, 2 on bad input.')
    .requiredOption('-b, --baseline <dir>', 'baseline folder: baseline.json (command and input), results.json, optional tolerances.json')
    .option('--update', 'record the new results in the baseline (atomically) instead of comparing')
    .option('--from <file>', 'with --update: make a new baseline from this hub file (hubsim run), rollout scenario (hubsim rollout) or sweep file (hubsim sweep)')
    .option('-s, --strategy <names>', 'with --update --from <hub-file>: record only these strategies')
    .option('--json', 'print the comparison as JSON')
    .addOption(workersOption('worker threads for a rollout'))
    .option('--allow-input-change', 'do not fail when an input file (hub file, scenario, profile) differs from the one the baseline was made from; the values are still compared')
    .action(async (options: RegressOptions) => setExit(await (await import('./regress.js')).regressCommand(options, io)));
}

/** hubsim report: a results folder's self-contained HTML report. */
function addReport(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('Write report.html into a results folder (hubsim run --out --series, hubsim rollout --out or hubsim sweep --out): one self-contained HTML file with charts and tables.')
    .argument('<results-dir>', 'folder written by hubsim run --out --series, hubsim rollout --out or hubsim sweep --out')
    .option('--week <date>', 'hub runs: the first day (YYYY-MM-DD, local) of the week shown; default: the week around the baseline peak')
    .action(async (dir: string, options: ReportOptions) => setExit(await (await import('./report.js')).reportCommand(dir, options, io)));
}

/** hubsim sweep: configurations x weather draws, and the cheapest that meets the target. */
function addSweep(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('sweep')
    .description('Run a sweep file: configurations (battery, PV, import cap, strategy) x weather draws per terrain, with P10/P50/P90 and the cheapest configuration meeting the target.')
    .argument('<sweep-file>', 'sweep file (YAML or JSON)')
    .addOption(workersOption('worker threads of the local pool'))
    .option('--queue <url>', 'run the batches on a BullMQ queue at redis://HOST:PORT (start hubsim worker processes on it)')
    .option('--queue-name <name>', 'with --queue: the queue name (default hubsim)')
    .option('--json', 'print results.json on stdout instead of the summary')
    .addOption(outOption('write sweep.csv and results.json into this folder'))
    .action(async (file: string, options: SweepOptions) => setExit(await (await import('./sweep.js')).sweepCommand(file, options, io)));
}

/** hubsim worker: rollout and sweep batches taken from a queue. */
function addWorker(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('worker')
    .description('Process rollout and sweep batches from a BullMQ queue on this machine\'s worker threads until stopped (the jobs it holds then go to other workers when their lock expires).')
    .requiredOption('--queue <url>', 'the queue: redis://HOST:PORT')
    .option('--queue-name <name>', 'the queue name (default hubsim)')
    .addOption(workersOption('worker threads'))
    .option('--lock-ms <ms>', 'job lock duration; a dead worker\'s jobs are retried after it (default 30000)')
    .action(async (options: WorkerOptions) => setExit(await (await import('./worker.js')).workerCommand(options, io)));
}

/** hubsim forecast evaluate: the day-ahead forecaster against the naive forecasts. */
function addForecast(program: Command, io: Io, setExit: (code: number) => void): void {
  const forecast = program.command('forecast').description('Day-ahead net-load forecasts: a TensorFlow.js model against naive forecasts.');
  forecast
    .command('evaluate')
    .description('Train (or load from the cache) each hub\'s day-ahead forecaster and print the MAE of the model, same hour yesterday and same hour last week on the held-out weeks (every 4th week).')
    .argument('[hub-files...]', 'hub files (YAML or JSON); default: the three example hubs (business park, datacenter campus, mixed park, 2023)')
    .option('--json', 'print the evaluation as JSON')
    .option('--seed <n>', 'seed of the initial weights and the batch order (default 1)')
    .option('--no-cache', 'train even when a cached model exists, and do not store it (cache: HUBSIM_CACHE_DIR or ./.hubsim-cache)')
    .action(async (files: string[], options: ForecastEvaluateOptions) => {
      // It brings TensorFlow.js too, half a second that no other command needs.
      setExit(await (await import('./forecast.js')).forecastEvaluateCommand(files, options, io));
    });
}

/** hubsim schema: the JSON Schema of hub files or of results.json. */
function addSchema(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('schema')
    .description('Print the JSON Schema of hub files (for editor completion), or of results.json with --results (rollout) or --run-results (hubsim run).')
    .addOption(new Option('--results', "the JSON Schema of a rollout's results.json").conflicts('runResults'))
    .option('--run-results', "the JSON Schema of hubsim run's results.json")
    .action(async (options: { results?: boolean; runResults?: boolean }) => {
      const schema = options.results
        ? (await import('../report/results-schema.js')).rolloutResultsJsonSchema()
        : options.runResults
          ? (await import('../report/results-schema.js')).runResultsJsonSchema()
          : (await import('../model/json-schema.js')).hubJsonSchema();
      io.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
      setExit(0);
    });
}

/** hubsim generate: a drawn rollout scenario (national). */
function addGenerate(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('generate')
    .description('Write a drawn rollout scenario (national: business parks, logistics parks, industrial estates and datacenter campuses on substations); the same options give the same bytes.')
    .argument('<generator>', 'the scenario to draw: national')
    .requiredOption('--terrains <n>', 'number of terrains (1-10000)')
    .requiredOption('--substations <n>', 'number of substations (1 to the number of terrains)')
    .requiredOption('--seed <n>', 'seed of every draw (a whole number, 0-4294967295)')
    .addOption(outOption('write the scenario into this file (replaced in one step) instead of stdout', 'file'))
    .action(async (generator: string, options: GenerateOptions) => setExit((await import('./generate.js')).generateCommand(generator, options, io)));
}

/** hubsim validate: a file and every file it reads checked, all problems at once. */
function addValidate(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('Check a hub, rollout, sweep or baseline file (the kind is told from its keys) and every file it reads: all problems at once, one line each; exit 0 when valid, 2 otherwise.')
    .argument('<file>', 'hub, rollout or sweep file (YAML or JSON), or a baseline folder or its baseline.json')
    .action(async (file: string) => setExit((await import('./validate.js')).validateCommand(file, io)));
}

/** hubsim init: a commented hub file to start from. */
function addInit(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('init')
    .description('Write a commented hub file to start from (runs as written; never overwrites a file).')
    .argument('[file]', 'the hub file to write', INIT_DEFAULT_FILE)
    .action((file: string) => setExit(initCommand(file, io)));
}

/** hubsim profiles: the shipped profiles listed. */
function addProfiles(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('profiles')
    .description('List the shipped profiles (id, year, unit, description).')
    .action(() => {
      for (const e of catalogue()) io.stdout.write(`${e.id}\t${e.year}\t${e.unit}\t${e.description}\n`);
      setExit(0);
    });
}

/** The commands in the order `hubsim --help` lists them. */
const COMMANDS: readonly AddCommand[] = [
  addRun,
  addRollout,
  addCompare,
  addRegress,
  addReport,
  addSweep,
  addWorker,
  addForecast,
  addSchema,
  addGenerate,
  addValidate,
  addInit,
  addProfiles,
];

/**
 * Run the CLI in-process with the given arguments (without "node hubsim") and streams; returns the
 * exit code. User mistakes print one line with their stable code and give exit code 2.
 */
export async function main(args: readonly string[], io: Io): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    const group = missingSubcommand(program, args);
    if (group !== undefined) {
      const name = group === program ? 'hubsim' : `hubsim ${group.name()}`;
      throw new HubsimError('cli.usage', `${name} needs a command (${group.commands.map((c) => c.name()).join(', ')}); see ${name} --help`);
    }
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (err) {
    removePendingOutput();
    if (err instanceof HubsimError) {
      // Several problems in one input: one line each, at most MAX_PROBLEM_LINES (hubsim validate lists all).
      const problems = err instanceof HubsimProblems ? err.problems : [{ code: err.code, message: err.message }];
      for (const p of problems.slice(0, MAX_PROBLEM_LINES)) io.stderr.write(`${codedLine(p.code, p.message)}\n`);
      if (problems.length > MAX_PROBLEM_LINES) io.stderr.write(`${codedLine(err.code, `and ${problems.length - MAX_PROBLEM_LINES} more problems; hubsim validate FILE lists every one`)}\n`);
      return err.exitCode;
    }
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0; // --help, --version
      return 2; // commander has printed its one-line message
    }
    // Anything else is a bug in hubsim (an energy balance that does not close, a broken invariant):
    // said as such in one line, then the stack for the report; its own exit code, so that a CI job
    // tells it from a drifted result (hubsim regress: 1).
    const detail = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
    io.stderr.write(`hubsim: internal error (a bug in hubsim, not in your input; please report it with the command and the lines below)\n${detail}\n`);
    return EXIT_INTERNAL;
  }
}

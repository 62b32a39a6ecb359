import { fail } from '../errors.js';
import { jsonText } from '../report/json-text.js';
import { rolloutDocument, rolloutFiles } from '../report/rollout-output.js';
import { rolloutSummary } from '../report/rollout-table.js';
import { wrapText } from '../report/text-table.js';
import { checkOutputFolder, writeOutputFolder } from '../report/write.js';
import { REPORT_FILE } from '../report/html/from-dir.js';
import { parseRolloutResults } from '../report/html/rollout-charts.js';
import { rolloutReportHtml } from '../report/html/rollout-report.js';
import { runRollout } from '../rollout/run.js';
import { priceSubstitutionLines } from '../provenance/provenance.js';
import { filledStepsText } from '../report/table.js';
import { asKind } from '../model/input-kind.js';
import type { Io } from './io.js';
import { progressBar } from './progress.js';
import { queueOption } from './queue.js';

export interface RolloutOptions {
  /** Worker threads (parsed by commander: workersOption). */
  workers: number;
  queue?: string;
  queueName?: string;
  json?: boolean;
  out?: string;
  report?: boolean;
}

/** Exit code when the run finished but some jobs failed (their terrain, year and strategy are printed). */
export const EXIT_JOBS_FAILED = 3;

/**
 * `hubsim rollout <scenario>`: every terrain x year x strategy x weather year on the local pool or the
 * Redis queue. `run` runs the rollout (runRollout; a caller may give its own that passes more options).
 */
export async function rolloutCommand(file: string, options: RolloutOptions, io: Io, run: typeof runRollout = runRollout): Promise<number> {
  const workers = options.workers;
  if (options.report && options.out === undefined) fail('cli.reportNeedsOut', { field: '--report' }, '--report writes report.html into the results folder and needs --out DIR');
  if (options.out !== undefined) checkOutputFolder(options.out);
  const runner = await queueOption(options.queue, options.queueName);
  const bar = !options.json && io.stderr.isTTY === true ? progressBar(io.stderr, 'rollout') : undefined;
  let result;
  try {
    result = await asKind(file, 'rollout', () => run(file, { workers, runner, onProgress: bar?.update }));
  } finally {
    bar?.done();
  }
  if (options.out !== undefined) {
    const files = rolloutFiles(result);
    // The report reads results.json as written, so its tables show the file's numbers.
    if (options.report) files.set(REPORT_FILE, await rolloutReportHtml(parseRolloutResults(JSON.parse([...jsonText(rolloutDocument(result))].join('')), 'results.json')));
    writeOutputFolder(options.out, files);
  }
  if (options.json) for (const piece of jsonText(rolloutDocument(result))) io.stdout.write(piece);
  else {
    io.stdout.write(rolloutSummary(result));
    for (const f of result.filledSteps ?? []) io.stdout.write(`${wrapText(`terrain ${f.terrain}, weather year ${f.weatherYear}: ${filledStepsText(f)}`)}\n`);
    if (result.provenance !== undefined) for (const line of priceSubstitutionLines(result.provenance)) io.stdout.write(`${wrapText(line)}\n`);
    if (options.out !== undefined) io.stdout.write(`${wrapText(`wrote ${options.out}/results.json and the CSV tables${options.report ? ' and report.html' : ''}`)}\n`);
  }
  for (const f of result.failures) io.stderr.write(`hubsim: job failed: terrain ${f.terrain}, year ${f.year}, weather ${f.weatherYear}, strategy ${f.strategy}: ${f.message}\n`);
  return result.failures.length > 0 ? EXIT_JOBS_FAILED : 0;
}

import { checkOutputFolder, writeOutputFolder } from '../report/write.js';
import { wrapText } from '../report/text-table.js';
import { sweepFiles, sweepJson, sweepSummary } from '../report/sweep-output.js';
import { runSweep } from '../sweep/run.js';
import { priceSubstitutionLines } from '../provenance/provenance.js';
import { asKind } from '../model/input-kind.js';
import type { Io } from './io.js';
import { progressBar } from './progress.js';
import { queueOption } from './queue.js';

export interface SweepOptions {
  /** Worker threads (parsed by commander: workersOption). */
  workers: number;
  queue?: string;
  queueName?: string;
  json?: boolean;
  out?: string;
}

/** `hubsim sweep <sweep-file>`: configurations x weather draws on the local pool or a job queue. */
export async function sweepCommand(file: string, options: SweepOptions, io: Io): Promise<number> {
  const workers = options.workers;
  if (options.out !== undefined) checkOutputFolder(options.out);
  const runner = await queueOption(options.queue, options.queueName);
  const bar = !options.json && io.stderr.isTTY === true ? progressBar(io.stderr, 'sweep') : undefined;
  let result;
  try {
    result = await asKind(file, 'sweep', () => runSweep(file, { workers, runner, onProgress: bar?.update }));
  } finally {
    bar?.done();
  }
  if (options.out !== undefined) writeOutputFolder(options.out, sweepFiles(result));
  if (options.json) io.stdout.write(`${JSON.stringify(sweepJson(result), null, 2)}\n`);
  else {
    io.stdout.write(sweepSummary(result));
    if (result.provenance !== undefined) for (const line of priceSubstitutionLines(result.provenance)) io.stdout.write(`${wrapText(line)}\n`);
    if (options.out !== undefined) io.stdout.write(`${wrapText(`wrote ${options.out}/sweep.csv and ${options.out}/results.json`)}\n`);
  }
  return 0;
}

import { join } from 'node:path';
import { reportFromDir, REPORT_FILE } from '../report/html/from-dir.js';
import { checkOutputFile, writeFileAtomic } from '../report/write.js';
import type { Io } from './io.js';

export interface ReportOptions {
  week?: string;
}

/** `hubsim report RESULTS_DIR`: write RESULTS_DIR/report.html, one self-contained page of charts and tables. */
export async function reportCommand(dir: string, options: ReportOptions, io: Io): Promise<number> {
  checkOutputFile(dir, REPORT_FILE);
  const html = await reportFromDir(dir, options.week);
  writeFileAtomic(dir, REPORT_FILE, html);
  io.stdout.write(`wrote ${join(dir, REPORT_FILE)}\n`);
  return 0;
}

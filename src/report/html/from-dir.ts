import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fail, HubsimError } from '../../errors.js';
import { readResultsFile } from '../../files.js';
import { hubReportData, parseRunResults, type StrategyColumns } from './hub-data.js';
import { hubReportHtml } from './hub-report.js';
import { parseRolloutResults } from './rollout-charts.js';
import { rolloutReportHtml } from './rollout-report.js';
import { readSeriesCsv } from './series-csv.js';
import { isSweepResults, parseSweepResults } from './sweep-charts.js';
import { sweepReportHtml } from './sweep-report.js';

export const REPORT_FILE = 'report.html';

function readResults(dir: string): { file: string; json: unknown } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) fail('report.notFound', { file: dir }, 'no such results folder; give a folder written by hubsim run --out, hubsim rollout --out or hubsim sweep --out');
  const file = join(dir, 'results.json');
  if (!existsSync(file)) fail('report.notFound', { file }, 'the folder has no results.json; give a folder written by hubsim run --out, hubsim rollout --out or hubsim sweep --out');
  try {
    return { file, json: JSON.parse(readResultsFile(file, 'report.notFound')) };
  } catch (err) {
    if (err instanceof HubsimError) throw err;
    return fail('report.badJson', { file }, `is not valid JSON (${(err as Error).message})`);
  }
}

/**
 * report.html for a results folder: a rollout's or a sweep's (from results.json alone) or a hub run's
 * (results.json and its series-<strategy>.csv files). Everything is read and checked before anything is drawn.
 */
export async function reportFromDir(dir: string, week?: string): Promise<string> {
  const { file, json } = readResults(dir);
  const kind = typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : undefined;
  if (kind === 'rollout') {
    if (week !== undefined) fail('report.badWeek', { field: '--week' }, 'chooses the week of a hub report; a rollout report has none');
    return rolloutReportHtml(parseRolloutResults(json, file));
  }
  if (isSweepResults(json)) {
    if (week !== undefined) fail('report.badWeek', { field: '--week' }, 'chooses the week of a hub report; a sweep report has none');
    return sweepReportHtml(parseSweepResults(json, file));
  }
  const results = parseRunResults(json, file);
  const columns = new Map<string, StrategyColumns>();
  for (const name of Object.keys(results.strategies)) columns.set(name, readSeriesCsv(dir, name, results.hub.axis.steps));
  return hubReportHtml(hubReportData(results, columns), week);
}

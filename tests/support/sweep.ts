import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli } from './cli.js';

/** A sweep file with `body` in a fresh temporary folder; its path. */
export function sweepFile(body: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'hubsim-sweep-')), 'sweep.yaml');
  writeFileSync(path, body);
  return path;
}

/** sweep.csv as objects keyed by column name (no cell of these tests holds a comma). */
export function csvRows(csv: string): Record<string, string>[] {
  const [head, ...lines] = csv.trim().split('\n');
  const names = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])));
}

/**
 * Run a sweep on 1 and on 2 worker threads, each writing to its own folder, and check that both
 * exit 0 and print and write the same bytes. Returns the first run's stdout and sweep.csv rows.
 */
export async function sweepOnOneAndTwoThreads(file: string): Promise<{ stdout: string; dir: string; rows: Record<string, string>[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'hubsim-sweep-out-'));
  const one = await runCli('sweep', file, '--workers', '1', '--out', join(dir, 'w1'));
  const two = await runCli('sweep', file, '--workers', '2', '--out', join(dir, 'w2'));
  expect(one.code, one.stderr).toBe(0);
  expect(two.code, two.stderr).toBe(0);
  expect(one.stdout.replaceAll('/w1/', '/w2/')).toBe(two.stdout);
  for (const f of ['sweep.csv', 'results.json']) expect(readFileSync(join(dir, 'w2', f), 'utf8')).toBe(readFileSync(join(dir, 'w1', f), 'utf8'));
  return { stdout: one.stdout, dir: join(dir, 'w1'), rows: csvRows(readFileSync(join(dir, 'w1', 'sweep.csv'), 'utf8')) };
}

// Input files written by the tests: each into a fresh case folder under one folder per test file (in
// the run's temporary root, tests/support/temp-root.ts), removed after the file's tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** Lines joined with \n and ended with one; numbered in the tests as they are in the call (first = line 1). */
export const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

/**
 * The case folders of one test file (`prefix`: its folder's name, e.g. "hubsim-flex-"): `dir` the
 * folder, `write(text, name, neighbours)` puts `text` into `name` (and each neighbour file beside it)
 * in a fresh case folder and returns its path.
 */
export function caseFiles(prefix: string): { dir: string; write: (text: string, name?: string, neighbours?: Record<string, string>) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let counter = 0;
  const write = (text: string, name = 'hub.yaml', neighbours: Record<string, string> = {}): string => {
    const folder = path.join(dir, `case-${++counter}`);
    fs.mkdirSync(folder, { recursive: true });
    for (const [f, t] of Object.entries(neighbours)) fs.writeFileSync(path.join(folder, f), t);
    const p = path.join(folder, name);
    fs.writeFileSync(p, text);
    return p;
  };
  return { dir, write };
}

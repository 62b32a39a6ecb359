// vitest's global setup: one temporary folder for the whole test run. Every folder the tests make in
// the system's temporary directory (os.tmpdir() reads TMPDIR), and every one the hubsim processes they
// start make, goes inside it, and it is removed when the run ends, failed or not. Its name has no "-"
// before its random part, so no path under it reads as a negative number ("-0...") in a report.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'hubsim-tests.'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}

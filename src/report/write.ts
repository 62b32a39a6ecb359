import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fail } from '../errors.js';

const pending = new Set<string>();

/**
 * Write a set of files so that none is ever half-written: everything is rendered before this is
 * called, each file goes to a temporary name in the same folder, and only when all are written are
 * they renamed into place. On an error (or Ctrl-C, see removePendingFiles) the temporaries go.
 */
export function writeFilesAtomic(dir: string, files: ReadonlyMap<string, string>): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    fail('output.cannotWrite', { file: dir }, 'cannot create the output folder; check the path and permissions');
  }
  const temps: [string, string][] = [];
  for (const name of files.keys()) {
    const target = join(dir, name);
    if (existsSync(target) && statSync(target).isDirectory()) {
      fail('output.cannotWrite', { file: target }, 'is a folder; remove it or choose another --out folder');
    }
  }
  const placed: string[] = [];
  try {
    for (const [name, content] of files) {
      const target = join(dir, name);
      const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
      pending.add(temp);
      temps.push([temp, target]);
      writeFileSync(temp, content);
    }
    for (const [temp, target] of temps) {
      renameSync(temp, target);
      pending.delete(temp);
      placed.push(target);
    }
  } catch (err) {
    removePendingFiles();
    // A rename that fails after others succeeded: take the new files back out, so a failed run
    // never leaves a partial set of outputs.
    for (const target of placed) rmSync(target, { force: true });
    const e = err as NodeJS.ErrnoException;
    const target = temps.find(([temp]) => temp === e.path)?.[1] ?? e.path ?? dir;
    fail('output.cannotWrite', { file: target }, `cannot write (${e.code ?? e.message}); check the path, permissions and free space`);
  }
}

/** Remove temporary files of writes in progress (called on errors and on SIGINT/SIGTERM). */
export function removePendingFiles(): void {
  for (const temp of pending) rmSync(temp, { force: true });
  pending.clear();
}

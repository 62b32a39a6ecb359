import { chmodSync, closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, rmdirSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, parse, resolve } from 'node:path';
import { fail, HubsimError } from '../errors.js';

/*
 * Output folders, replaced as a whole.
 *
 * A command's outputs (results.json, the CSV tables, report.html) are one set: a reader must never
 * see the results.json of one run beside the metrics.csv of another. A rename replaces one entry
 * atomically, but two folders cannot be exchanged in one step, so an output folder DIR (entry NAME
 * of folder PARENT) is replaced in steps, PID being the writing process:
 *
 *   1. write every file into PARENT/.NAME.staging-PID   DIR untouched: the old run, or absent
 *   2. rename DIR to PARENT/.NAME.old-PID               DIR absent; the old run whole, aside
 *   3. rename the staging folder to DIR                 DIR is the new run, whole
 *   4. rename .NAME.old-PID to .NAME.trash-PID, delete it
 *
 * So DIR is at every instant absent, the old run whole or the new run whole. A process killed on the
 * way leaves entries whose PID is no longer alive, and the next hubsim writing DIR recovers them
 * before it starts: when DIR is absent, .NAME.old-PID is renamed back (the killed run did not finish,
 * the previous one stands); otherwise it goes, and so do staging, trash and probe folders and the
 * .NAME.PID.tmp files of a single-file write. A trash folder may be half deleted, so it is never
 * restored. Entries of live processes (another hubsim writing the same place) are left alone.
 *
 * Each file is flushed to disk (fsync) before the swap, so the renames never publish a file whose
 * data is still only in memory; the folder entries themselves are not synced, so after a power loss
 * DIR may be the old run or the new one (or a leftover to recover). Writes are synchronous, so a
 * SIGINT/SIGTERM handler runs before or after a write, never inside one; `removePendingOutput` also
 * cleans up after an error thrown half-way.
 *
 * An output folder is flat and holds a results.json beside .json, .csv and .html files only: hubsim
 * refuses to replace any other non-empty folder (a project folder given as --out by mistake would
 * otherwise be deleted). regress --update carries the other files of its folder over.
 */

const pending = new Set<string>();

/**
 * A file's content: its text, or a function that makes its text in pieces, written as they come so
 * that a large file (a national rollout's results.json) is never held as one string. Each piece is
 * encoded as UTF-8 on its own (so a piece ends on a whole character, never inside a surrogate pair).
 */
export type FileContent = string | (() => Iterable<string>);

/**
 * Pieces of text are encoded as UTF-8 into a buffer of this many bytes, written when the next piece
 * might not fit (a UTF-16 unit is at most 3 bytes); a larger piece is encoded on its own.
 */
const WRITE_BUFFER_BYTES = 4 << 20;

/** How a command writes into its folder. */
export type OutputUse =
  /** the folder is replaced by exactly the files given (run, rollout, sweep) */
  | 'replace'
  /** the folder is replaced by the files given plus the other files it held (regress --update keeps baseline.json, tolerances.json) */
  | 'update';

const LEFTOVER = /^(?:(staging|old|trash|probe)-(\d+)|(\d+)\.tmp)$/;
/** Parent folders created one level at a time; a path deeper than this is refused. */
const MAX_DEPTH = 256;

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Is the process that wrote a leftover still running? Our own PID is never mid-write here (writes are synchronous). */
function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Recover what dead processes left beside `parent/name`: restore a set-aside old folder when `name`
 * is missing, remove the rest (staging, old, trash and probe folders, .tmp files).
 */
function recoverLeftovers(parent: string, name: string): void {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return; // a parent that does not exist (yet) holds nothing to recover
  }
  const prefix = `.${name}.`;
  const dead = entries
    .filter((e) => e.startsWith(prefix))
    .map((e) => ({ entry: e, match: LEFTOVER.exec(e.slice(prefix.length)) }))
    .filter((l) => l.match !== null && !alive(Number(l.match[2] ?? l.match[3])));
  // Restore first, so a leftover old folder is not deleted while the target is missing.
  const target = join(parent, name);
  for (const { entry, match } of dead) {
    if (match![1] === 'old' && lstatOrUndefined(target) === undefined) renameSync(join(parent, entry), target);
  }
  for (const { entry } of dead) rmSync(join(parent, entry), { recursive: true, force: true });
}

/**
 * Make and remove `parent/.NAME.probe-PID`, of the kind the output is (a folder of results, or one
 * file such as report.html): can it be made there? The error says which of the two could not be.
 */
function probe(parent: string, name: string, out: string, kind: 'folder' | 'file' = 'folder'): void {
  const path = join(parent, `.${name}.probe-${process.pid}`);
  try {
    if (kind === 'folder') {
      mkdirSync(path);
      rmdirSync(path);
    } else {
      closeSync(openSync(path, 'wx'));
      rmSync(path);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    if (kind === 'folder') fail('output.cannotWrite', { file: out }, `cannot create a folder in ${parent} (${code}); choose another output folder`);
    fail('output.cannotWrite', { file: out }, `cannot write the file ${name} into ${parent} (${code}); make that folder writable`);
  }
}

/**
 * The first existing folder above (or at) `path`, and the names below it still to be made. A file
 * on the way is refused. Bounded: the chain is walked by hand, never with mkdir's recursive mode,
 * which loops forever under /proc on Node 20.
 */
function existingAncestor(path: string, out: string): { folder: string; missing: string[] } {
  const missing: string[] = [];
  let p = path;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const st = lstatOrUndefined(p);
    if (st !== undefined) {
      if (!isFolder(p)) fail('output.cannotWrite', { file: out }, `${p} is a file, not a folder; choose another output folder`);
      return { folder: p, missing };
    }
    if (p === parse(p).root) break;
    missing.unshift(basename(p));
    p = dirname(p);
  }
  return fail('output.cannotWrite', { file: out }, 'no folder on the way to it exists; check the path');
}

/** Refuse a folder hubsim should not replace: a mount point, one with a subfolder, or (to replace) one it did not write. */
function checkReplaceable(dir: string, use: OutputUse, out: string): void {
  const here = statSync(dir);
  if (here.dev !== statSync(dirname(dir)).dev) fail('output.cannotWrite', { file: out }, 'is a mount point, and hubsim replaces its output folder as a whole; give a folder inside it');
  const entries = readdirSync(dir, { withFileTypes: true });
  const sub = entries.find((e) => e.isDirectory());
  if (sub !== undefined) fail('output.cannotWrite', { file: out }, `holds the folder ${sub.name}, so hubsim did not write it (it replaces its output folder as a whole); choose another folder or remove it`);
  // hubsim writes .json, .csv and .html files only: anything else (a hub file, notes) is someone's data.
  const foreign = entries.find((e) => !/\.(?:json|csv|html)$/.test(e.name));
  if (use === 'replace' && foreign !== undefined) fail('output.cannotWrite', { file: out }, `holds ${foreign.name}, which hubsim does not write (it replaces its output folder as a whole); choose another folder or move it`);
  if (use === 'replace' && entries.length > 0 && !entries.some((e) => e.name === 'results.json')) {
    fail('output.cannotWrite', { file: out }, 'is not empty and has no results.json, so hubsim did not write it (it replaces its output folder as a whole); choose a new or empty folder');
  }
}

/** The folder a path names: a symbolic link to a folder is followed, so the link stays a link. */
function realFolder(out: string): string {
  const path = resolve(out);
  return lstatOrUndefined(path)?.isSymbolicLink() && isFolder(path) ? realpathSync(path) : path;
}

/**
 * Check, before any work, that `out` can be written as an output folder, and recover what a killed
 * hubsim left there. Throws output.cannotWrite (exit 2) naming the path and what to do.
 */
export function checkOutputFolder(out: string, use: OutputUse = 'replace'): void {
  try {
    checkFolder(out, use);
  } catch (err) {
    if (err instanceof HubsimError) throw err;
    cannotWrite(err, (err as NodeJS.ErrnoException).path ?? out, out); // unreadable, or a leftover that cannot be removed
  }
}

function checkFolder(out: string, use: OutputUse): void {
  const dir = realFolder(out);
  const { folder, missing } = existingAncestor(dir, out);
  if (missing.length === 0) {
    recoverLeftovers(dirname(dir), basename(dir));
    if (!isFolder(dir)) fail('output.cannotWrite', { file: out }, 'is a file, not a folder; choose another output folder');
    checkReplaceable(dir, use, out);
    probe(dirname(dir), basename(dir), out);
  } else {
    if (missing.length === 1) recoverLeftovers(folder, missing[0]);
    // A leftover restored by the recovery is checked as an existing folder.
    if (missing.length === 1 && isFolder(dir)) return checkFolder(out, use);
    probe(folder, missing[0], out);
  }
}

/** Make the folders above `dir` one level at a time. */
function makeParents(dir: string, out: string): void {
  const { folder, missing } = existingAncestor(dirname(dir), out);
  let p = folder;
  for (const name of missing) {
    p = join(p, name);
    try {
      mkdirSync(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !isFolder(p)) cannotWrite(err, p, out);
    }
  }
}

function cannotWrite(err: unknown, path: string, out: string): never {
  const e = err as NodeJS.ErrnoException;
  return fail('output.cannotWrite', { file: out }, `cannot write ${path} (${e.code ?? e.message}); check the path, permissions and free space`);
}

/**
 * Replace the folder `out` by one holding `files` (and, for 'update', the other files it held), so
 * that a reader sees the old set or the new one and never a mix (see the top of this file).
 */
export function writeOutputFolder(out: string, files: ReadonlyMap<string, FileContent>, use: OutputUse = 'replace'): void {
  checkOutputFolder(out, use);
  const dir = realFolder(out);
  const parent = dirname(dir);
  const name = basename(dir);
  makeParents(dir, out);
  const staging = join(parent, `.${name}.staging-${process.pid}`);
  const old = join(parent, `.${name}.old-${process.pid}`);
  const trash = join(parent, `.${name}.trash-${process.pid}`);
  const exists = isFolder(dir);
  try {
    pending.add(staging);
    mkdirSync(staging);
    for (const [file, content] of files) writeDurably(join(staging, file), content, 'wx');
    if (use === 'update' && exists) {
      for (const e of readdirSync(dir)) if (!files.has(e)) writeDurably(join(staging, e), readFileSync(join(dir, e)), 'wx');
    }
    // The new folder keeps the old one's permissions (a results folder made private stays private).
    if (exists) chmodSync(staging, statSync(dir).mode & 0o7777);
  } catch (err) {
    removePendingOutput();
    cannotWrite(err, (err as NodeJS.ErrnoException).path ?? staging, out);
  }
  let aside = false;
  try {
    if (exists) {
      renameSync(dir, old);
      aside = true;
    }
    renameSync(staging, dir);
    pending.delete(staging);
  } catch (err) {
    // Put the old folder back, unless another process placed one meanwhile (else the next write does).
    try {
      if (aside && lstatOrUndefined(dir) === undefined) renameSync(old, dir);
    } catch {
      // recovered by the next write
    }
    removePendingOutput();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOTEMPTY' || e.code === 'EEXIST') fail('output.cannotWrite', { file: out }, 'another process wrote this folder at the same time; run again');
    cannotWrite(err, dir, out);
  }
  // The new folder is in place; an old one that cannot be deleted now is removed by the next run.
  if (aside) {
    try {
      renameSync(old, trash);
      rmSync(trash, { recursive: true, force: true });
    } catch {
      // left for the recovery of the next write
    }
  }
}

/** Write a file and flush it to disk before it is renamed into place. */
function writeDurably(path: string, content: FileContent | Uint8Array, flag: 'w' | 'wx'): void {
  const fd = openSync(path, flag);
  const write = (data: Uint8Array, length = data.length): void => {
    for (let offset = 0; offset < length; ) offset += writeSync(fd, data, offset, length - offset);
  };
  try {
    if (typeof content === 'function') {
      const buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
      let used = 0;
      for (const piece of content()) {
        if (3 * piece.length > WRITE_BUFFER_BYTES - used) {
          write(buffer, used);
          used = 0;
          if (3 * piece.length > WRITE_BUFFER_BYTES) {
            write(Buffer.from(piece));
            continue;
          }
        }
        used += buffer.write(piece, used);
      }
      write(buffer, used);
    } else write(typeof content === 'string' ? Buffer.from(content) : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Check, before any work, that `name` can be written into the existing folder `dir`: recover the
 * folder itself (a killed run may have left it aside) and the dead temporary files of `name`.
 */
export function checkOutputFile(dir: string, name: string): void {
  try {
    const real = realFolder(dir);
    recoverLeftovers(dirname(real), basename(real));
    if (!isFolder(dir)) return; // the command reports a missing folder in its own words
    recoverLeftovers(dir, name);
  } catch (err) {
    cannotWrite(err, (err as NodeJS.ErrnoException).path ?? dir, join(dir, name));
  }
  probe(dir, name, join(dir, name), 'file');
}

/** Write one file of an existing folder: a temporary file beside it, renamed into place (one atomic step). */
export function writeFileAtomic(dir: string, name: string, content: string): void {
  checkOutputFile(dir, name);
  const target = join(dir, name);
  const temp = join(dir, `.${name}.${process.pid}.tmp`);
  if (isFolder(target)) fail('output.cannotWrite', { file: target }, 'is a folder; remove it or choose another folder');
  try {
    pending.add(temp);
    writeDurably(temp, content, 'w');
    renameSync(temp, target);
    pending.delete(temp);
  } catch (err) {
    removePendingOutput();
    cannotWrite(err, target, target);
  }
}

/** Remove the staging folders and temporary files of writes in progress (on errors and on SIGINT/SIGTERM). */
export function removePendingOutput(): void {
  for (const path of pending) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // left for the recovery of the next write
    }
  }
  pending.clear();
}

/** Reading the files a user names: one check of size and kind before any byte is read. */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail, HubsimError } from './errors.js';
import { MAX_DOCUMENT_BYTES, MAX_FILE_BYTES, MAX_RESULTS_BYTES } from './limits.js';
import { recordKnown, sha256Hex, type InputRead } from './provenance/ledger.js';

/** The last read of each file in this process: its hash, for callers that cache what they parsed. */
const lastReads = new Map<string, InputRead>();

/** The path, SHA-256 and size of the bytes last read from `path` by readUserFile (undefined: never read). */
export function lastRead(path: string): InputRead | undefined {
  return lastReads.get(resolve(path));
}

/**
 * Read a text file of the user's, or fail with `code` naming it (shown as `shownAs`, default the
 * path): missing, a folder, unreadable, or larger than `limit` (checked before reading). A leading
 * byte order mark is dropped, for every kind of input at once.
 */
export function readUserFile(path: string, code: string, shownAs = path, hint = 'check the path', limit = MAX_FILE_BYTES): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) fail(code, { file: shownAs }, `is a folder, not a file; ${hint}`);
    // A device or pipe has no size to check first, and one such as /dev/zero never ends.
    if (!stat.isFile()) fail(code, { file: shownAs }, `is not a regular file (a device, pipe or socket); ${hint}`);
    size = stat.size;
  } catch (err) {
    if (err instanceof HubsimError) throw err;
    fail(code, { file: shownAs }, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'}); ${hint}`);
  }
  if (size > limit) fail('input.tooLarge', { file: shownAs }, `is ${size} bytes, above the limit of ${limit} bytes for this kind of file`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    fail(code, { file: shownAs }, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'}); ${hint}`);
  }
  // The input's provenance: the hash of exactly these bytes, recorded as they are read.
  const absPath = resolve(path);
  const read = { absPath, sha256: sha256Hex(bytes), bytes: bytes.byteLength };
  lastReads.set(absPath, read);
  recordKnown(read);
  // A UTF-8 byte order mark (as Windows editors and Excel write it) is not part of the text: YAML
  // skips it, JSON.parse and a CSV header would not.
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A results.json read back (hubsim report, compare, regress), up to MAX_RESULTS_BYTES; as readUserFile otherwise. */
export function readResultsFile(path: string, code: string): string {
  return readUserFile(path, code, path, 'check the path', MAX_RESULTS_BYTES);
}

/** Read a YAML or JSON input document (hub, scenario, sweep, baseline) with its size limit. */
export function readUserDocument(path: string, code: string): string {
  return readUserFile(path, code, path, 'check the path', MAX_DOCUMENT_BYTES);
}

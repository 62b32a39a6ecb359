import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_FILE_BYTES } from '../limits.js';
import { sha256Hex } from '../provenance/ledger.js';
import type { LoadedHub } from './load.js';

/*
 * The data files a study reads besides its YAML/JSON documents: the profile CSVs its hubs (and a
 * rollout's substations) name. Each is a FileRef (model/series.ts), `{ file: ..., ... }`, wherever a
 * field takes a CSV (a member's profile, PV and wind output, the connection's caps, the flex market's
 * congestion signal, a substation's background load), with a path relative to the folder of the file
 * that holds it (SourceFile.dir). A study's hash covers their bytes, so that a queued result or a
 * worker's inputs cannot be those of another version of the data.
 */

/**
 * The absolute paths of the data files a validated value names (a hub, or a whole rollout scenario),
 * each once, in the order they appear. FileRef is the only object of hubsim's input schemas with a
 * `file` field, so every object with a string `file` is one.
 */
export function dataFilesIn(value: unknown, dir: string): string[] {
  const files = new Set<string>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const item of v) walk(item);
      return;
    }
    const file = (v as { file?: unknown }).file;
    if (typeof file === 'string') files.add(resolve(dir, file));
    for (const item of Object.values(v)) walk(item);
  };
  walk(value);
  return [...files];
}

/** The data files a validated hub names, absolute, each once. */
export function hubDataFiles({ hub, source }: LoadedHub): string[] {
  return dataFilesIn(hub, source.dir);
}

/**
 * A text that changes with the bytes of every file in `paths` (in that order): the SHA-256 of each,
 * one per line. A file that cannot be read as a data file (missing, not a regular file, beyond the
 * size limit) reads "missing": the load's own checks report it, with its field.
 */
export function dataFilesDigest(paths: readonly string[]): string {
  return paths.map((path) => fileSha256(path) ?? 'missing').join('\n');
}

function fileSha256(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
    return sha256Hex(readFileSync(path));
  } catch {
    return undefined;
  }
}

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentSha256, sourceFromText } from './source.js';

/*
 * The shipped scenarios as the YAML parser read them, written by the build (scripts/document-cache.mjs,
 * run by `npm ci` and `npm run build`) as JSON, one file per document named by the SHA-256 of its text.
 * The national scenario is megabytes of YAML, which the `yaml` library reads at about 1.5 MB/s: two to
 * three seconds at the start of every national rollout, against a few tens of milliseconds for the
 * same data as JSON (docs/performance.md, "The shipped scenarios' parsed cache"). A document is taken
 * from the cache only for exactly the text it was written from, so an edited or another file is always
 * parsed; its lines, for an error message, are found by parsing the text when first asked
 * (sourceFromParsed). A document is cached only when its data come back from JSON as they are (no
 * -0, infinity or NaN, which JSON does not hold); the others are parsed at every start.
 */

/** The cache folder, found from this module (works from src/ and from dist/ alike). */
export const DOCUMENT_CACHE_DIR = fileURLToPath(new URL('../../dist/document-cache/', import.meta.url));

/**
 * The data of a YAML text (not a .json file: JSON's own parser reads those) as the build parsed it,
 * when the cache holds exactly this text (its SHA-256); undefined otherwise (the caller parses it).
 */
export function readCachedDocument(sha256: string, dir = DOCUMENT_CACHE_DIR): unknown {
  const file = join(dir, `${sha256}.json`);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Whether a JSON text of `data` parses back to the same values: plain objects, arrays, strings, finite numbers but -0, booleans and null. */
function survivesJson(data: unknown): boolean {
  if (data === null || typeof data === 'string' || typeof data === 'boolean') return true;
  if (typeof data === 'number') return Number.isFinite(data) && !Object.is(data, -0);
  if (Array.isArray(data)) return data.every(survivesJson);
  if (typeof data === 'object' && Object.getPrototypeOf(data) === Object.prototype) return Object.entries(data).every(([key, value]) => key !== '__proto__' && survivesJson(value));
  return false;
}

/**
 * Write the cache for these YAML files into dir, replacing what was there: the data of each that
 * parses without an error and survives JSON. Returns the files cached.
 */
export function writeDocumentCache(paths: readonly string[], dir = DOCUMENT_CACHE_DIR): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const cached: string[] = [];
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    const source = sourceFromText(path, '.', text);
    if ('error' in source || !survivesJson(source.data)) continue;
    const file = join(dir, `${documentSha256(text)}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(source.data));
    renameSync(`${file}.tmp`, file);
    cached.push(path);
  }
  return cached;
}

/** The YAML documents under a folder, at any depth, in a stable order. */
export function yamlFilesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => join(root, f));
}

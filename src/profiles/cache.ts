import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InputRead } from '../provenance/ledger.js';
import type { RegularSeries } from './series.js';

/*
 * A binary cache of the shipped profiles: their values as raw doubles, written by the build
 * (scripts/profile-cache.mjs, run by `npm ci` and `npm run build`) from what readProfileCsv parses.
 * Parsing the CSVs with csv-parse is a large part of the start-up of a rollout or sweep, reading the
 * doubles a small one (docs/performance.md, "The shipped profiles' binary cache"). A cached profile is used only when the
 * CSV's SHA-256 matches the one the cache was written from, so a changed, regenerated or edited CSV is
 * always parsed again; without a cache (or on a big-endian machine) every profile is parsed.
 */

/** The cache folder, found from this module (works from src/ and from dist/ alike). */
export const PROFILE_CACHE_DIR = fileURLToPath(new URL('../../dist/profile-cache/', import.meta.url));

const MANIFEST = 'manifest.json';

interface CachedEntry {
  /** The CSV's SHA-256 (hex) when the cache was written. */
  readonly sha256: string;
  readonly startMs: number;
  readonly stepMs: number;
  readonly steps: number;
  /** The file of raw little-endian doubles, in the cache folder. */
  readonly values: string;
}

type Manifest = Record<string, CachedEntry>;

const manifests = new Map<string, Manifest | null>();

function manifestOf(dir: string): Manifest | null {
  let m = manifests.get(dir);
  if (m === undefined) {
    try {
      m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
    } catch {
      m = null;
    }
    manifests.set(dir, m);
  }
  return m;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The cached values of a shipped profile (key: id@year) if the cache holds it for exactly these CSV
 * bytes; undefined otherwise (the caller parses the CSV).
 */
export function readCachedProfile(key: string, csvPath: string, file: string, column: string, dir = PROFILE_CACHE_DIR): (RegularSeries & { readonly csv: InputRead }) | undefined {
  if (endianness() !== 'LE') return undefined;
  const entry = manifestOf(dir)?.[key];
  if (entry === undefined) return undefined;
  try {
    const csvBytes = readFileSync(csvPath);
    if (sha256(csvBytes) !== entry.sha256) return undefined;
    const bytes = readFileSync(join(dir, entry.values));
    if (bytes.byteLength !== entry.steps * 8) return undefined;
    // Copied into a buffer of its own: aligned, and not a view on Node's shared pool.
    const values = new Float64Array(entry.steps);
    new Uint8Array(values.buffer).set(bytes);
    // The CSV's hash is the provenance of these values: they were written from exactly those bytes.
    return { startMs: entry.startMs, stepMs: entry.stepMs, values, file, column, csv: { absPath: csvPath, sha256: entry.sha256, bytes: csvBytes.byteLength } };
  } catch {
    return undefined;
  }
}

/** One profile to cache: its key (id@year), its CSV and the series parsed from it. */
export interface ProfileToCache {
  readonly key: string;
  readonly csvPath: string;
  readonly series: RegularSeries;
}

/** Write the cache for these profiles into dir (replacing what was there), manifest last. */
export function writeProfileCache(profiles: readonly ProfileToCache[], dir = PROFILE_CACHE_DIR): void {
  if (endianness() !== 'LE') return;
  mkdirSync(dir, { recursive: true });
  const manifest: Manifest = {};
  for (const p of profiles) {
    const values = `${p.key.replace(/[^A-Za-z0-9@._-]/g, '_')}.f64`;
    writeFileSync(join(dir, values), new Uint8Array(p.series.values.buffer, p.series.values.byteOffset, p.series.values.byteLength));
    manifest[p.key] = { sha256: sha256(readFileSync(p.csvPath)), startMs: p.series.startMs, stepMs: p.series.stepMs, steps: p.series.values.length, values };
  }
  const tmp = join(dir, `${MANIFEST}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 1)}\n`);
  renameSync(tmp, join(dir, MANIFEST));
  manifests.delete(dir);
}

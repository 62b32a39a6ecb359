/**
 * The on-disk cache of trained forecast models: one folder per key (the sha256 of the training data
 * and settings) under <cache dir>/forecast/, holding model.json (sizes and facts) and weights.bin
 * (every weight and bias as little-endian float32, layer by layer). The cache dir is HUBSIM_CACHE_DIR,
 * or .hubsim-cache in the current folder.
 *
 * We write the weights ourselves instead of with a tf.LayersModel's save('file://...'), which needs
 * the file handlers of @tensorflow/tfjs-node (not installable everywhere) and a layers model.
 * A folder is written beside its final name and renamed into place, so a reader never sees half of
 * one; a folder that cannot be read back is ignored (and retrained over).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MlpWeights } from './model.js';

const FORMAT = 1;

/** <HUBSIM_CACHE_DIR or ./.hubsim-cache>/forecast */
export function defaultForecastCacheDir(): string {
  const base = process.env.HUBSIM_CACHE_DIR;
  return join(base !== undefined && base !== '' ? resolve(base) : resolve('.hubsim-cache'), 'forecast');
}

/** sha256 (hex) over byte arrays and strings, each prefixed with its length so parts cannot run together. */
export function cacheKey(parts: readonly (ArrayBufferView | string)[]): string {
  const hash = createHash('sha256');
  for (const p of parts) {
    const bytes = typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p.buffer, p.byteOffset, p.byteLength);
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

interface Manifest {
  format: number;
  sizes: number[];
  facts: Record<string, unknown>;
}

/** The weights stored under `dir`, or undefined when there are none (or they do not read back whole). */
export function readCachedModel(dir: string): { weights: MlpWeights; facts: Record<string, unknown> } | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Manifest;
    if (manifest.format !== FORMAT || !Array.isArray(manifest.sizes)) return undefined;
    const bin = readFileSync(join(dir, 'weights.bin'));
    const all = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
    const { sizes } = manifest;
    const weights: Float32Array[] = [];
    const biases: Float32Array[] = [];
    let at = 0;
    for (let k = 0; k + 1 < sizes.length; k++) {
      weights.push(all.slice(at, (at += sizes[k] * sizes[k + 1])));
      biases.push(all.slice(at, (at += sizes[k + 1])));
    }
    if (at !== all.length) return undefined;
    return { weights: { sizes, weights, biases }, facts: manifest.facts };
  } catch {
    return undefined;
  }
}

/** Store weights under `dir` atomically (write beside it, rename). A failure to write is not fatal. */
export function writeCachedModel(dir: string, m: MlpWeights, facts: Record<string, unknown>): boolean {
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    mkdirSync(tmp, { recursive: true });
    const total = m.weights.reduce((n, w, k) => n + w.length + m.biases[k].length, 0);
    const all = new Float32Array(total);
    let at = 0;
    m.weights.forEach((w, k) => {
      all.set(w, at);
      at += w.length;
      all.set(m.biases[k], at);
      at += m.biases[k].length;
    });
    writeFileSync(join(tmp, 'weights.bin'), new Uint8Array(all.buffer));
    const manifest: Manifest = { format: FORMAT, sizes: [...m.sizes], facts };
    writeFileSync(join(tmp, 'model.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    return true;
  } catch {
    rmSync(tmp, { recursive: true, force: true });
    return false;
  }
}

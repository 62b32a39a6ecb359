/**
 * The TensorFlow.js backend the forecaster trains on. In order of preference:
 *
 *   - `tensorflow`: the native libtensorflow of @tensorflow/tfjs-node, an optional dependency that
 *     is used only when it loads (its install script downloads libtensorflow, which fails on
 *     machines without internet access; npm then skips it);
 *   - `wasm`: @tensorflow/tfjs-backend-wasm, whose .wasm binaries ship inside the npm package;
 *   - `cpu`: plain JavaScript, always there.
 *
 * HUBSIM_TF_BACKEND=tensorflow|wasm|cpu asks for one backend (falling back down the list when it
 * cannot be had). Backends give slightly different floating-point results, so the backend is part of
 * the forecaster's cache key and determinism holds per backend.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fail, quote } from '../errors.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

const ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** The optional native package, imported by a name in a variable so nothing needs it at build time. */
const TFJS_NODE: string = '@tensorflow/tfjs-node';

let nodeBinding: Promise<boolean> | undefined;

/** Whether @tensorflow/tfjs-node loads here (it registers the `tensorflow` backend when it does). */
export function tfjsNodeAvailable(): Promise<boolean> {
  nodeBinding ??= import(TFJS_NODE).then(
    () => true,
    () => false,
  );
  return nodeBinding;
}

let wasmPathsSet = false;

function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  return `${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`;
}

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tensorflow' && !(await tfjsNodeAvailable())) return false;
    if (name === 'wasm' && !wasmPathsSet) {
      // In Node the .wasm files are read from the package's dist folder, not fetched from a CDN.
      setWasmPaths(wasmDistDir());
      wasmPathsSet = true;
    }
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

const chosen = new Map<string, Promise<BackendName>>();

/**
 * Make the best available backend (or the one asked for, then the next best) the active one and
 * return its name. Memoised per request; tf's backend is process-wide.
 */
export function useBackend(preferred: BackendName | 'auto' = envBackend()): Promise<BackendName> {
  let p = chosen.get(preferred);
  if (p === undefined) {
    p = (async () => {
      const start = preferred === 'auto' ? 0 : ORDER.indexOf(preferred);
      for (const name of ORDER.slice(start)) if (await tryBackend(name)) return name;
      throw new Error('no TensorFlow.js backend could be initialised, not even cpu');
    })();
    chosen.set(preferred, p);
  }
  return p.then(async (name) => {
    if (tf.getBackend() !== name) await tf.setBackend(name);
    return name;
  });
}

/**
 * The backend HUBSIM_TF_BACKEND asks for (unset or empty: auto, the best that loads); another value
 * is a user's mistake, refused in one line rather than silently ignored.
 */
function envBackend(): BackendName | 'auto' {
  const v = process.env.HUBSIM_TF_BACKEND;
  if (v === undefined || v === '' || v === 'auto') return 'auto';
  if (v === 'tensorflow' || v === 'wasm' || v === 'cpu') return v;
  fail('cli.badEnvironment', { field: 'HUBSIM_TF_BACKEND' }, `${quote(v)} is not a TensorFlow.js backend; set tensorflow, wasm or cpu (the first that loads from there on), or unset it for the best that loads`);
}

/** The TensorFlow.js version, part of the cache key. */
export const TFJS_VERSION: string = tf.version.tfjs;

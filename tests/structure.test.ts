// The layers of src/ import downwards only (DESIGN.md, Architecture): run/ (the one way to run a
// study on threads or the queue) sits below rollout/ and sweep/, which implement its Study; a sweep
// may size a rollout's terrains, a rollout never knows sweeps; report/ writes what they compute and
// neither imports it (a sweep's outputs lived in sweep/ and imported report/, found by an audit). Read from the source files' imports,
// static and dynamic.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** Layers that must not import the listed layers (folders under src/). */
const FORBIDDEN: Record<string, readonly string[]> = {
  run: ['rollout', 'sweep', 'report', 'cli'],
  rollout: ['sweep', 'report', 'cli'],
  sweep: ['report', 'cli'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** The relative imports of a file (import ... from, export ... from, import()), as folders under src/. */
function importedLayers(file: string): { specifier: string; layer: string }[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)'(\.[^']+)'/g)].map((m) => m[1]);
  return specifiers.map((specifier) => ({ specifier, layer: relative(SRC, resolve(dirname(file), specifier)).split(/[\\/]/)[0] }));
}

describe('structure', () => {
  it('run/ imports neither rollout/ nor sweep/, rollout/ never imports sweep/, none of the three imports report/, and no layer imports cli/ but cli/', () => {
    const offences: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const layer = relative(SRC, file).split(/[\\/]/)[0];
      for (const { specifier, layer: target } of importedLayers(file)) {
        if (FORBIDDEN[layer]?.includes(target)) offences.push(`${relative(SRC, file)} imports ${specifier}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('finds the imports it checks (a file of each layer imports another layer)', () => {
    const layersOf = (path: string): string[] => importedLayers(join(SRC, path)).map((i) => i.layer);
    expect(layersOf('rollout/study.ts')).toContain('run');
    expect(layersOf('sweep/study.ts')).toContain('run');
    expect(layersOf('run/workspace.ts')).toContain('engine');
  });
});

// The layers of src/ import downwards only (DESIGN.md, Architecture): time/ -> profiles/ -> model/ ->
// engine/, strategies/, forecast/ -> economics/ -> rollout/ and sweep/ (through run/, the one way to run
// a study on threads or the queue, which they implement) -> report/ -> cli/. A sweep may size a
// rollout's terrains, a rollout never knows sweeps; report/ writes what they compute and neither imports
// it (a sweep's outputs lived in sweep/ and imported report/, found by an audit); model/ reads the
// shipped tariff table from profiles/ and leaves the cost formulas to economics/ (it imported
// economics/, found by a review). The folders DESIGN.md does not name sit where their imports put them:
// weather/ on time/, flex/ beside model/ (the two import each other), results/ on economics/, jobs/ on
// results/, regress/ on report/; provenance/ spans layers (its ledger is read by profiles/ and model/,
// its assumptions know rollouts and sweeps), so it is only kept below jobs/, run/ and report/.
// Read from the source files' imports, static and dynamic.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** The layers above economics/, which no layer at or below it imports. */
const ABOVE_ECONOMICS = ['results', 'jobs', 'run', 'rollout', 'sweep', 'report', 'regress', 'cli'];
/** The layers above model/ (and flex/), which no layer at or below it imports. */
const ABOVE_MODEL = ['engine', 'strategies', 'forecast', 'economics', ...ABOVE_ECONOMICS];

/** Layers that must not import the listed layers (folders under src/). */
const FORBIDDEN: Record<string, readonly string[]> = {
  time: ['weather', 'profiles', 'model', 'flex', ...ABOVE_MODEL],
  weather: ABOVE_MODEL,
  profiles: ['model', 'flex', ...ABOVE_MODEL],
  model: ABOVE_MODEL,
  flex: ABOVE_MODEL,
  engine: ['strategies', 'forecast', 'economics', ...ABOVE_ECONOMICS],
  forecast: ['strategies', 'economics', ...ABOVE_ECONOMICS],
  strategies: ['economics', ...ABOVE_ECONOMICS],
  economics: ABOVE_ECONOMICS,
  results: ['jobs', 'run', 'rollout', 'sweep', 'report', 'regress', 'cli'],
  jobs: ['run', 'rollout', 'sweep', 'report', 'regress', 'cli'],
  run: ['rollout', 'sweep', 'report', 'regress', 'cli'],
  rollout: ['sweep', 'report', 'regress', 'cli'],
  sweep: ['report', 'regress', 'cli'],
  report: ['regress', 'cli'],
  regress: ['cli'],
  provenance: ['jobs', 'run', 'report', 'regress', 'cli'],
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
  it('no layer imports a layer above it (FORBIDDEN): model/ no economics/, run/ no rollout/ or sweep/, none of them report/, no folder cli/', () => {
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
    expect(layersOf('model/checks.ts')).toContain('profiles');
  });
});

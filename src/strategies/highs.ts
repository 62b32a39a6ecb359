import type { Highs } from 'highs';
import { fail } from '../errors.js';

/*
 * HiGHS (WebAssembly) for the planners that solve a linear program: the `lp` strategy and the joint
 * minimum peak of several batteries (joint-peak.ts). It is a dependency of hubsim, imported when
 * first needed, never at startup: loading takes a second or two, so it happens once per thread,
 * before any run that needs it (prepareStrategies); an install that lacks it still runs every other
 * strategy and says what is missing. The package declares CommonJS types with an `export default`, so under
 * NodeNext TypeScript sees the default export as the whole module; at run time it is the loader,
 * which the cast states.
 */
let loading: Promise<Highs> | undefined;
let loaded: Highs | undefined;

export async function loadHighs(): Promise<Highs> {
  loading ??= import('highs').then(
    (module) => (module.default as unknown as () => Promise<Highs>)().then((h) => (loaded = h)),
    (cause: unknown) => {
      loading = undefined;
      fail('solver.missing', {}, `the LP solver HiGHS (npm package 'highs', a dependency of hubsim) cannot be loaded (${(cause as Error).message.split('\n')[0]}); reinstall hubsim with npm ci`);
    },
  );
  return loading;
}

/** The loaded solver; throws when loadHighs was not awaited first (a bug, not a user error). */
export function highs(): Highs {
  if (loaded === undefined) throw new Error('HiGHS is not loaded: await loadHighs() (prepareStrategies) before solving a linear program');
  return loaded;
}

/** HiGHS' model status by name ('optimal', 'infeasible', ...). */
export function statusName(h: Highs, code: number): string {
  for (const [name, value] of Object.entries(h.constants.modelStatus)) if (value === code) return name;
  return `status ${code}`;
}

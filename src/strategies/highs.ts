import highsLoader, { type Highs } from 'highs';

/*
 * HiGHS (WebAssembly) for the `lp` strategy. The package declares CommonJS types with an `export
 * default`, so under NodeNext TypeScript sees the default import as the whole module; at run time
 * it is the loader, which the cast states. Loading takes a second or two, so it happens once per
 * thread, before any run that needs it (prepareStrategies).
 */
const loadWasm = highsLoader as unknown as () => Promise<Highs>;

let loading: Promise<Highs> | undefined;
let loaded: Highs | undefined;

export async function loadHighs(): Promise<Highs> {
  loading ??= loadWasm().then((h) => (loaded = h));
  return loading;
}

/** The loaded solver; throws when loadHighs was not awaited first (a bug, not a user error). */
export function highs(): Highs {
  if (loaded === undefined) throw new Error('HiGHS is not loaded: await prepareStrategies() before running an lp strategy');
  return loaded;
}

/** HiGHS' model status by name ('optimal', 'infeasible', ...). */
export function statusName(h: Highs, code: number): string {
  for (const [name, value] of Object.entries(h.constants.modelStatus)) if (value === code) return name;
  return `status ${code}`;
}

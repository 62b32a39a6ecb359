import { isAbsolute, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { StudyModule } from './study.js';

/** The hubsim package (the folder that holds dist/ and src/), from src/ and dist/ alike. */
export const PACKAGE = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Import a study's thread module, named by its path inside the hubsim package (Study.module, also in
 * queue jobs). A path that leaves the package is refused: a job names hubsim's own code, nothing else.
 */
export async function openStudyModule(module: string): Promise<StudyModule> {
  const file = fileURLToPath(new URL(module, pathToFileURL(PACKAGE)));
  const inside = relative(PACKAGE, file);
  if (isAbsolute(module) || inside.startsWith('..') || isAbsolute(inside)) throw new Error(`study module ${JSON.stringify(module)} is not inside hubsim (${PACKAGE})`);
  const m = (await import(pathToFileURL(file).href)) as Partial<StudyModule>;
  if (typeof m.openStudy !== 'function' || typeof m.prepareStudy !== 'function') throw new Error(`${module} is not a study module (it must export openStudy and prepareStudy); is this the same hubsim version?`);
  return m as StudyModule;
}

import { basename, dirname } from 'node:path';
import { fail, quote } from '../errors.js';
import { checkOutputFile, writeFileAtomic } from '../report/write.js';
import { generateNational, MAX_NATIONAL_TERRAINS, type NationalOptions } from '../rollout/generate-national.js';
import type { Io } from './io.js';

export interface GenerateOptions {
  terrains: string;
  substations: string;
  seed: string;
  out?: string;
}

/** The largest seed: mulberry32 keeps 32 bits of state. */
const MAX_SEED = 2 ** 32 - 1;

/** The scenarios hubsim generate can write, by name. */
const GENERATORS: Readonly<Record<string, (options: NationalOptions) => string>> = { national: generateNational };

/** A whole number from `min` to `max` given as an option; undefined when it is not one. */
function wholeNumber(value: string, min: number, max: number): number | undefined {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
}

/**
 * `hubsim generate national --terrains N --substations M --seed S [--out FILE]`: write a drawn
 * rollout scenario on stdout or into FILE (replaced in one step, never half written). The same
 * options give the same bytes.
 */
export function generateCommand(generator: string, options: GenerateOptions, io: Io): number {
  const generate = GENERATORS[generator];
  if (generate === undefined) fail('generate.unknownGenerator', {}, `no generator ${quote(generator)}; generators are ${Object.keys(GENERATORS).join(', ')}`);
  const terrains = wholeNumber(options.terrains, 1, MAX_NATIONAL_TERRAINS);
  if (terrains === undefined) fail('generate.badCount', { field: '--terrains' }, `${quote(options.terrains)} is not a number of terrains (a whole number from 1 to ${MAX_NATIONAL_TERRAINS})`);
  const substations = wholeNumber(options.substations, 1, MAX_NATIONAL_TERRAINS);
  if (substations === undefined) fail('generate.badCount', { field: '--substations' }, `${quote(options.substations)} is not a number of substations (a whole number from 1 to ${MAX_NATIONAL_TERRAINS})`);
  const seed = wholeNumber(options.seed, 0, MAX_SEED);
  if (seed === undefined) fail('generate.badSeed', { field: '--seed' }, `${quote(options.seed)} is not a seed (a whole number from 0 to ${MAX_SEED})`);
  if (substations > terrains) fail('generate.moreSubstationsThanTerrains', { field: '--substations' }, `${substations} substations for ${terrains} terrains: every substation needs a terrain; give at most ${terrains}`);
  // Before the draw: a folder that cannot take the file is refused at once (output.cannotWrite).
  if (options.out !== undefined) checkOutputFile(dirname(options.out), basename(options.out));
  const text = generate({ terrains, substations, seed });
  if (options.out === undefined) io.stdout.write(text);
  else {
    writeFileAtomic(dirname(options.out), basename(options.out), text);
    io.stdout.write(`wrote ${options.out}; check it with hubsim validate ${options.out}, run it with hubsim rollout ${options.out}\n`);
  }
  return 0;
}

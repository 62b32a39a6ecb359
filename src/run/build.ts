import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE } from './modules.js';

/*
 * The build of hubsim a queue job comes from: a SHA-256 over the package's compiled code (every .js
 * file under dist/) and its shipped data (every file under profiles/), each file by its path inside the package and
 * its bytes. The version string alone does not tell two builds apart (a change of code keeps it), so
 * a queue job carries this and its id takes it in: a result computed by other code is neither reused
 * nor computed, and a worker whose build differs from the submitter's fails the job. Only the queue
 * needs it (a local pool's threads run this process's own code), so it is computed there, once per
 * process, on first use.
 */

let identity: string | undefined;

/** This process's hubsim build (computed on the first call). */
export function buildIdentity(): string {
  identity ??= hashBuild();
  return identity;
}

function hashBuild(): string {
  const hash = createHash('sha256');
  const files = [...filesUnder('dist').filter((f) => f.endsWith('.js')), ...filesUnder('profiles')].sort();
  for (const file of files) {
    const bytes = readFileSync(join(PACKAGE, file));
    hash.update(`${file}\u0000${bytes.byteLength}\u0000`).update(bytes);
  }
  return hash.digest('hex');
}

/** The files under a folder of the package, by their path inside it ('/'-separated); none when it is missing. */
function filesUnder(folder: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(join(PACKAGE, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) walk(`${dir}/${e.name}`);
      else if (e.isFile()) files.push(`${dir}/${e.name}`);
    }
  };
  walk(folder);
  return files;
}

/** The error of a job made by another hubsim build than this worker's. */
export function otherBuild(): Error {
  return new Error("this worker's hubsim build (code or shipped profiles) differs from the submitter's; run the same hubsim build on every machine (the same checkout, npm run build)");
}

/*
 * Random edits of valid files, for the tests that hold every command to a coded one-line error on a
 * file nobody chose (tests/mutated-inputs.test.ts for the input files, tests/mutated-results.test.ts
 * for the result files other commands read back): a parsed document's field deleted, set to a value
 * of another type or a number scaled; a CSV's line deleted, repeated or cut, a cell or the header
 * spoiled.
 */

export type Path = (string | number)[];

/** Every path into a parsed document (objects and arrays, down to the leaves). */
export function pathsOf(doc: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (doc !== null && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) pathsOf(v, [...at, Array.isArray(doc) ? Number(k) : k], out);
  }
  if (at.length > 0) out.push(at);
  return out;
}

/** What an edit may write: values that replace a field (undefined deletes it) and factors that scale a number. */
export interface EditValues {
  values: readonly unknown[];
  factors: readonly number[];
}

/** One or two random edits of `doc` (a copy); returns the copy and what was done, for the message. */
export function mutatedDocument(doc: unknown, random: () => number, { values, factors }: EditValues): [unknown, string] {
  const copy = structuredClone(doc);
  const done: string[] = [];
  const edits = 1 + Math.floor(random() * 2);
  for (let e = 0; e < edits; e++) {
    const paths = pathsOf(copy);
    if (paths.length === 0) break;
    const path = paths[Math.floor(random() * paths.length)];
    let parent = copy as Record<string | number, unknown>;
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    const key = path[path.length - 1];
    const old = parent[key];
    const r = random();
    if (Array.isArray(parent) && r < 0.15) {
      parent.splice(Number(key), 0, structuredClone(old));
      done.push(`${path.join('.')} repeated`);
    } else if (typeof old === 'number' && r < 0.6) {
      const f = factors[Math.floor(random() * factors.length)];
      parent[key] = old * f;
      done.push(`${path.join('.')} x ${f}`);
    } else {
      const v = values[Math.floor(random() * values.length)];
      if (v === undefined) {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      } else parent[key] = structuredClone(v);
      done.push(`${path.join('.')} = ${JSON.stringify(v) ?? 'deleted'}`);
    }
  }
  return [copy, done.join(', ')];
}

const CELLS = ['abc', '', 'NaN', '-1', '1e400', '"', '2023-13-01T00:00:00Z'];

/** One random edit of a CSV text: a data line deleted, repeated or the file cut after it, a cell spoiled, or the header renamed. */
export function mutatedCsv(text: string, random: () => number): [string, string] {
  const lines = text.split('\n');
  const k = 1 + Math.floor(random() * Math.max(1, lines.length - 2));
  const op = Math.floor(random() * 5);
  if (op === 0) {
    lines.splice(k, 1);
    return [lines.join('\n'), `line ${k + 1} deleted`];
  }
  if (op === 1) {
    lines.splice(k, 0, lines[k] ?? '');
    return [lines.join('\n'), `line ${k + 1} repeated`];
  }
  if (op === 2) return [lines.slice(0, k).join('\n'), `cut after line ${k}`];
  if (op === 3) {
    lines[0] = lines[0].replace(/[a-z]/, 'X');
    return [lines.join('\n'), 'header renamed'];
  }
  const cells = (lines[k] ?? '').split(',');
  const c = Math.floor(random() * cells.length);
  const v = CELLS[Math.floor(random() * CELLS.length)];
  cells[c] = v;
  lines[k] = cells.join(',');
  return [lines.join('\n'), `line ${k + 1} cell ${c + 1} = ${JSON.stringify(v)}`];
}

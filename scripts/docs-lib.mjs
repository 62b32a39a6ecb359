// Helpers shared by scripts/docs.mjs and tests/docs.test.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Replace each <!-- generated:NAME --> ... <!-- /generated:NAME --> block with the given text (`file` names it in errors). */
export function replaceGenerated(text, sections, file = 'README.md') {
  let out = text;
  for (const [name, body] of Object.entries(sections)) {
    const open = `<!-- generated:${name} -->`;
    const close = `<!-- /generated:${name} -->`;
    const a = out.indexOf(open);
    const b = out.indexOf(close);
    if (a < 0 || b < a) throw new Error(`${file} has no ${open} ... ${close} block`);
    out = `${out.slice(0, a + open.length)}\n${body}\n${out.slice(b)}`;
  }
  return out;
}

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Table of every stable error code used in src/ (found from fail('code', ...) and checks' code: '...'). */
export function errorCodeReference(srcDir) {
  const codes = new Map();
  for (const file of files(srcDir).sort()) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:fail\(\s*|code: )'([a-z]+\.[A-Za-z]+)'/g)) {
      if (!codes.has(m[1])) codes.set(m[1], file.replace(/\\/g, '/'));
    }
    for (const m of text.matchAll(/'((?:hub|profile|cli|output|rollout|compare|sweep|validate|init)\.[A-Za-z]+)'/g)) {
      if (!codes.has(m[1])) codes.set(m[1], file.replace(/\\/g, '/'));
    }
  }
  const lines = ['| code | raised in |', '|---|---|'];
  for (const [code, file] of [...codes].sort((x, y) => x[0].localeCompare(y[0]))) lines.push(`| \`${code}\` | \`${file}\` |`);
  return lines.join('\n');
}

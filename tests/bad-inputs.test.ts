/*
 * The bad-input corpus (tests/bad-inputs/NNN-name/, written by tests/bad-inputs/make.mjs or by hand):
 * every case runs the CLI on its inputs and must give its exit code (2 unless case.yaml says `exit`)
 * and exactly one line `hubsim: error [<code>] ...` on stderr (or `lines` of them, one per problem,
 * when case.yaml says so: an input with several problems), each at most 400 characters, with no stack
 * trace and no raw control character, and must leave its folder as it was: no output, no temp file.
 * Cases marked `process: true` (the memory class) run as a child process whose peak RSS must stay
 * under 2 GB; the others run in-process with main(args, io).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './support/cli.js';

const CORPUS = join(import.meta.dirname, 'bad-inputs');
const RSS_WRAPPER = join(import.meta.dirname, 'support', 'peak-rss.mjs');
const MAX_RSS_BYTES = 2 * 1024 ** 3;
const CASE_TIMEOUT_MS = 60_000;
/** Options whose value is a path even when nothing is there yet (an output folder, a baseline). */
const PATH_OPTIONS = new Set(['--out', '-o', '--baseline', '-b', '--from']);

interface Case {
  args: string[];
  code: string;
  exit?: number;
  why?: string;
  kind?: string;
  class?: string;
  process?: boolean;
  /** Lines on stderr, one per problem (default 1); the first has `code`. */
  lines?: number;
}

/** Every file under dir (relative path, sha256) and every folder, sorted: what "unchanged" compares. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p);
      if (statSync(p).isDirectory()) {
        out.push(`${rel}/`);
        walk(p);
      } else out.push(`${rel} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
    }
  };
  walk(dir);
  return out;
}

/** The case's arguments with its relative paths resolved against its folder (for the in-process run). */
function resolveArgs(dir: string, args: readonly string[]): string[] {
  return args.map((a, i) => (a !== '' && !a.startsWith('-') && (existsSync(join(dir, a)) || PATH_OPTIONS.has(args[i - 1] ?? '')) ? join(dir, a) : a));
}

function expectCodedLines(stderr: string, code: string, count = 1): void {
  const lines = stderr.split('\n');
  expect(lines.at(-1), 'stderr ends with a newline').toBe('');
  expect(lines.slice(0, -1), stderr.slice(0, 600)).toHaveLength(count);
  expect(lines[0].startsWith(`hubsim: error [${code}] `), lines[0].slice(0, 300)).toBe(true);
  for (const line of lines.slice(0, -1)) {
    expect(line, line.slice(0, 300)).toMatch(/^hubsim: error \[[a-zA-Z]+\.[a-zA-Z]+\] /);
    expect(line.length, line.slice(0, 300)).toBeLessThanOrEqual(400);
    expect(line).not.toMatch(/[\p{Cc}\p{Cs}\uFFFD]/u);
    expect(line).not.toMatch(/\bat .*\(.*:\d+:\d+\)|node:internal/);
  }
}

const names = readdirSync(CORPUS).filter((n) => /^\d{3}-/.test(n)).sort();

describe('bad-input corpus', () => {
  it('has at least 130 cases, each folder with a case.yaml', () => {
    expect(names.length).toBeGreaterThanOrEqual(130);
    for (const n of names) expect(existsSync(join(CORPUS, n, 'case.yaml')), n).toBe(true);
  });

  for (const name of names) {
    const dir = join(CORPUS, name);
    const c = parse(readFileSync(join(dir, 'case.yaml'), 'utf8')) as Case;
    it(`${name}: ${c.code}${c.why ? ` (${c.why})` : ''}`.slice(0, 200), { timeout: CASE_TIMEOUT_MS }, async () => {
      const before = snapshot(dir);
      if (c.process) {
        const r = spawnSync(process.execPath, [RSS_WRAPPER, ...c.args], {
          cwd: dir,
          encoding: 'utf8',
          timeout: CASE_TIMEOUT_MS - 10_000,
          stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
          maxBuffer: 64 * 1024 * 1024,
        });
        expect(r.error, 'the child finished within its timeout').toBeUndefined();
        expect(r.status, r.stderr.slice(0, 600)).toBe(c.exit ?? 2);
        expectCodedLines(r.stderr, c.code, c.lines);
        const rss = Number(String(r.output[3]).split('\n')[0]);
        expect(rss, 'peak RSS reported').toBeGreaterThan(0);
        expect(rss, 'peak RSS in bytes').toBeLessThan(MAX_RSS_BYTES);
      } else {
        const r = await runCli(...resolveArgs(dir, c.args));
        expect(r.code, r.stderr.slice(0, 600)).toBe(c.exit ?? 2);
        expectCodedLines(r.stderr, c.code, c.lines);
      }
      expect(snapshot(dir), 'the case folder is unchanged').toEqual(before);
    });
  }
});

import type { z } from 'zod';
import { ProvenanceJson } from '../results-schema.js';
import { escapeHtml, type PageSection } from './page.js';
import { tableHtml, type TableCell } from './table.js';
import { MAX_TABLE_ROWS } from '../rows-shown.js';
import { roundedNumberText } from '../format.js';

/**
 * The "Assumptions and sources" section of a report: which hubsim made the results, with which command,
 * from which files (with their SHA-256) and on which assumptions (value, unit, whether hubsim's default,
 * and the source), as results.json's provenance holds them. None for a results.json without provenance.
 */
export function provenanceSection(results: unknown): PageSection | undefined {
  const raw = typeof results === 'object' && results !== null ? (results as { provenance?: unknown }).provenance : undefined;
  const parsed = ProvenanceJson.safeParse(raw);
  if (raw === undefined || !parsed.success) return undefined;
  const p = parsed.data;
  const intro = `<p>Made by hubsim ${escapeHtml(p.hubsimVersion)} with <code>${escapeHtml(p.command.join(' '))}</code>. The results were made from the files below (SHA-256 of the bytes read) and rest on the assumptions below: hubsim's documented default where "default" says yes (docs/sources.md), else the value set in the input file.</p>`;
  const inputs = tableHtml({
    id: 'provenance-inputs',
    keyColumns: 1,
    columns: [
      { name: 'path', label: 'file' },
      { name: 'shipped', label: 'shipped with hubsim' },
      { name: 'bytes', label: 'size (bytes)', unit: 'bytes' },
      { name: 'sha256', label: 'SHA-256' },
    ],
    rows: p.inputs.map((f) => ({ key: f.path, cells: [f.path, f.shipped ? 'yes' : 'no', f.bytes, f.sha256] })),
  });
  const rows = summarised(p.assumptions);
  const assumptions = tableHtml({
    id: 'provenance-assumptions',
    keyColumns: 1,
    columns: [
      { name: 'name', label: 'parameter' },
      { name: 'value', label: 'value' },
      { name: 'unit', label: 'unit' },
      { name: 'defaulted', label: 'default' },
      { name: 'source', label: 'source' },
    ],
    // A value is shown to its unit's resolution; a year as written (2019, not 2,019).
    rows: rows.map((a) => ({ key: a.name, unit: a.unit, cells: [a.name, a.value, a.unit, a.defaulted, a.source] })),
  });
  const many = rows.length < p.assumptions.length;
  const note = many
    ? `\n<p>A parameter set for more than ${MAX_TABLE_ROWS} terrains or substations is one row over all of them ([*]): its value, or the range of its values, and its source, or how many sources; results.json's provenance lists each.</p>`
    : '';
  return { title: 'Assumptions and sources', html: `${intro}\n<h3>Input files</h3>\n${inputs}\n<h3>Assumptions</h3>${note}\n${assumptions}` };
}

type Assumption = z.infer<typeof ProvenanceJson>['assumptions'][number];

/**
 * The assumptions as the table lists them: each one, except that a parameter given for more than
 * MAX_TABLE_ROWS terrains or substations (a national rollout sets a battery's eight parameters for
 * each of 4,000 terrains) is one row, named with [*] for the index: its value when every one has the
 * same, else the range "lowest - highest" (numbers) or the count of values; "yes", "no" or "mixed" for
 * default; its source, or the count of sources.
 */
function summarised(all: readonly Assumption[]): { name: string; value: TableCell; unit: string; defaulted: string; source: string }[] {
  const general = (name: string): string => name.replace(/\[[^\]]*\]/g, '[*]');
  const groups = new Map<string, Assumption[]>();
  for (const a of all) {
    const key = general(a.name);
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [a]);
    else g.push(a);
  }
  const out: { name: string; value: TableCell; unit: string; defaulted: string; source: string }[] = [];
  const done = new Set<string>();
  for (const a of all) {
    const key = general(a.name);
    const g = groups.get(key)!;
    if (g.length <= MAX_TABLE_ROWS) {
      out.push({ name: a.name, value: a.value as TableCell, unit: a.unit, defaulted: a.defaulted ? 'yes' : 'no', source: a.source });
      continue;
    }
    if (done.has(key)) continue;
    done.add(key);
    const values = [...new Set(g.map((x) => JSON.stringify(x.value)))].map((v) => JSON.parse(v) as unknown);
    const numbers = values.filter((v): v is number => typeof v === 'number');
    let value: TableCell;
    if (values.length === 1) value = values[0] as TableCell;
    else if (numbers.length === values.length) value = `${roundedNumberText(Math.min(...numbers))} - ${roundedNumberText(Math.max(...numbers))}`;
    else value = `${values.length} values`;
    const sources = [...new Set(g.map((x) => x.source))];
    const defaults = new Set(g.map((x) => x.defaulted));
    out.push({
      name: `${key} (${g.length.toLocaleString('en-US')})`,
      value,
      unit: g[0].unit,
      defaulted: defaults.size > 1 ? 'mixed' : g[0].defaulted ? 'yes' : 'no',
      source: sources.length === 1 ? sources[0] : `${sources.length} sources`,
    });
  }
  return out;
}

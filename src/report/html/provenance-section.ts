import { ProvenanceJson } from '../results-schema.js';
import { escapeHtml, type PageSection } from './page.js';
import { tableHtml, type TableCell } from './table.js';

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
    rows: p.assumptions.map((a) => ({ key: a.name, unit: a.unit, cells: [a.name, a.value as TableCell, a.unit, a.defaulted ? 'yes' : 'no', a.source] })),
  });
  return { title: 'Assumptions and sources', html: `${intro}\n<h3>Input files</h3>\n${inputs}\n<h3>Assumptions</h3>\n${assumptions}` };
}

import { z } from 'zod';
import { schemaReference } from './reference.js';
import { SWEEP_COLUMNS } from './sweep-output.js';
import { Sweep } from '../sweep/schema.js';

/** Markdown table of every sweep-file field, from the zod schema's descriptions (README, npm run docs). */
export function sweepFileReference(): string {
  return schemaReference(z.toJSONSchema(Sweep, { io: 'input', unrepresentable: 'any' }) as Parameters<typeof schemaReference>[0]);
}

/** Markdown table of the sweep.csv columns with units. */
export function sweepColumnsReference(): string {
  const lines = ['| column | unit | basis | meaning |', '|---|---|---|---|'];
  for (const c of SWEEP_COLUMNS) lines.push(`| \`${c.name}\` | ${c.unit === '' ? "the target metric's" : c.unit} | ${c.basis} | ${c.description.replace(/\|/g, '\\|')} |`);
  return lines.join('\n');
}

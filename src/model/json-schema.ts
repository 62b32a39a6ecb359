import { z } from 'zod';
import { Hub } from './hub.js';

/** The JSON Schema of hub files, generated from the zod schema (its .describe() texts included). */
export function hubJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Hub, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://hubsim.local/schema/hub.json', title: 'hubsim hub file' };
}

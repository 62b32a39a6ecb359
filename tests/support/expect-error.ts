import { expect } from 'vitest';
import { HubsimError } from '../../src/errors.js';

/**
 * Assert fn throws a HubsimError with this code, exit code 2 and a one-line message that names the
 * file and, when given, the line and the field.
 */
export function expectError(fn: () => unknown, code: string, where: { file?: string; line?: number; field?: string } = {}): HubsimError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a HubsimError ${code}`).toBeInstanceOf(HubsimError);
  const e = caught as HubsimError;
  expect(e.code, e.message).toBe(code);
  expect(e.exitCode).toBe(2);
  expect(e.message).not.toContain('\n');
  if (where.file !== undefined) expect(e.message).toContain(where.file);
  if (where.line !== undefined) expect(e.message).toMatch(new RegExp(`\\bline ${where.line}\\b`));
  if (where.field !== undefined) expect(e.message).toContain(`field ${where.field}`);
  return e;
}

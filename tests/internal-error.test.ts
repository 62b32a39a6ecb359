import { describe, expect, it, vi } from 'vitest';

// A bug stands in for every bug: the run of a hub throws an Error no input check foresaw (as an energy
// balance that does not close would).
vi.mock('../src/jobs/hub-job.js', async (original) => ({
  ...(await original<typeof import('../src/jobs/hub-job.js')>()),
  runHub: () => {
    throw new Error('the energy balance does not close (a bug planted by this test)');
  },
}));

const { runCli } = await import('./support/cli.js');

describe('an internal error', () => {
  it('is said to be a bug in hubsim, not in the input, in its first line; then the stack for the report; exit 70, not the 1 of a drifted regress', async () => {
    const r = await runCli('run', 'scenarios/examples/business-park.yaml');
    expect(r.code).toBe(70);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('hubsim: internal error (a bug in hubsim, not in your input; please report it with the command and the lines below)');
    expect(lines[1]).toBe('Error: the energy balance does not close (a bug planted by this test)');
    expect(lines[2]).toMatch(/^ {4}at /);
    expect(r.stdout).toBe('');
  });
});

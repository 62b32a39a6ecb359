// Runs the built CLI (dist/) with the given arguments, as bin/hubsim.js does, and writes the
// process's peak resident set size in bytes to file descriptor 3 when it exits: the memory check
// of tests/bad-inputs.test.ts reads it there, apart from the CLI's own stdout and stderr.
import { writeSync } from 'node:fs';
import { main } from '../../dist/cli/program.js';

process.on('exit', () => {
  writeSync(3, `${process.resourceUsage().maxRSS * 1024}\n`);
});
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });

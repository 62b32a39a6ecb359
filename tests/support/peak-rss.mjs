// Runs the built CLI (dist/) with the given arguments, as bin/hubsim.js does, and writes to file
// descriptor 3 when it exits, apart from the CLI's own stdout and stderr: the process's peak resident
// set size in bytes (the memory check of tests/bad-inputs.test.ts reads it), then on a second line the
// CPU time of all its threads in seconds, user + system (bench/national.js reads both).
import { writeSync } from 'node:fs';
import { main } from '../../dist/cli/program.js';

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(3, `${usage.maxRSS * 1024}\n${(usage.userCPUTime + usage.systemCPUTime) / 1e6}\n`);
});
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });

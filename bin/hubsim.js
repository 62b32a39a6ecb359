#!/usr/bin/env node
import { codedLine, main } from '../dist/cli/program.js';
import { removePendingOutput } from '../dist/report/write.js';
import { onStopSignal } from '../dist/cli/signals.js';

// Exit at once, leaving no staging folder or half-written file; a command with a graceful stop
// (hubsim worker) gets the first signal instead (src/cli/signals.ts).
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { if (onStopSignal()) { removePendingOutput(); process.exit(130); } });
// A reader that stops reading (hubsim schema | head) closes the pipe: stop quietly, as the other
// commands of a pipeline do, leaving no half-written output, instead of failing with a stack trace.
// A standard output that cannot be written (a full disk, /dev/full): one coded line, exit 2.
process.stdout.on('error', (err) => {
  removePendingOutput();
  if (err.code === 'EPIPE') process.exit(0);
  process.stderr.write(`${codedLine('output.cannotWrite', `standard output: cannot write (${err.code ?? err.message}); free space, or send it elsewhere (a folder written with --out is complete)`)}\n`);
  process.exit(2);
});
// A standard error closed early (hubsim ... 2>&1 | head -1): nothing more can be said; the exit code stands.
process.stderr.on('error', () => {});
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });

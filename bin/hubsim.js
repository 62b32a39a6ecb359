#!/usr/bin/env node
import { main } from '../dist/cli/program.js';
import { removePendingOutput } from '../dist/report/write.js';
import { onStopSignal } from '../dist/cli/signals.js';

// Exit at once, leaving no staging folder or half-written file; a command with a graceful stop
// (hubsim worker) gets the first signal instead (src/cli/signals.ts).
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { if (onStopSignal()) { removePendingOutput(); process.exit(130); } });
// A reader that stops reading (hubsim schema | head) closes the pipe: stop quietly, as the other
// commands of a pipeline do, leaving no half-written output, instead of failing with a stack trace.
process.stdout.on('error', (err) => { if (err.code !== 'EPIPE') throw err; removePendingOutput(); process.exit(0); });
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });

#!/usr/bin/env node
import { main } from '../dist/cli/program.js';
import { removePendingOutput } from '../dist/report/write.js';
import { onStopSignal } from '../dist/cli/signals.js';

// Exit at once, leaving no staging folder or half-written file; a command with a graceful stop
// (hubsim worker) gets the first signal instead (src/cli/signals.ts).
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { if (onStopSignal()) { removePendingOutput(); process.exit(130); } });
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });

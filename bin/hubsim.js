#!/usr/bin/env node
import { main } from '../dist/cli/program.js';
import { removePendingFiles } from '../dist/report/write.js';

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { removePendingFiles(); process.exit(130); });
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });

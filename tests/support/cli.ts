import { main } from '../../src/cli/program.js';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Streams that collect what a command writes: `io` to pass to it, `captured(code)` for the result. */
export function capturingIo(): { io: { stdout: { write: (s: string) => boolean }; stderr: { write: (s: string) => boolean } }; captured: (code: number) => Captured } {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
  };
  return { io, captured: (code) => ({ code, stdout, stderr }) };
}

/** Run the CLI in-process with string-collecting streams. */
export async function runCli(...args: string[]): Promise<Captured> {
  const { io, captured } = capturingIo();
  return captured(await main(args, io));
}

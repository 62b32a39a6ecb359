import { main } from '../../src/cli/program.js';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process with string-collecting streams. */
export async function runCli(...args: string[]): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

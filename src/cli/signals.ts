/**
 * What the process does on SIGINT and SIGTERM. By default bin/hubsim.js removes half-written output (staging folders, temporary files)
 * and exits at once (130). A command that can stop cleanly (a queue worker finishing the jobs it
 * holds) registers a graceful stop instead: the first signal calls it, a second one exits at once.
 */
let graceful: (() => void) | null = null;
let signalled = false;

export function setGracefulStop(stop: (() => void) | null): void {
  graceful = stop;
}

/** Called by bin/hubsim.js on SIGINT and SIGTERM; returns true when the process should exit now. */
export function onStopSignal(): boolean {
  if (graceful === null || signalled) return true;
  signalled = true;
  graceful();
  return false;
}

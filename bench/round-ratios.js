// What a benchmark in rounds reports of its 1- and 2-thread runs ({ s, cpuS } each, round i of both
// at index i): the ratios within each round, of runs a minute or two apart on a machine whose speed
// wanders, and their medians.
import { median } from 'simple-statistics';

/**
 * speedup: 1-thread time over 2-thread time; speedupBound: the most 2 cores could give for the
 * 2-thread run's work, which cannot take less than half its CPU time, 2 x 1-thread time / 2-thread
 * CPU; cpuRatio: the same work's CPU time, 1 thread over 2. Two threads sharing the cores (and
 * compiling the code twice) spend at least the CPU time of one for the same work, so a ratio well
 * above 1 means the machine ran slower during the 1-thread run.
 */
export function roundRatios(ones, twos) {
  const each = (f) => median(ones.map((_, i) => f(i)));
  return {
    speedup: each((i) => ones[i].s / twos[i].s),
    speedupBound: each((i) => (2 * ones[i].s) / twos[i].cpuS),
    cpuRatio: each((i) => ones[i].cpuS / twos[i].cpuS),
  };
}

/** The line beside the speedup: the bound and the CPU ratio, flagged above 1.05 (`what`: "run", "batch"; `whats` its plural). */
export function boundLine({ speedupBound, cpuRatio }, what, whats) {
  const flag = cpuRatio > 1.05 ? `: the 1-thread ${whats} took 5% or more CPU time for the same work than the 2-thread ${whats}, which share the cores; the machine ran slower during them, and the speedup reads high` : '';
  return `  (the most 2 cores could give for the 2-thread ${what}'s work, 2 x 1-thread time / 2-thread CPU: ${speedupBound.toFixed(2)}x; the same work's CPU time, 1 thread / 2 threads: ${cpuRatio.toFixed(2)}${flag})`;
}

/**
 * Put a regular series (start, step, values) onto another step length, conserving energy: a longer
 * source step is repeated into the shorter target steps (each keeps the same mean power), and shorter
 * source steps are averaged into a longer target step. Step lengths must divide one another. Each
 * value is then multiplied by `factor` (a shape scaled to kW; 1 leaves every value as it is).
 * Returns null when they do not, or when the series does not cover [startMs, startMs + steps*stepMs).
 */
export function resample(
  srcStartMs: number,
  srcStepMs: number,
  src: ArrayLike<number>,
  startMs: number,
  stepMs: number,
  steps: number,
  factor = 1,
): Float64Array | null {
  const out = new Float64Array(steps);
  const srcEnd = srcStartMs + src.length * srcStepMs;
  if (startMs < srcStartMs || startMs + steps * stepMs > srcEnd) return null;
  if ((startMs - srcStartMs) % Math.min(srcStepMs, stepMs) !== 0) return null;
  if (srcStepMs === stepMs) {
    // The same step: the covered slice.
    const first = (startMs - srcStartMs) / srcStepMs;
    for (let i = 0; i < steps; i++) out[i] = src[first + i] * factor;
    return out;
  }
  if (srcStepMs > stepMs) {
    if (srcStepMs % stepMs !== 0) return null;
    for (let i = 0; i < steps; i++) {
      out[i] = src[Math.floor((startMs + i * stepMs - srcStartMs) / srcStepMs)] * factor;
    }
    return out;
  }
  if (stepMs % srcStepMs !== 0) return null;
  const k = stepMs / srcStepMs;
  const first = (startMs - srcStartMs) / srcStepMs;
  for (let i = 0; i < steps; i++) {
    let sum = 0;
    const base = first + i * k;
    for (let j = 0; j < k; j++) sum += src[base + j];
    out[i] = (sum / k) * factor;
  }
  return out;
}

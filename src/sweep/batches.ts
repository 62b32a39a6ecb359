/** One unit of work: every configuration of one subject on a range of weather draws. */
export interface SweepBatch {
  readonly subject: number;
  readonly drawFrom: number;
  readonly drawTo: number;
}

/**
 * The batches of a sweep, in a fixed order (subject, then draws). Each holds about batchHubYears
 * hub-years (at least one draw), so a pool task or a queue job carries enough work to make its
 * overhead small. The split depends only on the sweep, never on the number of workers.
 */
export function sweepBatches(configsPerSubject: readonly number[], draws: number, batchHubYears: number): SweepBatch[] {
  const out: SweepBatch[] = [];
  configsPerSubject.forEach((configs, subject) => {
    const per = Math.max(1, Math.floor(batchHubYears / Math.max(1, configs)));
    for (let d = 0; d < draws; d += per) out.push({ subject, drawFrom: d, drawTo: Math.min(draws, d + per) });
  });
  return out;
}

/** A batch named within its sweep (its job id is a hash of this, the sweep's hash and the hubsim build: run/study.ts batchJobId). */
export function sweepBatchKey(batch: SweepBatch): string {
  return `${batch.subject}:${batch.drawFrom}:${batch.drawTo}`;
}

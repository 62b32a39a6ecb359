import { createHash } from 'node:crypto';

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

/**
 * A batch's job id: a hash of the sweep's inputs (file contents and hubsim version) and the batch, so
 * the same batch submitted twice (a retry, a duplicate, a second submitter) is one job and its result
 * counts once.
 */
export function batchId(sweepHash: string, batch: SweepBatch): string {
  return createHash('sha256').update(`${sweepHash}:${batch.subject}:${batch.drawFrom}:${batch.drawTo}`).digest('hex').slice(0, 40);
}

import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { shareLoadedProfiles } from '../profiles/catalogue.js';
import type { SweepTask } from './thread.js';

/** The compiled thread (dist/sweep/thread.js), found from src/ (tests) and dist/ alike. */
const THREAD = fileURLToPath(new URL('../../dist/sweep/thread.js', import.meta.url));

/**
 * A piscina pool for sweep batches. The shipped profiles loaded so far in this thread are shared
 * with the pool's threads read-only, so call it after the sweep's subjects are prepared.
 */
export class SweepPool {
  private readonly pool: Piscina;

  constructor(threads: number) {
    this.pool = new Piscina({ filename: THREAD, minThreads: threads, maxThreads: threads, idleTimeout: 1000, workerData: { profiles: shareLoadedProfiles() } });
  }

  async run(task: SweepTask): Promise<Float64Array> {
    return (await this.pool.run(task)) as Float64Array;
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}

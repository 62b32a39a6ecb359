import { shareLoadedProfiles } from '../profiles/catalogue.js';
import { RunPool } from './pool.js';
import type { Runner } from './runner.js';
import { startOrder, studyTasks, type Study, type StudyTask } from './study.js';

/**
 * The threads of this machine as a Runner: a pool of `threads` started for the study, running its
 * tasks (localTasks, so call it once the study is prepared).
 * A batch that throws is handed back as a failure with the first line of its error.
 */
export function localRunner(threads: number): Runner {
  return {
    async run(study, delivery) {
      const pool = new RunPool(threads);
      try {
        const tasks = localTasks(study);
        await Promise.all(
          startOrder(study).map(async (i) => {
            const task = tasks[i];
            let value: unknown;
            try {
              value = await pool.run(task);
            } catch (err) {
              delivery.failure(i, (err as Error).message.split('\n')[0]);
              return;
            }
            delivery.result(i, value);
          }),
        );
      } finally {
        await pool.destroy();
      }
    },
  };
}

/**
 * A study's tasks for a pool of this machine, in batch order: each carries the shipped profiles read
 * so far and what the study shares (run/worker.ts, Shared), so call it once the study is prepared.
 */
export function localTasks<Batch>(study: Study<Batch, unknown>): StudyTask<Batch>[] {
  const shared = { profiles: shareLoadedProfiles(), study: study.shared() };
  return studyTasks(study).map((task) => ({ ...task, shared }));
}

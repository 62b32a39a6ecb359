import { adoptSharedProfiles, type SharedProfile } from '../profiles/catalogue.js';
import { openStudyModule } from './modules.js';
import type { StudyTask, ThreadStudy } from './study.js';
import { threadWorkspace } from './workspace.js';

/**
 * What the threads of a study share read-only: the shipped profiles the main thread has read (in
 * SharedArrayBuffers: no parsing, no copies) and what the study itself shares (Study.shared). It goes
 * with every task (StudyTask.shared); a thread opens the study with the first task's.
 */
export interface Shared {
  readonly profiles: readonly SharedProfile[];
  readonly study: unknown;
}

/** The study this thread ran last, kept for the next batch of the same (module, path, hash). */
let open: { module: string; path: string; hash: string; study: Promise<ThreadStudy<unknown, unknown>> } | undefined;

/**
 * The piscina worker of every pool (run/pool.ts): opens the task's study once per (path, hash) with
 * what the threads share, runs the batch on this thread's workspace, and hands the result back by
 * structured clone. A typed array is copied, not moved: moving it detaches its buffer, and from the
 * first detached buffer on, every read of a column in this thread carries a check for one
 * (docs/performance.md, "A moved result slows the thread"); a batch's result is a few kB.
 */
export default async function runBatch(task: StudyTask): Promise<unknown> {
  if (open?.module !== task.module || open.path !== task.path || open.hash !== task.hash) {
    const shared = task.shared as Shared | undefined;
    if (shared !== undefined) adoptSharedProfiles(shared.profiles);
    open = { module: task.module, path: task.path, hash: task.hash, study: openStudyModule(task.module).then((m) => m.openStudy(task.path, task.hash, shared?.study)) };
  }
  return (await open.study).run(task.batch, threadWorkspace());
}

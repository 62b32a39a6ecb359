import { createHash } from 'node:crypto';
import type { Workspace } from './workspace.js';

/*
 * A study is a piece of work that hubsim splits into batches and runs in threads, on this machine or
 * on `hubsim worker` processes behind a Redis queue: a rollout (a batch: one substation over the
 * horizon, rollout/study.ts) or a sweep (a batch: one subject on a range of weather draws,
 * sweep/study.ts). The run layer (this folder) knows studies only through the interfaces below, so it
 * sits below rollout/ and sweep/ and never imports them.
 *
 * How a thread finds a study's code: a study names its thread module by a path inside the hubsim
 * package (e.g. `dist/rollout/study.js`), and the worker entry (run/worker.ts) imports that module
 * dynamically. A path relative to the package, not a file URL, is the same on every machine, so it
 * can travel in a queue job; a module outside the package is refused, and a queue worker runs only
 * the study modules it is given (hubsim's rollout and sweep: run/queue-worker.ts).
 *
 * Determinism: the batches of a study depend only on its inputs (never on the number of threads or
 * the runner), every batch runs alone in a thread, and the results are handed back in batch order, so
 * the output is the same bytes whatever runs it and in whatever order the results arrive.
 */

/** A loaded study, on the side that submits it. */
export interface Study<Batch, Result> {
  /** Absolute path of the study's file. */
  readonly path: string;
  /** SHA-256 of the study's inputs (its files and the data files they name) and the hubsim version: a thread refuses a file that differs. */
  readonly hash: string;
  /** The module (path inside the hubsim package) that threads open the study with: it exports a StudyModule. */
  readonly module: string;
  /** The batches, in output order. */
  readonly batches: readonly Batch[];
  /** Text that identifies a batch within the study (part of its job id). */
  batchKey(batch: Batch): string;
  /** A batch in words, for error messages. */
  describe(batch: Batch): string;
  /**
   * What the threads share read-only besides the shipped profiles, as structured-cloneable data with
   * anything large in SharedArrayBuffers (not copied; run/shared-data.ts), or null for nothing; read
   * after the study is prepared.
   */
  shared(): unknown;
  /** Check one batch's result as it arrives (its size, its kind); throw when it cannot be this batch's. */
  check?(batch: Batch, result: Result): void;
  /**
   * The batch's work against the other batches' (a rollout's: its substation's terrains), so that a
   * runner can start the heaviest first (startOrder); without it, all weigh the same.
   */
  weight?(batch: Batch): number;
}

/** A study opened in a thread: it runs one batch at a time on the thread's workspace. */
export interface ThreadStudy<Batch, Result> {
  run(batch: Batch, workspace: Workspace): Result | Promise<Result>;
}

/**
 * What a study's thread module exports. `prepareStudy` runs in a queue worker's main thread before its
 * threads run the study's batches (it reads and resolves what they share, as the submitter does before
 * its own pool starts) and returns what they share, as Study.shared does: it goes with every task, so
 * anything large sits in SharedArrayBuffers (run/shared-data.ts). `given` is what the submitter's
 * study shared, when the queue carried it: the files as parsed there, taken for each file whose text
 * is the same here. `openStudy` runs in a thread, once per (path, hash).
 */
export interface StudyModule {
  prepareStudy(path: string, hash: string, given?: unknown): Promise<unknown>;
  openStudy(path: string, hash: string, shared: unknown): Promise<ThreadStudy<unknown, unknown>>;
}

/** What a thread is given to run: the study (module, path, hash), one batch, and maybe what it shares. */
export interface StudyTask<Batch = unknown> {
  readonly module: string;
  readonly path: string;
  readonly hash: string;
  readonly batch: Batch;
  /** What the study's threads share (run/worker.ts, Shared: the profiles read and Study.shared); a thread opens the study with it. */
  readonly shared?: unknown;
  /** In a queue job: the hubsim build of the submitter (run/build.ts), which the worker's must equal. */
  readonly build?: string;
}

/** The tasks of a study, one per batch, in batch order. */
export function studyTasks<Batch>(study: Study<Batch, unknown>): StudyTask<Batch>[] {
  return study.batches.map((batch) => ({ module: study.module, path: study.path, hash: study.hash, batch }));
}

/**
 * The order in which a runner starts a study's batches: the heaviest first (Study.weight), equals in
 * batch order. Threads that take the next batch as they finish one then end close together, instead
 * of one thread running a heavy batch alone at the end (longest processing time first). The results
 * are still handed back in batch order, so the output does not depend on it.
 */
export function startOrder(study: Study<unknown, unknown>): number[] {
  const order = study.batches.map((_, i) => i);
  if (study.weight === undefined) return order;
  const w = study.batches.map((b) => study.weight!(b));
  return order.sort((a, b) => w[b] - w[a] || a - b);
}

/**
 * A batch's job id: a hash of the study's inputs, the hubsim build (run/build.ts) and the batch, so
 * the same batch submitted twice (a retry, a duplicate, a second submitter) is one job and its result
 * counts once, and a result of other inputs or other code is never taken for it.
 */
export function batchJobId(studyHash: string, build: string, batchKey: string): string {
  return createHash('sha256').update(`${studyHash}:${build}:${batchKey}`).digest('hex').slice(0, 40);
}

/** The error a thread raises for a study file that is not what the submitter loaded. */
export function changedInputs(path: string): Error {
  return new Error(`${path}: the file or a file it reads differs from the submitter's (or another hubsim version); run the same inputs on every machine`);
}

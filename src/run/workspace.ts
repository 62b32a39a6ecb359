import { Recorder } from '../engine/recorder.js';
import { Setpoints } from '../engine/setpoints.js';

/*
 * The columns a thread reuses from run to run, in one place. A year at 15-minute steps is 35,040
 * values per column; allocating one zeroes every value, work of the order of a pass over it, and a
 * thread runs thousands of hub-years one after the other, each synchronously, so a column can be
 * handed to the next run instead of made again. Three kinds of reuse:
 *
 * - the setpoints a planner writes and the engine follows: one set per step count, overwritten by
 *   every run (a run is synchronous and done with them when it returns);
 * - named columns (`grid`, `pvKw`, ...): one per name and step count, overwritten by the next run or
 *   draw that asks for the name;
 * - a task's columns and recorders: taken in turn while one task (a substation's years) needs several
 *   at once, and all given back when the next task (or a later part of the task) begins.
 *
 * Every thread has one workspace (threadWorkspace()); contents are undefined when handed out.
 */
export class Workspace {
  private readonly setpointsBySteps = new Map<number, Setpoints>();
  private readonly named = new Map<string, Float64Array>();
  private readonly namedIndices = new Map<string, Int32Array>();
  private readonly columns: Float64Array[] = [];
  private columnsTaken = 0;
  private readonly recorders: Recorder[] = [];
  private recordersTaken = 0;

  /** Setpoint columns for `steps` steps, shared by every run of this thread (each run overwrites them). */
  setpoints(steps: number): Setpoints {
    let sp = this.setpointsBySteps.get(steps);
    if (sp === undefined) this.setpointsBySteps.set(steps, (sp = new Setpoints(steps)));
    return sp;
  }

  /** The column called `name` of `steps` values (the previous holder of the name is done with it). */
  column(name: string, steps: number): Float64Array {
    let c = this.named.get(name);
    if (c === undefined || c.length !== steps) this.named.set(name, (c = new Float64Array(steps)));
    return c;
  }

  /** The index column called `name` of `length` entries (step numbers, day numbers). */
  indices(name: string, length: number): Int32Array {
    let c = this.namedIndices.get(name);
    if (c === undefined || c.length !== length) this.namedIndices.set(name, (c = new Int32Array(length)));
    return c;
  }

  /** Begin a task: every column and recorder taken before may be handed out again. */
  beginTask(): void {
    this.columnsTaken = 0;
    this.recordersTaken = 0;
  }

  /** A column of `steps` values that no other part of the current task holds. */
  take(steps: number): Float64Array {
    let c = this.columns[this.columnsTaken];
    if (c === undefined || c.length !== steps) this.columns[this.columnsTaken] = c = new Float64Array(steps);
    this.columnsTaken++;
    return c;
  }

  /** A recorder of `steps` steps that no other run of the current task holds. */
  recorder(steps: number): Recorder {
    let rec = this.recorders[this.recordersTaken];
    if (rec === undefined || rec.steps !== steps) this.recorders[this.recordersTaken] = rec = new Recorder(steps);
    this.recordersTaken++;
    return rec;
  }

  /** How many recorders are held: the ones taken after it can be given back with releaseRecorders. */
  markRecorders(): number {
    return this.recordersTaken;
  }

  /** Give back the recorders taken since `mark` (their runs are done with). */
  releaseRecorders(mark: number): void {
    this.recordersTaken = mark;
  }
}

let own: Workspace | undefined;

/** This thread's workspace (every thread has its own module instance, hence its own). */
export function threadWorkspace(): Workspace {
  return (own ??= new Workspace());
}

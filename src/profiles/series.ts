/** A regular time series as read from a file, before it is put on a run's axis. */
export interface RegularSeries {
  readonly startMs: number;
  readonly stepMs: number;
  readonly values: Float64Array;
  /** The file and column it came from, for error messages. */
  readonly file: string;
  readonly column: string;
  /** Steps the reader filled (missing intervals, empty cells), and how; 0 when none. */
  readonly filledSteps?: number;
  readonly fill?: string;
}

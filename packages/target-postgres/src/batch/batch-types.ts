/** One buffered row and the input line it came from. */
export interface BatchRow {
  readonly line: string;
  readonly absent: string;
  readonly deleted: boolean;
  readonly lineNumber: number;
}

/** Which rows go into a COPY and what follows each line. */
export interface EmitOptions {
  /** Append the staging columns (absent set, deleted flag) to each line. */
  readonly staging: boolean;
  /** Leave out rows that are hard deletes. */
  readonly skipDeleted: boolean;
}

/** What an emit saw: the input line of each COPY line, the absent sets of kept rows, the deletes. */
export interface EmitReport {
  readonly lineNumbers: number[];
  readonly groups: Set<string>;
  deleted: number;
}

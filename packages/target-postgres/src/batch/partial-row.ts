import { Byte } from '@pgsinger/singer';

/** The row a batch already holds for a key, as the merge of a later partial record sees it. */
export interface HeldRow {
  /** Its COPY line (without newline). */
  readonly line: Buffer;
  readonly absent: string;
  readonly deleted: boolean;
}

/** A later record's row for the same key: its COPY line and the columns it lacks. */
export interface LaterRow {
  readonly line: Buffer;
  readonly absent: string;
}

/**
 * The one row that loads like the held row followed by a later record that lacks some columns (`absent`, not empty;
 * the later record is no delete): exactly what loading each in its own batch gives.
 * - after a hard delete, the later record inserts a fresh row, so the columns it lacks are NULL (its own `\N`) and
 *   nothing is absent any more;
 * - else the later record's columns overwrite the held row's, the others keep the held values, and a column stays
 *   absent (unchanged in the table) only when neither record carried it.
 */
export function mergeLaterRecord(held: HeldRow, later: LaterRow): { line: Buffer; absent: string } {
  if (held.deleted) return { line: later.line, absent: '' };
  const lacking = new Set(later.absent.split(',').map(Number));
  const mine = splitFields(later.line);
  const theirs = splitFields(held.line);
  const fields = mine.map((field, i) => (lacking.has(i) ? (theirs[i] ?? field) : field));
  return { line: joinFields(fields), absent: commonAbsent(held.absent, later.absent) };
}

/** Comma-joined column indexes in both lists (ascending, as the encoders write them). */
export function commonAbsent(a: string, b: string): string {
  if (a === '' || b === '') return '';
  const inA = new Set(a.split(','));
  return b
    .split(',')
    .filter((i) => inA.has(i))
    .join(',');
}

/** The fields of a COPY text line: tabs separate them (a tab inside a value is escaped as `\t`). */
function splitFields(line: Buffer): Buffer[] {
  const fields: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= line.length; i++) {
    if (i === line.length || line[i] === Byte.Tab) {
      fields.push(line.subarray(start, i));
      start = i + 1;
    }
  }
  return fields;
}

function joinFields(fields: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  fields.forEach((field, i) => {
    if (i > 0) parts.push(TAB);
    parts.push(field);
  });
  return Buffer.concat(parts);
}

const TAB = Buffer.from([Byte.Tab]);

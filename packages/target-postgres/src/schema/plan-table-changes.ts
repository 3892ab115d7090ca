import { SchemaError } from '../errors';
import { versionedColumnName } from './naming';
import type { ColumnSpec } from './column-spec';
import { adoptionNote, compareTypes, isExactNumberType, sameFamily } from './type-compat';

/**
 * One change to bring a table in line with a stream's schema. `adopt` changes nothing: the existing column (of
 * `type`) takes the values of the wanted type (`wanted`), keeping what `note` says.
 */
export type TableChange =
  | { readonly kind: 'add'; readonly column: string; readonly type: string }
  | { readonly kind: 'alter'; readonly column: string; readonly type: string; readonly from: string }
  | {
      readonly kind: 'version';
      readonly column: string;
      readonly renameTo: string;
      readonly type: string;
      readonly from: string;
    }
  | {
      readonly kind: 'adopt';
      readonly column: string;
      readonly type: string;
      readonly wanted: string;
      readonly note: string;
    };

/** Inputs of planTableChanges. */
export interface PlanInput {
  readonly stream: string;
  readonly wanted: readonly ColumnSpec[];
  /** Existing columns: name → type as format_type prints it. */
  readonly existing: ReadonlyMap<string, string>;
  readonly keyColumns: readonly string[];
  readonly now: Date;
  /** The SCHEMA's input line, named in errors. */
  readonly lineNumber?: number;
}

/**
 * Pure: the changes for an existing table: add, widen in place, adopt a column that can take the values, version
 * (rename, then add) one that cannot; never a drop.
 */
export function planTableChanges(input: PlanInput): TableChange[] {
  const changes: TableChange[] = [];
  const taken = new Set([...input.existing.keys(), ...input.wanted.map((c) => c.name)]);
  for (const column of input.wanted) {
    const current = input.existing.get(column.name);
    if (current === undefined) {
      changes.push({ kind: 'add', column: column.name, type: column.type });
      continue;
    }
    const action = decide(column, current);
    if (action === 'keep') continue;
    if (action === 'alter') {
      changes.push({ kind: 'alter', column: column.name, type: column.type, from: current });
      continue;
    }
    if (action !== 'version') {
      changes.push({ kind: 'adopt', column: column.name, type: current, wanted: column.type, note: action.note });
      continue;
    }
    if (input.keyColumns.includes(column.name)) {
      throw new SchemaError(
        `${input.lineNumber === undefined ? '' : `line ${input.lineNumber}: `}stream ${input.stream}: key column "${column.name}" is ${current} in the table but the schema wants ${column.type}`,
        'change the key column type by hand (ALTER TABLE) or load into a new table',
      );
    }
    const renameTo = versionedColumnName(column.name, input.now, taken);
    taken.add(renameTo);
    changes.push({ kind: 'version', column: column.name, renameTo, type: column.type, from: current });
  }
  return changes;
}

function decide(column: ColumnSpec, current: string): 'keep' | 'alter' | 'version' | { readonly note: string } {
  if (column.source !== 'property') return 'keep';
  const relation = compareTypes(current, column.type);
  if (relation === 'same' || relation === 'holds') return 'keep';
  if (column.soft) {
    if (relation === 'widen' && isExactNumberType(current) && isExactNumberType(column.type)) return 'alter';
    if (sameFamily(current, column.type)) return 'keep';
  }
  if (relation === 'widen') return 'alter';
  const note = adoptionNote(current, column.type);
  return note === undefined ? 'version' : { note };
}

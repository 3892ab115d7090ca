import { SchemaError } from '../errors';
import { versionedColumnName } from './naming';
import type { ColumnSpec } from './column-spec';
import { compareTypes, isExactNumberType, sameFamily } from './type-compat';

/** One change to bring a table in line with a stream's schema. */
export type TableChange =
  | { readonly kind: 'add'; readonly column: string; readonly type: string }
  | { readonly kind: 'alter'; readonly column: string; readonly type: string; readonly from: string }
  | { readonly kind: 'version'; readonly column: string; readonly renameTo: string; readonly type: string };

/** Inputs of planTableChanges. */
export interface PlanInput {
  readonly stream: string;
  readonly wanted: readonly ColumnSpec[];
  /** Existing columns: name → type as format_type prints it. */
  readonly existing: ReadonlyMap<string, string>;
  readonly keyColumns: readonly string[];
  readonly now: Date;
}

/** Pure: the changes (add, widen in place, version the old column) for an existing table; never a drop. */
export function planTableChanges(input: PlanInput): TableChange[] {
  const changes: TableChange[] = [];
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
    if (input.keyColumns.includes(column.name)) {
      throw new SchemaError(
        `stream ${input.stream}: key column "${column.name}" is ${current} in the table but the schema wants ${column.type}`,
        'change the key column type by hand (ALTER TABLE) or load into a new table',
      );
    }
    changes.push({
      kind: 'version',
      column: column.name,
      renameTo: versionedColumnName(column.name, input.now),
      type: column.type,
    });
  }
  return changes;
}

function decide(column: ColumnSpec, current: string): 'keep' | 'alter' | 'version' {
  if (column.source !== 'property') return 'keep';
  const relation = compareTypes(current, column.type);
  if (relation === 'same' || relation === 'holds') return 'keep';
  if (column.soft) {
    if (relation === 'widen' && isExactNumberType(current) && isExactNumberType(column.type)) return 'alter';
    if (sameFamily(current, column.type)) return 'keep';
  }
  return relation === 'widen' ? 'alter' : 'version';
}

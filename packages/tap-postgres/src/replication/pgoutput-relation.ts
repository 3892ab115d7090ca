/** One column of a pgoutput Relation message. */
export interface RelationColumn {
  readonly name: string;
  /** Part of the replica identity (flag bit 1). */
  readonly isKey: boolean;
  readonly typeOid: number;
  readonly typeModifier: number;
}

/** A pgoutput Relation message: what later Insert/Update/Delete messages with its id refer to. */
export interface Relation {
  readonly id: number;
  readonly schema: string;
  readonly table: string;
  /** `d` default, `n` nothing, `f` full, `i` index. */
  readonly replicaIdentity: string;
  readonly columns: readonly RelationColumn[];
}

/** A pgoutput Type message (a non-built-in type used by a relation). */
export interface RelationType {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
}

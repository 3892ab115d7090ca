import type { ChangeDecoder, DecodedChange, TableName } from './decoded-change';
import type { Lsn } from './lsn';
import { PgoutputReader } from './pgoutput-reader';
import type { Relation, RelationColumn, RelationType } from './pgoutput-relation';
import { pgMicrosToIso } from './pg-time';

/**
 * Decodes pgoutput protocol version 1 messages (text mode) into DecodedChange, keeping a relation cache from the
 * Relation messages. Values stay PostgreSQL's text output; unchanged TOAST columns are absent, never null.
 */
export class PgoutputDecoder implements ChangeDecoder {
  /** Relations by id, as last described by the server. */
  readonly relations = new Map<number, Relation>();
  /** Non-built-in types by OID. */
  readonly types = new Map<number, RelationType>();
  /** Origin of the current transaction, when it was replicated from elsewhere. */
  origin: string | undefined;
  private commitTime = '';

  /** Decodes one XLogData payload; Relation, Type and Origin messages update the caches and return undefined. */
  decode(payload: Buffer, walStart: Lsn): DecodedChange | undefined {
    const reader = new PgoutputReader(payload);
    const tag = reader.byte();
    switch (tag) {
      case 0x42 /* B */: {
        const commitLsn = reader.uint64();
        this.commitTime = pgMicrosToIso(reader.int64());
        this.origin = undefined;
        return { kind: 'begin', lsn: walStart, commitLsn, commitTime: this.commitTime, xid: reader.uint32() };
      }
      case 0x43 /* C */: {
        reader.byte(); // flags, unused
        const commitLsn = reader.uint64();
        const endLsn = reader.uint64();
        return { kind: 'commit', lsn: walStart, commitLsn, endLsn, commitTime: pgMicrosToIso(reader.int64()) };
      }
      case 0x52 /* R */:
        this.readRelation(reader);
        return undefined;
      case 0x59 /* Y */: {
        const oid = reader.uint32();
        this.types.set(oid, { oid, schema: reader.string(), name: reader.string() });
        return undefined;
      }
      case 0x4f /* O */:
        reader.uint64();
        this.origin = reader.string();
        return undefined;
      case 0x49 /* I */: {
        const relation = this.relation(reader.uint32());
        expectByte(reader, 0x4e, 'Insert');
        return { kind: 'insert', ...this.base(relation, walStart), columns: reader.tuple(relation) };
      }
      case 0x55 /* U */:
        return this.readUpdate(reader, walStart);
      case 0x44 /* D */: {
        const relation = this.relation(reader.uint32());
        const kind = reader.byte();
        if (kind !== 0x4b && kind !== 0x4f)
          throw new Error(`pgoutput: Delete without a key tuple (0x${kind.toString(16)})`);
        return {
          kind: 'delete',
          ...this.base(relation, walStart),
          key: reader.tuple(relation, { keysOnly: kind === 0x4b }),
        };
      }
      case 0x54 /* T */: {
        const count = reader.int32();
        const flags = reader.byte();
        const tables: TableName[] = [];
        for (let i = 0; i < count; i += 1) {
          const relation = this.relation(reader.uint32());
          tables.push({ schema: relation.schema, table: relation.table });
        }
        return {
          kind: 'truncate',
          lsn: walStart,
          commitTime: this.commitTime,
          tables,
          cascade: (flags & 1) !== 0,
          restartIdentity: (flags & 2) !== 0,
        };
      }
      case 0x4d /* M */: {
        const transactional = (reader.byte() & 1) !== 0;
        const lsn = reader.uint64();
        const prefix = reader.string();
        return { kind: 'message', lsn, transactional, prefix, content: reader.text(reader.int32()) };
      }
      default:
        throw new Error(`pgoutput: unknown message type 0x${tag.toString(16)}`);
    }
  }

  private readRelation(reader: PgoutputReader): void {
    const id = reader.uint32();
    const schema = reader.string();
    const table = reader.string();
    const replicaIdentity = String.fromCharCode(reader.byte());
    const count = reader.int16();
    const columns: RelationColumn[] = [];
    for (let i = 0; i < count; i += 1) {
      const flags = reader.byte();
      columns.push({
        isKey: (flags & 1) !== 0,
        name: reader.string(),
        typeOid: reader.uint32(),
        typeModifier: reader.int32(),
      });
    }
    this.relations.set(id, { id, schema: schema === '' ? 'pg_catalog' : schema, table, replicaIdentity, columns });
  }

  private readUpdate(reader: PgoutputReader, walStart: Lsn): DecodedChange {
    const relation = this.relation(reader.uint32());
    let kind = reader.byte();
    let key;
    if (kind === 0x4b /* K */ || kind === 0x4f /* O */) {
      key = reader.tuple(relation, { keysOnly: kind === 0x4b });
      kind = reader.byte();
    }
    if (kind !== 0x4e) throw new Error(`pgoutput: Update without a new tuple (0x${kind.toString(16)})`);
    const columns = reader.tuple(relation);
    const base = this.base(relation, walStart);
    return key === undefined ? { kind: 'update', ...base, columns } : { kind: 'update', ...base, columns, key };
  }

  private base(relation: Relation, walStart: Lsn): { lsn: Lsn; schema: string; table: string; commitTime: string } {
    return { lsn: walStart, schema: relation.schema, table: relation.table, commitTime: this.commitTime };
  }

  private relation(id: number): Relation {
    const relation = this.relations.get(id);
    if (relation === undefined) throw new Error(`pgoutput: change for relation ${id} before its Relation message`);
    return relation;
  }
}

function expectByte(reader: PgoutputReader, expected: number, message: string): void {
  const actual = reader.byte();
  if (actual !== expected) throw new Error(`pgoutput: unexpected byte 0x${actual.toString(16)} in ${message}`);
}

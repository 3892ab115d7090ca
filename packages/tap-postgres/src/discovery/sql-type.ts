/** How a column's values are turned into JSON, decided once from its `sql-datatype`. */
export const VALUE_KINDS = [
  'integer',
  'numeric',
  'float',
  'boolean',
  'string',
  'timestamptz',
  'timestamp',
  'date',
  'time',
  'json',
  'hstore',
] as const;

/** One of the value kinds. */
export type ValueKind = (typeof VALUE_KINDS)[number];

/** A parsed `sql-datatype`: the base type name without modifiers, its modifiers, and whether it is an array. */
export interface SqlType {
  readonly sqlDatatype: string;
  readonly base: string;
  readonly isArray: boolean;
  readonly kind: ValueKind;
  readonly precision?: number;
  readonly scale?: number;
  readonly length?: number;
  /** Array element delimiter in PostgreSQL's text output: the element type's `pg_type.typdelim` (`;` for box). */
  readonly delimiter: string;
}

const KIND_BY_BASE: Readonly<Record<string, ValueKind>> = {
  smallint: 'integer',
  integer: 'integer',
  bigint: 'integer',
  numeric: 'numeric',
  real: 'float',
  'double precision': 'float',
  boolean: 'boolean',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  date: 'date',
  'time without time zone': 'time',
  'time with time zone': 'time',
  json: 'json',
  jsonb: 'json',
  hstore: 'hstore',
};

/**
 * Parses a `sql-datatype` as `format_type()` prints it (e.g. `numeric(12,2)[]`, `timestamp(3) with time zone`);
 * `delimiter` is the catalog's `typdelim` of an array's element type (`,` for nearly every type).
 */
export function parseSqlType(sqlDatatype: string, delimiter = ','): SqlType {
  let text = sqlDatatype.trim();
  let isArray = false;
  while (text.endsWith('[]')) {
    isArray = true;
    text = text.slice(0, -2).trimEnd();
  }
  const modifiers: number[] = [];
  const base = text
    .replace(/\(([^)]*)\)/g, (_match, inner: string) => {
      for (const part of inner.split(',')) modifiers.push(Number(part.trim()));
      return '';
    })
    .replace(/\s+/g, ' ')
    .trim();
  // Built-in types are never schema-qualified by format_type(); extension types may be (e.g. `ext.hstore`).
  const unqualified = /(^|\.)hstore$/.test(base) ? 'hstore' : base;
  const kind = KIND_BY_BASE[unqualified] ?? 'string';
  const sizes: { precision?: number; scale?: number; length?: number } = {};
  if (kind === 'numeric' && modifiers.length > 0) {
    sizes.precision = modifiers[0];
    sizes.scale = modifiers[1] ?? 0;
  } else if (modifiers.length === 1 && /^(character|character varying|bit|bit varying)$/.test(unqualified)) {
    sizes.length = modifiers[0];
  }
  return { sqlDatatype, base: unqualified, isArray, kind, delimiter, ...sizes };
}

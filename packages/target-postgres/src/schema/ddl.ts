import { quoteIdent, quoteQualified } from '../identifiers';
import { shortenName } from './naming';
import type { TableChange } from './plan-table-changes';

// Words, then one type modifier of words and numbers (`numeric(12,2)`, PostGIS's `geometry(Point,4326)`), then words
// (`with time zone`) and array brackets. No quotes, semicolons or nested parentheses.
const SAFE_TYPE = /^[A-Za-z_][A-Za-z0-9_ .]*(\(\s*-?\w+(\s*,\s*-?\w+)*\s*\))?[A-Za-z ]*(\[\d*\])*$/;

/** True when a type name is safe to splice into DDL (words, one typmod of words and numbers, array brackets). */
export function isSafeTypeName(type: string): boolean {
  return type.length <= 200 && SAFE_TYPE.test(type);
}

function typeSql(type: string): string {
  if (!isSafeTypeName(type)) throw new Error(`unsafe type name: ${type}`);
  return type;
}

/** A column of a CREATE TABLE. */
export interface ColumnDefinition {
  readonly name: string;
  readonly type: string;
}

/** `CREATE SCHEMA IF NOT EXISTS`. */
export function createSchemaSql(schema: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`;
}

/** `CREATE TABLE` with the key columns as primary key. */
export function createTableSql(
  schema: string,
  table: string,
  columns: readonly ColumnDefinition[],
  keys: readonly string[],
): string {
  const parts = columns.map((c) => `${quoteIdent(c.name)} ${typeSql(c.type)}`);
  if (keys.length > 0) parts.push(`PRIMARY KEY (${keys.map(quoteIdent).join(', ')})`);
  return `CREATE TABLE ${quoteQualified(schema, table)} (${parts.join(', ')})`;
}

/** The ALTER TABLE statements for planned changes (versioning = rename, then add). */
export function tableChangeSql(schema: string, table: string, changes: readonly TableChange[]): string[] {
  const target = quoteQualified(schema, table);
  return changes.flatMap((change) => {
    const column = quoteIdent(change.column);
    switch (change.kind) {
      case 'add':
        return [`ALTER TABLE ${target} ADD COLUMN ${column} ${typeSql(change.type)}`];
      case 'alter':
        return [
          `ALTER TABLE ${target} ALTER COLUMN ${column} TYPE ${typeSql(change.type)} USING ${column}::${typeSql(change.type)}`,
        ];
      case 'version':
        return [
          `ALTER TABLE ${target} RENAME COLUMN ${column} TO ${quoteIdent(change.renameTo)}`,
          `ALTER TABLE ${target} ADD COLUMN ${column} ${typeSql(change.type)}`,
        ];
      case 'adopt':
        return [];
    }
  });
}

/** GRANT USAGE on a schema to a role. */
export function grantUsageSql(schema: string, role: string): string {
  return `GRANT USAGE ON SCHEMA ${quoteIdent(schema)} TO ${quoteIdent(role)}`;
}

/** GRANT SELECT on a table to a role. */
export function grantSelectSql(schema: string, table: string, role: string): string {
  return `GRANT SELECT ON ${quoteQualified(schema, table)} TO ${quoteIdent(role)}`;
}

/** CREATE INDEX IF NOT EXISTS named like pipelinewise (`i_<table>_<columns>`), for `col` or `col1,col2`. */
export function createIndexSql(schema: string, table: string, spec: string): string {
  const columns = spec
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '');
  const name = shortenName(`i_${table.slice(0, 30)}_${columns.join('_')}`);
  return `CREATE INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${quoteQualified(schema, table)} (${columns.map(quoteIdent).join(', ')})`;
}

/** The statement that turns an adopted column into the wanted type (advice in a warning; never run by the target). */
export function convertColumnSql(schema: string, table: string, column: string, type: string): string {
  const name = quoteIdent(column);
  return `ALTER TABLE ${quoteQualified(schema, table)} ALTER COLUMN ${name} TYPE ${typeSql(type)} USING ${name}::${typeSql(type)}`;
}

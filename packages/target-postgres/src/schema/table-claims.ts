import { SchemaError } from '../errors';
import type { TableName } from './naming';

/**
 * Which stream loads into which destination table in this run. Two streams whose names normalise to one table
 * (`public-left-side` and `public-right-side` both give `side` under pipelinewise's `catalog-schema-table` rule;
 * `Foo` and `foo`) would merge their rows silently: the second one is refused instead.
 */
export class TableClaims {
  private readonly owners = new Map<string, string>();

  /** Records that `stream` loads into `name`; throws a SchemaError when another stream already does. */
  claim(name: TableName, stream: string, lineNumber: number): void {
    const key = JSON.stringify([name.schema, name.table]);
    const owner = this.owners.get(key);
    if (owner === undefined) this.owners.set(key, stream);
    else if (owner !== stream)
      throw new SchemaError(
        `line ${lineNumber}: streams ${owner} and ${stream} both map to table ${name.schema}.${name.table}; ` +
          'loading both would merge their rows',
        'rename one of the tables or select one of the streams per run, or route them to different schemas ' +
          'with schema_mapping',
      );
  }
}

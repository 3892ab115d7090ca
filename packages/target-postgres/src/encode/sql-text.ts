import type { LoadColumn } from '../stream-table';
import { escapeCopyText } from './copy-text';

/**
 * Reads the `x-sql-text` of a stream's records: PostgreSQL's text input of properties the record cannot carry (NaN,
 * JSON null in a json column, a clamped date), loaded instead of the record's value. Honoured for top-level
 * properties with `x-sql-datatype` only; anything else is ignored with one warning per stream and property.
 */
export class SqlTextReader {
  private readonly columnOf = new Map<string, number>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly stream: string,
    private readonly columns: readonly LoadColumn[],
    private readonly warn: (message: string) => void,
  ) {
    columns.forEach((c, i) => {
      if (c.source === 'property' && c.path.length === 1) this.columnOf.set(c.path[0] ?? '', i);
    });
  }

  /** The fields of an `x-sql-text` value (undefined when absent or when it names nothing loadable). */
  fields(value: unknown): SqlTextFields | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.ignore('', 'it is not an object of property names');
      return undefined;
    }
    let fields: Map<number, string> | undefined;
    for (const [name, text] of Object.entries(value as Record<string, unknown>)) {
      const i = this.columnOf.get(name);
      if (i === undefined) this.ignore(name, 'it is not a top-level property of the schema');
      else if (this.columns[i]?.sqlText !== true) this.ignore(name, 'its schema has no x-sql-datatype');
      else if (typeof text !== 'string') this.ignore(name, 'its value is not a string');
      else (fields ??= new Map()).set(i, escapeCopyText(text));
    }
    return fields;
  }

  private ignore(name: string, why: string): void {
    if (this.warned.has(name)) return;
    this.warned.add(name);
    const what = name === '' ? 'x-sql-text' : `x-sql-text of property "${name}"`;
    this.warn(`${this.stream}: ${what} ignored (${why}); the record's value is loaded`);
  }
}

/** The COPY fields a record's `x-sql-text` gives, by column index (already escaped). */
export type SqlTextFields = ReadonlyMap<number, string>;

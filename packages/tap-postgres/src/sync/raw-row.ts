/** One row with every value as PostgreSQL's text (null for SQL NULL), in the query's column order. */
export type RawRow = (string | null)[];

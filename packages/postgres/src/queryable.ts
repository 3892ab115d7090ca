import type { QueryResult, QueryResultRow } from 'pg';

/** The slice of a pg client (Client, PoolClient or Pool) that the helpers here use. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

import type { TargetConfig } from './config';
import { quoteIdent, quoteQualified } from './identifiers';

/** Who loads, where, and the table privileges its loads use (SQL names, in GRANT order). */
export interface LoadAccess {
  readonly role: string;
  readonly database: string;
  readonly privileges: readonly string[];
}

/**
 * The access a run's loads need (pure): SELECT (emptiness checks, merges by key), INSERT, UPDATE (upserts, soft
 * deletes, `activate_version: soft`) always; DELETE with `hard_delete` or `activate_version: hard`.
 */
export function loadAccess(
  config: Pick<TargetConfig, 'user' | 'dbname' | 'hard_delete' | 'activate_version'>,
): LoadAccess {
  const deletes = config.hard_delete || config.activate_version === 'hard';
  return {
    role: config.user,
    database: config.dbname,
    privileges: ['SELECT', 'INSERT', 'UPDATE', ...(deletes ? ['DELETE'] : [])],
  };
}

/** The GRANT of these privileges (all the loads need, by default) on a table to the loading role. */
export function grantOnTable(
  access: LoadAccess,
  schema: string,
  table: string,
  privileges = access.privileges,
): string {
  return `GRANT ${privileges.join(', ')} ON ${quoteQualified(schema, table)} TO ${quoteIdent(access.role)}`;
}

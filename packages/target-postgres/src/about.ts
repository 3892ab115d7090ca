import { packageVersion, type AboutInfo } from '@pgsinger/singer';
import { targetConfigSchema } from './config';

/** What `--about`/`--version` print; the schema and prefix also drive `--config ENV` (TARGET_POSTGRES_*). */
export const TARGET_ABOUT: AboutInfo = {
  name: 'target-postgres',
  description:
    'Singer target for PostgreSQL: batched COPY, upserts, metadata columns, hard delete, flattening, schema evolution',
  version: packageVersion(__dirname),
  capabilities: [
    'about',
    'test',
    'hard-delete',
    'soft-delete',
    'activate-version',
    'schema-flattening',
    'datatype-failsafe',
    'structured-logging',
  ],
  configSchema: targetConfigSchema,
  envPrefix: 'TARGET_POSTGRES',
};

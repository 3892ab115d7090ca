import { packageVersion, type AboutInfo } from '@pgsinger/singer';
import { tapConfigSchema } from './config';

/** What `--about`/`--version` print; the schema and prefix also drive `--config ENV` (TAP_POSTGRES_*). */
export const TAP_ABOUT: AboutInfo = {
  name: 'tap-postgres',
  description: 'Singer tap for PostgreSQL: discovery, FULL_TABLE, INCREMENTAL, XMIN, LOG_BASED (wal2json, pgoutput)',
  version: packageVersion(__dirname),
  capabilities: ['catalog', 'discover', 'state', 'properties', 'about', 'test', 'log-based'],
  configSchema: tapConfigSchema,
  envPrefix: 'TAP_POSTGRES',
};

import { packageVersion, type AboutInfo } from '@pgsinger/singer';
import { tapConfigSchema } from './config';

/** What `--about`/`--version` print; the schema and prefix also drive `--config ENV` (TAP_POSTGRES_*). */
export const TAP_ABOUT: AboutInfo = {
  name: 'tap-postgres',
  description: 'Singer tap for PostgreSQL: discovery, FULL_TABLE, INCREMENTAL, XMIN, LOG_BASED (wal2json, pgoutput)',
  version: packageVersion(__dirname),
  capabilities: [
    'about',
    'catalog',
    'discover',
    'properties',
    'state',
    'test',
    'log-based',
    'activate-version',
    'structured-logging',
  ],
  configSchema: tapConfigSchema,
  envPrefix: 'TAP_POSTGRES',
};

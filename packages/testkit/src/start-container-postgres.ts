import { randomBytes } from 'node:crypto';
import type { PgServer, ServerConfig } from './pg-server';
import { commandLineArgs } from './server-config-file';
import { serverHandle } from './server-handle';

/** Image used when PGSINGER_TEST_IMAGE names none (stock postgres:15 has no wal2json). */
export const DEFAULT_TEST_IMAGE = 'postgres:15';

/** A PostgreSQL container through testcontainers 11 (loaded lazily: it is only needed without local binaries). */
export async function startContainerPostgres(
  options: { serverConfig?: ServerConfig; env?: NodeJS.ProcessEnv } = {},
): Promise<PgServer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const password = randomBytes(16).toString('hex');
  const config = { wal_level: 'logical', max_replication_slots: 20, max_wal_senders: 20, ...options.serverConfig };
  const image = (options.env ?? process.env).PGSINGER_TEST_IMAGE || DEFAULT_TEST_IMAGE;
  const container = await new GenericContainer(image)
    .withEnvironment({ POSTGRES_PASSWORD: password })
    .withCommand(['postgres', ...commandLineArgs(config)])
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  const info = {
    kind: 'container' as const,
    host: container.getHost(),
    port: container.getMappedPort(5432),
    user: 'postgres',
    password,
    adminDatabase: 'postgres',
  };
  return serverHandle(info, async () => {
    await container.stop();
  });
}

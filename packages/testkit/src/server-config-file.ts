import type { ServerConfig } from './pg-server';

/** Settings every throwaway cluster gets: logical decoding on, durability traded for speed except commit order. */
export function defaultClusterConfig(socketDir: string): ServerConfig {
  return {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: socketDir,
    wal_level: 'logical',
    max_replication_slots: 20,
    max_wal_senders: 20,
    fsync: false,
    full_page_writes: false,
    // Keep on: with it off, logical-decoding tests can miss freshly committed rows (FINDINGS).
    synchronous_commit: true,
    max_connections: 200,
  };
}

/** postgresql.conf lines for settings (pure). */
export function configFileLines(config: ServerConfig): string {
  return Object.entries(config)
    .map(([name, value]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw new Error(`Invalid server setting name: ${name}`);
      const text = typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
      return `${name} = '${text.replaceAll("'", "''")}'`;
    })
    .join('\n');
}

/** `-c name=value` arguments for a postgres command line (containers). */
export function commandLineArgs(config: ServerConfig): string[] {
  return Object.entries(config).flatMap(([name, value]) => [
    '-c',
    `${name}=${typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value)}`,
  ]);
}

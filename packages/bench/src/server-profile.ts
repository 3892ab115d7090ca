import type { ServerConfig } from '@pgsinger/testkit';

/** How the bench's own cluster is configured (`--server-profile`). */
export const SERVER_PROFILES = ['tuned', 'default'] as const; // the first is the default
export type ServerProfile = (typeof SERVER_PROFILES)[number];

// Durability as PostgreSQL ships it: the testkit's throwaway clusters turn both off for test speed.
const DURABLE: ServerConfig = { fsync: true, full_page_writes: true };

/**
 * Server settings per profile: `tuned` is a server set up as users run one (what the README reports); `default` is
 * PostgreSQL's stock memory and WAL settings (shared_buffers 128MB, max_wal_size 1GB), which slow the COPY pipe more
 * than a client-bound pipeline and so flatter the ratios.
 */
export function serverProfileConfig(profile: ServerProfile): ServerConfig {
  return profile === 'tuned' ? { ...DURABLE, shared_buffers: '1GB', max_wal_size: '8GB' } : { ...DURABLE };
}

/** One line naming the profile's settings, for the printed table and the results file. */
export function describeServerProfile(profile: ServerProfile): string {
  const settings = Object.entries(serverProfileConfig(profile)).map(([name, value]) => {
    const text = typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
    return `${name}=${text}`;
  });
  return `server profile ${profile}: ${settings.join(', ')}${profile === 'default' ? ' (other settings stock)' : ''}`;
}

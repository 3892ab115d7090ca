import type { SshTunnelSettings } from './ssh-settings';
import type { SshTunnel } from './ssh-tunnel';
import { openSshTunnel } from './ssh-tunnel';

interface Entry {
  readonly tunnel: Promise<SshTunnel>;
  open?: SshTunnel;
  users: number;
}

const entries = new Map<string, Entry>();
let exitHook = false;

/**
 * The process's tunnel for these SSH settings, opened on first use and shared by every connection (primary,
 * secondary, replication): one SSH connection per bastion and user. Release it with releaseTunnel.
 */
export function acquireTunnel(ssh: SshTunnelSettings & { host: string }, timeoutMs: number): Promise<SshTunnel> {
  installExitHook();
  const key = tunnelKey(ssh);
  const existing = entries.get(key);
  if (existing !== undefined) {
    existing.users += 1;
    return existing.tunnel;
  }
  const tunnel = openSshTunnel(ssh, timeoutMs);
  const entry: Entry = { tunnel, users: 1 };
  entries.set(key, entry);
  tunnel.then(
    (open) => {
      entry.open = open;
      open.onClose(() => forget(key, entry));
    },
    () => forget(key, entry),
  );
  return tunnel;
}

/** Drops one use of a tunnel; the last use closes it. */
export async function releaseTunnel(ssh: SshTunnelSettings & { host: string }): Promise<void> {
  const key = tunnelKey(ssh);
  const entry = entries.get(key);
  if (entry === undefined) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  forget(key, entry);
  const tunnel = await entry.tunnel.catch(() => undefined);
  await tunnel?.close();
}

/** How many tunnels are open or opening (for tests). */
export function openTunnelCount(): number {
  return entries.size;
}

function forget(key: string, entry: Entry): void {
  if (entries.get(key) === entry) entries.delete(key);
}

function tunnelKey(ssh: SshTunnelSettings): string {
  const { host, port, username, private_key, private_key_password, password } = ssh;
  return JSON.stringify([host, port, username, private_key, private_key_password, password]);
}

function installExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  // No more ticks at exit: close what is open synchronously (ssh2's end() and socket destroy are synchronous).
  process.once('exit', () => {
    for (const entry of entries.values()) void entry.open?.close();
    entries.clear();
  });
}

import { PostgresConnectionError } from './postgres-connection-error';
import { redactSecrets, secretForms } from './redact';
import type { SshTunnelSettings } from './ssh-settings';

/** A failure to open the SSH tunnel as a known error naming the bastion, never a key, passphrase or password. */
export function sshTunnelError(error: unknown, ssh: SshTunnelSettings, description: string): PostgresConnectionError {
  const secrets = secretForms([ssh.password, ssh.private_key, ssh.private_key_password]);
  const raw = error instanceof Error ? error.message : String(error);
  const cause = redactSecrets(raw, secrets);
  const level = typeof error === 'object' && error !== null ? (error as { level?: unknown }).level : undefined;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const fail = (codeName: 'SSH_AUTH_FAILED' | 'SSH_KEY_INVALID' | 'SSH_TUNNEL_FAILED', what: string, fix: string) =>
    new PostgresConnectionError(
      `Cannot open the SSH tunnel through ${description}: ${what}`,
      codeName,
      fix,
      description,
    );
  if (level === 'client-authentication') {
    return fail(
      'SSH_AUTH_FAILED',
      'authentication failed',
      'check ssh_tunnel.username and ssh_tunnel.private_key (or ssh_tunnel.password) on the bastion',
    );
  }
  if (/privateKey|passphrase|private key|no such file/i.test(raw) || code === 'ENOENT') {
    return fail(
      'SSH_KEY_INVALID',
      `ssh_tunnel.private_key cannot be used (${cause})`,
      'give the private key as PEM/OpenSSH text or a readable file, with ssh_tunnel.private_key_password if encrypted',
    );
  }
  if (code === 'ECONNREFUSED') {
    return fail('SSH_TUNNEL_FAILED', 'connection refused', 'check ssh_tunnel.host and ssh_tunnel.port');
  }
  if (/timed out/i.test(raw)) {
    return fail('SSH_TUNNEL_FAILED', 'timed out', 'check network access to the bastion or raise connect_timeout');
  }
  return fail('SSH_TUNNEL_FAILED', cause, 'check the ssh_tunnel settings and that the bastion is reachable');
}

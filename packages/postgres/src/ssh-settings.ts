/** The `ssh_tunnel` object: connect through a bastion host (the Meltano SDK's names). */
export interface SshTunnelSettings {
  readonly enable?: boolean;
  readonly host?: string;
  readonly port?: number;
  readonly username?: string;
  /** PEM/OpenSSH private key text (RSA, Ed25519, ECDSA), or a file path. */
  readonly private_key?: string;
  readonly private_key_password?: string;
  readonly password?: string;
}

/** Default SSH port. */
export const DEFAULT_SSH_PORT = 22;

/** JSON Schema of `ssh_tunnel` (host and username are required when enable is true). */
export const sshTunnelConfigSchema = {
  type: 'object',
  description: 'SSH tunnel through a bastion host; every connection of the run goes through it',
  properties: {
    enable: { type: 'boolean', default: false, description: 'Use the tunnel' },
    host: { type: 'string', minLength: 1, description: 'Bastion host' },
    port: { type: 'integer', minimum: 1, maximum: 65535, default: DEFAULT_SSH_PORT, description: 'Bastion SSH port' },
    username: { type: 'string', minLength: 1, description: 'SSH user on the bastion' },
    private_key: {
      type: 'string',
      minLength: 1,
      secret: true,
      writeOnly: true,
      description: 'Private key (PEM/OpenSSH text or a file path)',
    },
    private_key_password: { type: 'string', secret: true, writeOnly: true, description: 'Passphrase of private_key' },
    password: { type: 'string', secret: true, writeOnly: true, description: 'SSH password (instead of a key)' },
  },
  if: { properties: { enable: { const: true } }, required: ['enable'] },
  then: { required: ['host', 'username'] },
} as const;

/** Whether the settings ask for a tunnel. */
export function tunnelEnabled(ssh: SshTunnelSettings | undefined): ssh is SshTunnelSettings & { host: string } {
  return ssh !== undefined && ssh.enable === true && typeof ssh.host === 'string';
}

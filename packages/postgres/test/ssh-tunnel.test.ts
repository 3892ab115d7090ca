import type { Client } from 'pg';
import { type ConnectionSettings, openConnector, type SshTunnelSettings } from '@pgsinger/postgres';
import { openTunnelCount } from '../src/tunnel-registry';
import type { SshBastion } from '@pgsinger/testkit';
import { startSshBastion, testDatabase } from '@pgsinger/testkit';
import { connectionFailure } from './connection-failure';

// Connections through an SSH bastion (ssh2's Server on loopback) that alone knows the database host name.
const db = testDatabase({ prefix: 'postgres_ssh' });
const DB_HOST = 'pg.behind.bastion';
let bastion: SshBastion;

beforeAll(async () => {
  bastion = await startSshBastion({ aliases: { [DB_HOST]: '127.0.0.1' } });
});

afterAll(async () => {
  await bastion?.stop();
});

function settings(ssh: Partial<SshTunnelSettings>): ConnectionSettings {
  const tunnel = { enable: true, host: bastion.host, port: bastion.port, username: bastion.username, ...ssh };
  return { ...db.settings, host: DB_HOST, sslmode: 'disable', connect_retries: 0, ssh_tunnel: tunnel };
}

describe('SSH tunnel', () => {
  it.each([
    [
      'an encrypted Ed25519 key',
      () => ({ private_key: bastion.keys.ed25519.privateKey, private_key_password: bastion.keys.ed25519.passphrase }),
    ],
    ['an RSA key', () => ({ private_key: bastion.keys.rsa.privateKey })],
    ['a password', () => ({ password: bastion.password })],
  ])('carries every connection of a connector over one SSH connection (%s)', async (_name, auth) => {
    const connector = await openConnector(settings(auth()));
    expect(bastion.openConnections()).toBe(1);
    const clients: Client[] = [];
    try {
      clients.push(await connector.connect(), await connector.connect());
      clients.push(await connector.connect({ replication: 'database' }));
      const { rows } = await clients[0]!.query<{ db: string }>('SELECT current_database() AS db');
      expect(rows[0]?.db).toBe(db.name);
      const identify = await clients[2]!.query<{ dbname: string }>('IDENTIFY_SYSTEM');
      expect(identify.rows[0]?.dbname).toBe(db.name);
      expect(bastion.openConnections()).toBe(1);
      expect(bastion.forwards).toContain(`${DB_HOST}:${db.settings.port}`);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
      await connector.close();
    }
    await bastion.waitUntilIdle();
    expect(openTunnelCount()).toBe(0);
  });

  it('names a failed SSH login without showing the password', async () => {
    const secret = 'wrong-ssh-Password-42';
    const error = await connectionFailure(openConnector(settings({ password: secret })));
    expect(error.code).toBe('SSH_AUTH_FAILED');
    expect(error.message).toContain(`${bastion.username}@${bastion.host}:${bastion.port}`);
    expect(`${error.message} ${error.stack ?? ''}`).not.toContain(secret);
    await bastion.waitUntilIdle();
  });

  it('refuses a key with a wrong passphrase without showing key or passphrase', async () => {
    const wrong = 'not-the-Passphrase-7';
    const key = bastion.keys.ed25519.privateKey;
    const error = await connectionFailure(openConnector(settings({ private_key: key, private_key_password: wrong })));
    expect(error.code).toBe('SSH_KEY_INVALID');
    const text = `${error.message} ${error.fix} ${error.stack ?? ''}`;
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(key.split('\n')[1]);
  });

  it('says when the bastion cannot reach the database', async () => {
    const connector = await openConnector({ ...settings({ password: bastion.password }), port: 1 });
    try {
      const error = await connectionFailure(connector.connect());
      expect(error.message).toMatch(/cannot reach pg\.behind\.bastion:1/);
    } finally {
      await connector.close();
    }
  });
});

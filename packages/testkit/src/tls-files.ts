import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunAs } from './os-user';
import { runCommand } from './run-command';

/** Certificates and keys generated for a TLS test cluster (PEM texts and their files). */
export interface TlsFiles {
  readonly dir: string;
  /** CA that signed the server and client certificates. */
  readonly caFile: string;
  readonly caCert: string;
  /** A CA that signed nothing here (for "bad CA" tests). */
  readonly otherCaFile: string;
  readonly otherCaCert: string;
  /** Server certificate for DNS:localhost and IP:127.0.0.1 (not 127.0.0.2). */
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  /** Client certificate for `clientRole`, its key encrypted (PKCS#8, AES-256) with `clientKeyPassphrase`. */
  readonly clientCertFile: string;
  readonly clientCert: string;
  readonly clientKeyFile: string;
  readonly clientKey: string;
  readonly clientKeyPassphrase: string;
  readonly clientRole: string;
}

/** Role of the client certificate (its CN) in TLS clusters. */
export const CERT_ROLE = 'pgsinger_cert';

const EC = '-newkey ec -pkeyopt ec_paramgen_curve:prime256v1';
const EC_KEY = '-algorithm EC -pkeyopt ec_paramgen_curve:prime256v1';

/** Generates a CA, a server certificate and a client certificate with an encrypted key, using openssl. */
export async function generateTlsFiles(dir: string, serverRunAs: RunAs = {}): Promise<TlsFiles> {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const file = (name: string): string => path.join(dir, name);
  const openssl = (command: string): Promise<unknown> => runCommand('openssl', command.split(' '));
  const caExt = '-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign';
  for (const name of ['ca', 'other-ca']) {
    const subject = `/CN=pgsinger-${name}`;
    await openssl(
      `req -x509 ${EC} -nodes -days 3 -subj ${subject} ${caExt} -keyout ${file(`${name}.key`)} -out ${file(`${name}.crt`)}`,
    );
  }
  const sign = async (name: string, csrArgs: string, ext: string): Promise<void> => {
    await openssl(`req -new ${csrArgs} -out ${file(`${name}.csr`)}`);
    writeFileSync(file(`${name}.ext`), `${ext}\n`);
    const ca = `-CA ${file('ca.crt')} -CAkey ${file('ca.key')} -CAcreateserial`;
    await openssl(
      `x509 -req -in ${file(`${name}.csr`)} ${ca} -days 3 -extfile ${file(`${name}.ext`)} -out ${file(`${name}.crt`)}`,
    );
  };
  await openssl(`genpkey ${EC_KEY} -out ${file('server.key')}`);
  const serverExt = 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth';
  await sign('server', `-key ${file('server.key')} -subj /CN=localhost`, serverExt);
  const passphrase = `pp-${randomBytes(12).toString('hex')}`;
  await openssl(`genpkey ${EC_KEY} -aes-256-cbc -pass pass:${passphrase} -out ${file('client.key')}`);
  const clientCsr = `-key ${file('client.key')} -passin pass:${passphrase} -subj /CN=${CERT_ROLE}`;
  await sign('client', clientCsr, 'extendedKeyUsage=clientAuth');
  chmodSync(file('server.key'), 0o600);
  chmodSync(file('client.key'), 0o600);
  if (serverRunAs.uid !== undefined && serverRunAs.gid !== undefined) {
    chownSync(file('server.key'), serverRunAs.uid, serverRunAs.gid);
  }
  const text = (name: string): string => readFileSync(file(name), 'utf8');
  return {
    dir,
    caFile: file('ca.crt'),
    caCert: text('ca.crt'),
    otherCaFile: file('other-ca.crt'),
    otherCaCert: text('other-ca.crt'),
    serverCertFile: file('server.crt'),
    serverKeyFile: file('server.key'),
    clientCertFile: file('client.crt'),
    clientCert: text('client.crt'),
    clientKeyFile: file('client.key'),
    clientKey: text('client.key'),
    clientKeyPassphrase: passphrase,
    clientRole: CERT_ROLE,
  };
}

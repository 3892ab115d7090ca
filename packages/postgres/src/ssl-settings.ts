/** libpq's sslmode values, weakest first. */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

/** One of SSL_MODES. */
export type SslMode = (typeof SSL_MODES)[number];

/** TLS keys of the connection settings: canonical names first, then the seeds' aliases (see docs/connectivity.md). */
export interface SslSettings {
  readonly sslmode?: SslMode;
  /** Meltano's name of sslmode. */
  readonly ssl_mode?: SslMode;
  /** pipelinewise: `true` / `"true"` means sslmode=require. */
  readonly ssl?: boolean | string;
  /** Meltano: `true` means sslmode=require unless ssl_mode says otherwise. */
  readonly ssl_enable?: boolean;
  /** CA certificate(s): PEM text or a file path. */
  readonly ssl_root_cert?: string;
  readonly sslrootcert?: string;
  readonly ssl_certificate_authority?: string;
  /** Client certificate: PEM text or a file path. */
  readonly ssl_cert?: string;
  readonly sslcert?: string;
  readonly ssl_client_certificate?: string;
  /** Client private key: PEM text or a file path. */
  readonly ssl_key?: string;
  readonly sslkey?: string;
  readonly ssl_client_private_key?: string;
  /** Passphrase of an encrypted client key. */
  readonly ssl_key_password?: string;
  readonly sslpassword?: string;
}

const mode = { enum: [...SSL_MODES] } as const;
const pem = (what: string) =>
  ({ type: 'string', minLength: 1, description: `${what}: PEM text or a file path` }) as const;
const secretPem = (what: string) => ({ ...pem(what), secret: true, writeOnly: true }) as const;
const alias = (of: string) => `alias of ${of}`;

/** JSON Schema properties of the TLS keys (merged into connectionConfigSchema). */
export const sslConfigProperties = {
  sslmode: { ...mode, description: 'libpq sslmode (default prefer; see docs/connectivity.md)' },
  ssl_mode: { ...mode, description: alias('sslmode') + ' (Meltano)' },
  ssl: {
    type: ['boolean', 'string'],
    description: 'pipelinewise: true or "true" means sslmode=require (ignored when sslmode is set)',
  },
  ssl_enable: { type: 'boolean', description: 'Meltano: true means sslmode=require unless ssl_mode is set' },
  ssl_root_cert: pem('CA certificate(s) that verify the server (verify-ca, verify-full)'),
  sslrootcert: { ...pem('CA certificate(s)'), description: alias('ssl_root_cert') + ' (libpq)' },
  ssl_certificate_authority: { ...pem('CA certificate(s)'), description: alias('ssl_root_cert') + ' (Meltano)' },
  ssl_cert: pem('Client certificate'),
  sslcert: { ...pem('Client certificate'), description: alias('ssl_cert') + ' (libpq)' },
  ssl_client_certificate: { ...pem('Client certificate'), description: alias('ssl_cert') + ' (Meltano)' },
  ssl_key: secretPem('Client private key'),
  sslkey: { ...secretPem('Client private key'), description: alias('ssl_key') + ' (libpq)' },
  ssl_client_private_key: { ...secretPem('Client private key'), description: alias('ssl_key') + ' (Meltano)' },
  ssl_key_password: {
    type: 'string',
    secret: true,
    writeOnly: true,
    description: 'Passphrase of an encrypted ssl_key',
  },
  sslpassword: { type: 'string', secret: true, writeOnly: true, description: alias('ssl_key_password') + ' (libpq)' },
} as const;

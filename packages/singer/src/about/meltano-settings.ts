import type { ConfigSchema } from '../config/compile-config-validator';
import { describeSettings, type SettingInfo } from '../config/describe-settings';

/** The Meltano setting kinds these definitions use. */
export const MELTANO_KINDS = ['string', 'integer', 'boolean', 'options', 'object', 'array'] as const;

/** One of MELTANO_KINDS. */
export type MeltanoKind = (typeof MELTANO_KINDS)[number];

/** A setting of a Meltano plugin definition (Hub YAML, lock file). */
export interface MeltanoSetting {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly kind: MeltanoKind;
  /** Secrets: Meltano hides their values and keeps them out of meltano.yml (`meltano config set` writes .env). */
  readonly sensitive?: true;
  readonly value?: unknown;
  readonly options?: readonly { readonly label: string; readonly value: unknown }[];
}

/**
 * The Meltano kind of a setting: `options` for enums, else its JSON type (the first one of a union, as Meltano Hub's
 * tooling reads `--about`). Secrets are `sensitive` strings (Meltano 4 deprecates `kind: password`). Numbers are
 * `string`: Meltano 4.4.1 cannot write a `decimal` setting given by an environment variable into the plugin's config
 * (Decimal is not JSON serializable), and the CLIs read "1.5" as a number.
 */
export function meltanoKind(setting: SettingInfo): MeltanoKind {
  if (setting.enum) return 'options';
  const first = setting.type.split(' | ')[0];
  if (first === 'integer' || first === 'boolean' || first === 'object' || first === 'array') return first;
  return 'string';
}

const ACRONYMS: Readonly<Record<string, string>> = {
  ssl: 'SSL',
  ssh: 'SSH',
  lsn: 'LSN',
  id: 'ID',
  dbname: 'Database Name',
  sslmode: 'SSL Mode',
  sslrootcert: 'SSL Root Cert',
  sslcert: 'SSL Cert',
  sslkey: 'SSL Key',
  sslpassword: 'SSL Password',
};

/** A label from a setting name: `ssh_tunnel.private_key` → `SSH Tunnel Private Key`. */
export function settingLabel(name: string): string {
  return name
    .split(/[._]/)
    .filter((word) => word !== '')
    .map((word) => ACRONYMS[word] ?? `${word.charAt(0).toUpperCase()}${word.slice(1)}`)
    .join(' ');
}

/** Every leaf setting of a config schema (nested object keys dotted, as Meltano names them), sorted by name. */
export function meltanoSettings(schema: ConfigSchema): MeltanoSetting[] {
  const all = describeSettings(schema);
  const leaves = all.filter((setting) => !all.some((other) => other.name.startsWith(`${setting.name}.`)));
  return leaves
    .map((setting) => {
      const kind = meltanoKind(setting);
      return {
        name: setting.name,
        label: settingLabel(setting.name),
        description: setting.description ?? '',
        kind,
        ...(setting.secret ? { sensitive: true as const } : {}),
        ...(setting.default === undefined ? {} : { value: setting.default }),
        ...(setting.enum ? { options: setting.enum.map((value) => ({ label: String(value), value })) } : {}),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

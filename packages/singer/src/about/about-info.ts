import { describeSettings } from '../config/describe-settings';
import type { EnvConfigSource } from '../config/env-config';
import { envVarName } from '../config/env-config';
import { UsageError } from '../errors';
import { renderSettingsTable } from './settings-table';

/** What `--about` and `--version` print; `configSchema` and `envPrefix` also drive `--config ENV`. */
export interface AboutInfo extends EnvConfigSource {
  /** The executable's name, e.g. `tap-postgres`. */
  readonly name: string;
  readonly description: string;
  readonly version: string;
  /** Meltano capabilities (`catalog`, `discover`, `state`, `properties`, `about`, `log-based`, `test`, …). */
  readonly capabilities: readonly string[];
}

/** Output formats of `--about`. */
export const ABOUT_FORMATS = ['text', 'json', 'markdown'] as const;

/** One of ABOUT_FORMATS. */
export type AboutFormat = (typeof ABOUT_FORMATS)[number];

/** The Meltano SDK's `--about --format json` document (settings = the config JSON Schema, secrets marked). */
export function aboutJson(info: AboutInfo): Record<string, unknown> {
  return {
    name: info.name,
    description: info.description,
    version: info.version,
    capabilities: [...info.capabilities],
    settings: JSON.parse(JSON.stringify(info.configSchema)) as unknown,
    env_var_prefix: envVarName(info.envPrefix, ''),
  };
}

/** Renders `--about` output in a format (`text` by default, as the SDK does), ending with a newline. */
export function formatAbout(info: AboutInfo, format: string = 'text'): string {
  if (format === 'json') return `${JSON.stringify(aboutJson(info), null, 2)}\n`;
  if (format === 'markdown') return aboutMarkdown(info);
  if (format === 'text') return aboutText(info);
  throw new UsageError(`--format: unknown format "${format}"`, `use one of ${ABOUT_FORMATS.join(', ')}`);
}

/** `--version` output: `<name> v<version>` (the SDK's first words). */
export function formatVersion(info: Pick<AboutInfo, 'name' | 'version'>): string {
  return `${info.name} v${info.version}\n`;
}

function aboutMarkdown(info: AboutInfo): string {
  return [
    `# \`${info.name}\``,
    '',
    info.description,
    '',
    '## Capabilities',
    '',
    ...info.capabilities.map((capability) => `- \`${capability}\``),
    '',
    '## Settings',
    '',
    renderSettingsTable(describeSettings(info.configSchema)),
    '',
    `With \`--config ENV\` every setting can come from an environment variable \`${envVarName(info.envPrefix, '<SETTING>')}\` ` +
      '(upper-cased; keys of an object setting joined by `__`).',
    '',
    `A full list of supported settings and capabilities is available by running: \`${info.name} --about\``,
    '',
  ].join('\n');
}

function aboutText(info: AboutInfo): string {
  const lines = [`Name: ${info.name}`, `Description: ${info.description}`, `Version: ${info.version}`, 'Capabilities:'];
  lines.push(...info.capabilities.map((capability) => `  - ${capability}`), 'Settings:');
  for (const setting of describeSettings(info.configSchema)) {
    lines.push(`  - Name: ${setting.name}`, `    Type: ${setting.type}`);
    lines.push(`    Environment Variable: ${envVarName(info.envPrefix, setting.name)}`);
    if (setting.secret) lines.push('    Secret: true');
  }
  return `${lines.join('\n')}\n`;
}

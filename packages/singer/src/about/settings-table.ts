import type { SettingInfo } from '../config/describe-settings';

/** A Markdown table of settings: key, type, required, default, secret, description (aliases named there). */
export function renderSettingsTable(settings: readonly SettingInfo[]): string {
  const rows = settings.map((setting) =>
    [
      `\`${setting.name}\``,
      setting.enum ? setting.enum.map((value) => `\`${String(value)}\``).join(', ') : setting.type,
      setting.required ? 'yes' : '',
      setting.default === undefined ? '' : `\`${JSON.stringify(setting.default)}\``,
      setting.secret ? 'yes' : '',
      describe(setting),
    ]
      .map(cell)
      .join(' | '),
  );
  const header = '| Setting | Type | Required | Default | Secret | Description |\n|---|---|---|---|---|---|';
  return [header, ...rows.map((row) => `| ${row} |`)].join('\n');
}

function describe(setting: SettingInfo): string {
  const description = setting.description ?? '';
  if (setting.aliasOf === undefined) return description;
  return description.replace(/^alias of ([\w.]+)/, (_match, key: string) => `alias of \`${key}\``);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

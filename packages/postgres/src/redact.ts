import type { ConnectionSettings } from './connection-config-schema';
import { clientKeyOf, keyPasswordOf } from './ssl-mode';

/** What replaces a secret in messages. */
export const REDACTED = '********';

/**
 * Every secret of the settings as it could show up in text: passwords, passphrases, key texts — and each long line
 * of a multi-line key, so that a fragment is hidden too. Pass them to the logger (`logger.addSecrets`).
 */
export function connectionSecrets(settings: ConnectionSettings): string[] {
  const ssh = settings.ssh_tunnel;
  const values = [
    settings.password,
    keyPasswordOf(settings),
    clientKeyOf(settings),
    ssh?.password,
    ssh?.private_key,
    ssh?.private_key_password,
  ];
  return secretForms(values);
}

/** The values plus the long lines of multi-line ones, without empties and duplicates, longest first. */
export function secretForms(values: readonly (string | undefined)[]): string[] {
  const found = new Set<string>();
  for (const value of values) {
    if (value === undefined || value === '') continue;
    found.add(value);
    if (value.includes('\n')) {
      for (const line of value.split(/\r?\n/)) if (line.trim().length >= 16) found.add(line.trim());
    }
  }
  return [...found].sort((a, b) => b.length - a.length);
}

/** Characters that continue a name: a secret next to one is part of a longer word (`public-actor`, `tgt.ord`). */
const NAME_CHAR = String.raw`[\p{L}\p{N}_-]`;

/**
 * Where a secret shows as a value: standing on its own (quoted, after `=` or `:`, between spaces, at an end), not
 * inside a longer name — a password `ord` leaves `ordinal` and `tgt.ord_items` alone (the rule of the loggers).
 */
export function secretValuePattern(secret: string): RegExp {
  const text = secret.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(String.raw`(?<!${NAME_CHAR}|\.)${text}(?!${NAME_CHAR}|\.${NAME_CHAR})`, 'gu');
}

/** Replaces every secret value in a text (pure). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret !== '') result = result.replace(secretValuePattern(secret), REDACTED);
  return result;
}

/** A copy of an error without secrets in its message and stack, keeping its code fields (for `cause`). */
export function sanitizeError(error: unknown, secrets: readonly string[]): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(redactSecrets(source.message, secrets));
  copy.name = source.name;
  copy.stack = redactSecrets(source.stack ?? copy.message, secrets);
  const fields = source as unknown as Record<string, unknown>;
  const target = copy as unknown as Record<string, unknown>;
  for (const key of ['code', 'errno', 'syscall', 'address', 'port', 'severity', 'detail', 'hint', 'routine']) {
    const value = fields[key];
    target[key] = typeof value === 'string' ? redactSecrets(value, secrets) : value;
  }
  return copy;
}

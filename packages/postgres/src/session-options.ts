/** Server settings (GUCs) applied at session start, e.g. `{ TimeZone: 'UTC', DateStyle: 'ISO', extra_float_digits: 3 }`. */
export type SessionSettings = Readonly<Record<string, string | number | boolean>>;

/** The startup `options` string (`-c name=value …`) for session settings, escaping as the server expects (pure). */
export function sessionOptions(settings: SessionSettings): string | undefined {
  const parts = Object.entries(settings).map(([name, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name))
      throw new Error(`Invalid server setting name: ${JSON.stringify(name)}`);
    const text = typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
    if (text.includes('\0')) throw new Error(`The value of ${name} cannot contain a NUL character`);
    // The server splits `options` on unescaped whitespace; a backslash escapes the next character.
    return `-c ${name}=${text.replace(/[\\\s]/g, (c) => `\\${c}`)}`;
  });
  return parts.length > 0 ? parts.join(' ') : undefined;
}

const SPECIAL = /[\\\n\r\t\0]/;
const SPECIAL_ALL = /[\\\n\r\t\0]/g;
const REPLACEMENTS: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\0': '',
};

/** The NULL marker of COPY text format. */
export const COPY_NULL = '\\N';

/** Escapes a field for COPY text format; NUL characters are removed (PostgreSQL text cannot hold them). */
export function escapeCopyText(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => REPLACEMENTS[c] ?? c) : text;
}

import { Byte } from '@pgsinger/singer';

/**
 * A key as the dedupe map holds it: small integers (the usual single integer key) as numbers, which the map stores
 * without allocating; every other key as its text. A text always maps to the same form, so keys compare as texts.
 */
export function slotKey(key: string): string | number {
  const n = key.length;
  if (n === 0 || n > 9) return key;
  let i = key.charCodeAt(0) === Byte.Minus ? 1 : 0;
  if (i === n || (key.charCodeAt(i) === Byte.Zero && n > 1)) return key;
  for (; i < n; i++) {
    const c = key.charCodeAt(i);
    if (c < Byte.Zero || c > Byte.Nine) return key;
  }
  return Number(key);
}

import { isDeepStrictEqual } from 'node:util';
import { isRecord } from '../errors';

/**
 * True when a destination value stands for the fixture's JSON value: equal, or the same number as text, the same
 * instant as a Date, the same boolean as text, or the same JSON as text.
 */
export function valuesMatch(expected: unknown, actual: unknown): boolean {
  if (isDeepStrictEqual(expected, actual)) return true;
  if (expected === null || expected === undefined) return actual === null || actual === undefined;
  if (actual === null || actual === undefined) return false;
  if (typeof expected === 'number') {
    return (typeof actual === 'string' || typeof actual === 'bigint') && Number(actual) === expected;
  }
  if (typeof expected === 'boolean') {
    return (
      typeof actual === 'string' &&
      ['t', 'true', 'f', 'false'].includes(actual) &&
      actual.startsWith(expected ? 't' : 'f')
    );
  }
  if (typeof expected === 'string') {
    if (actual instanceof Date) return Date.parse(expected) === actual.getTime();
    return (typeof actual === 'number' || typeof actual === 'bigint') && String(actual) === expected;
  }
  if (typeof actual === 'string') {
    try {
      return valuesMatch(expected, JSON.parse(actual) as unknown);
    } catch {
      return false;
    }
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, i) => valuesMatch(item, actual[i]))
    );
  }
  if (isRecord(expected) && isRecord(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].every((key) => valuesMatch(expected[key], actual[key]));
  }
  return false;
}

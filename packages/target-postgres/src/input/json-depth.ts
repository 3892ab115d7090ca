import { InputError } from '../errors';

/**
 * The deepest nesting of objects and arrays a record may hold. The target's JSON writers and PostgreSQL's own JSON
 * parser recurse, so a deeper value would end in a stack overflow; refuse it with a clear error instead.
 */
export const MAX_JSON_DEPTH = 1000;

/** True when a parsed value nests objects/arrays deeper than `limit` (iterative: any depth is safe to check). */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, depth] = item;
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Throws an InputError naming line and stream when a record nests deeper than MAX_JSON_DEPTH. */
export function checkRecordDepth(record: unknown, stream: string, lineNumber: number): void {
  // The record object itself is one level.
  if (!jsonDepthExceeds(record, MAX_JSON_DEPTH + 1)) return;
  throw new InputError(
    `line ${lineNumber}: stream ${stream}: record nests objects/arrays deeper than ${MAX_JSON_DEPTH} levels`,
    'RECORD_TOO_DEEP',
    `flatten the value in the tap or store it as text: the target loads JSON values nested at most ${MAX_JSON_DEPTH} levels`,
  );
}

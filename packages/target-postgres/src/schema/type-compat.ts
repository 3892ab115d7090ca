const INTEGER_RANK: Readonly<Record<string, number>> = { smallint: 1, integer: 2, bigint: 3 };
const TEXT_LIKE = /^(text|character varying(\(\d+\))?|character(\(\d+\))?)$/;
const NUMERIC = /^numeric(?:\((\d+)(?:,(-?\d+))?\))?$/;
const VARCHAR = /^character varying\((\d+)\)$/;
/** Text columns without a length limit (pipelinewise creates `character varying`: as good as `text`). */
const UNBOUNDED_TEXT = /^(text|character varying)$/;

/** How an existing column relates to a wanted type. */
export type TypeRelation = 'same' | 'holds' | 'widen' | 'incompatible';

/** Compares an existing column type with a wanted one (both as format_type prints them). */
export function compareTypes(existing: string, wanted: string): TypeRelation {
  if (existing === wanted) return 'same';
  if (canHold(existing, wanted)) return 'holds';
  if (canHold(wanted, existing)) return 'widen';
  return 'incompatible';
}

/** True when every value of type `inner` fits a column of type `outer` without loss. */
export function canHold(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  const oi = INTEGER_RANK[outer];
  const ii = INTEGER_RANK[inner];
  if (ii !== undefined) {
    if (oi !== undefined) return oi >= ii;
    const n = NUMERIC.exec(outer);
    if (n === null) return false;
    if (n[1] === undefined) return true;
    const digits = inner === 'smallint' ? 5 : inner === 'integer' ? 10 : 19;
    return Number(n[1]) - Number(n[2] ?? 0) >= digits;
  }
  if (inner === 'real') return outer === 'double precision';
  const ni = NUMERIC.exec(inner);
  const no = NUMERIC.exec(outer);
  if (ni !== null && no !== null) {
    if (no[1] === undefined) return true;
    if (ni[1] === undefined) return false;
    const [pi, si, po, so] = [Number(ni[1]), Number(ni[2] ?? 0), Number(no[1]), Number(no[2] ?? 0)];
    return po - so >= pi - si && so >= si;
  }
  if (TEXT_LIKE.test(inner) && UNBOUNDED_TEXT.test(outer)) return true;
  const vi = VARCHAR.exec(inner);
  const vo = VARCHAR.exec(outer);
  if (vi !== null && vo !== null) return Number(vo[1]) >= Number(vi[1]);
  if (inner === 'json') return outer === 'text';
  return false;
}

const FAMILIES: readonly RegExp[] = [
  /^(smallint|integer|bigint|real|double precision|numeric.*)$/,
  TEXT_LIKE,
  /^timestamp /,
  /^jsonb?$/,
  /^time /,
];

/** True when both types belong to one family (numbers, text, timestamps, json, times). */
export function sameFamily(existing: string, wanted: string): boolean {
  return FAMILIES.some((family) => family.test(existing) && family.test(wanted));
}

/** True for the integer and numeric types. */
export function isExactNumberType(type: string): boolean {
  return INTEGER_RANK[type] !== undefined || NUMERIC.test(type);
}

const NUMBER = /^(smallint|integer|bigint|real|double precision|numeric(\(.*\))?)$/;
const TIMESTAMP = /^timestamp(\(\d\))? with(out)? time zone$/;
const TIME = /^time(\(\d\))? with(out)? time zone$/;
const JSON_VALUE = /^(jsonb?|hstore|.*\[\])$/;

/**
 * When a column of type `existing` can take every value of type `wanted` as the target writes it, though not in the
 * wanted type (a table another loader made, such as pipelinewise's `character varying`, `double precision`, `timestamp
 * without time zone`, `jsonb`): what the column keeps of the values. Undefined when it cannot take them.
 */
export function adoptionNote(existing: string, wanted: string): string | undefined {
  if (UNBOUNDED_TEXT.test(existing)) return 'values are stored as their text';
  if (existing === 'double precision' && NUMBER.test(wanted)) return 'numbers are rounded to double precision';
  if (/^timestamp(\(\d\))? without time zone$/.test(existing) && (TIMESTAMP.test(wanted) || wanted === 'date'))
    return 'times are stored as UTC without a zone';
  if (/^timestamp(\(\d\))? with time zone$/.test(existing) && (TIMESTAMP.test(wanted) || wanted === 'date'))
    return 'values are stored as instants (UTC for times without a zone)';
  if (existing === 'jsonb' && JSON_VALUE.test(wanted)) return 'values are stored as JSON';
  if (/^time(\(\d\))? without time zone$/.test(existing) && TIME.test(wanted)) return 'UTC offsets are dropped';
  return undefined;
}

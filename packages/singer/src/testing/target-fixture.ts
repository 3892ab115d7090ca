import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A row as the fixture expects it: the fixture's property names and JSON values. */
export type ExpectedRow = Readonly<Record<string, unknown>>;

/** One `.singer` fixture of the standard target suite and what any target must do with it. */
export interface TargetFixture {
  readonly name: string;
  readonly description: string;
  /** Absolute path of the `.singer` file. */
  readonly path: string;
  /** Config keys the target must be run with (e.g. `hard_delete`). */
  readonly config: Readonly<Record<string, unknown>>;
  /** `success`: exit 0; `failure`: a non-zero exit with a one-line error (no stack). */
  readonly outcome: 'success' | 'failure';
  /** Final rows per stream, compared on these properties only (targets may add metadata columns). */
  readonly rows: Readonly<Record<string, readonly ExpectedRow[]>>;
  /** For failures: what stderr must mention. */
  readonly stderr?: RegExp;
}

/** Directory of the `.singer` files: `<package>/fixtures`, the same from `src/testing` and `dist/testing`. */
export const FIXTURES_DIR = resolve(__dirname, '..', '..', 'fixtures');

const fixture = (
  name: string,
  description: string,
  rows: TargetFixture['rows'],
  extra: Partial<Pick<TargetFixture, 'config' | 'outcome' | 'stderr'>> = {},
): TargetFixture => ({
  name,
  description,
  path: join(FIXTURES_DIR, `${name}.singer`),
  config: extra.config ?? {},
  outcome: extra.outcome ?? 'success',
  rows,
  ...(extra.stderr ? { stderr: extra.stderr } : {}),
});

/** The standard fixtures, in the order the suite runs them. */
export const TARGET_FIXTURES: readonly TargetFixture[] = [
  fixture(
    'record-before-schema',
    'a RECORD before its SCHEMA fails with a clear error',
    {},
    {
      outcome: 'failure',
      stderr: /schema/i,
    },
  ),
  fixture('schema-update', 'a second SCHEMA adds a column; older rows get null, an update fills it', {
    schema_update: [
      { id: 1, name: 'uno', score: 10 },
      { id: 2, name: 'two', score: null },
      { id: 3, name: 'three', score: 30 },
    ],
  }),
  fixture('key-updates', 'records with a known key update the row, including to null', {
    key_updates: [
      { id: 1, name: 'first', amount: 100 },
      { id: 2, name: 'second, updated', amount: 250 },
      { id: 3, name: null, amount: null },
    ],
  }),
  fixture('duplicate-records-in-one-batch', 'the last of several records with one key in a batch wins', {
    duplicates: [
      { id: 1, value: 'd' },
      { id: 2, value: 'e' },
    ],
  }),
  fixture('special-characters', 'quotes, backslashes, newlines, tabs, 4-byte unicode survive unchanged', {
    special_chars: [
      { id: 1, text: 'single \' and double " quotes' },
      { id: 2, text: 'back\\slash \\N \\\\ and \\x41' },
      { id: 3, text: 'line one\nline two\r\nline three' },
      { id: 4, text: 'tab\there\tand, comma; semicolon|pipe' },
      { id: 5, text: 'emoji 😀, clef 𝄞, accents éàü, CJK 漢字' },
      { id: 6, text: '' },
      { id: 7, text: 'NULL' },
      { id: 8, text: null },
      { id: 9, text: '  leading and trailing spaces  ' },
    ],
  }),
  fixture('several-state-messages', 'every printed state is an input state, in order, ending with the last', {
    states: [
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
      { id: 3, name: 'c' },
    ],
  }),
  fixture('no-key-properties', 'without key properties every record is appended, duplicates too', {
    no_keys: [
      { event: 'click', count: 1 },
      { event: 'view', count: 2 },
      { event: 'click', count: 1 },
      { event: null, count: null },
    ],
  }),
  fixture('camelcase-and-reserved-names', 'camelCase stream and property names and SQL reserved words', {
    camelCaseStream: [
      { id: 1, firstName: 'Ada', select: 's', from: 'f', order: 1, user: 'u', group: true },
      { id: 2, firstName: 'Grace', select: null, from: 'here', order: 2, user: null, group: false },
    ],
  }),
  fixture('nested-objects', 'objects and arrays are kept as JSON values', {
    nested: [
      { id: 1, payload: { a: { b: [1, 2, { c: 'd' }] }, quote: 'it\'s "x"' }, tags: ['x', 'y'] },
      { id: 2, payload: {}, tags: [] },
      { id: 3, payload: null, tags: null },
      {
        id: 4,
        payload: { list: [], flag: true, none: null, num: 1.5 },
        tags: ['with,comma', 'with"quote', 'with{brace}'],
      },
    ],
  }),
  fixture(
    'hard-delete',
    'with hard_delete, records whose _sdc_deleted_at is set remove their row',
    {
      hard_delete: [
        { id: 1, name: 'keep' },
        { id: 3, name: 'keep too' },
      ],
    },
    { config: { hard_delete: true, add_metadata_columns: true } },
  ),
  fixture('multiple-streams-interleaved-states', 'two streams interleaved with states between their records', {
    customers: [
      { id: 1, name: 'Ada Lovelace' },
      { id: 2, name: 'Grace' },
    ],
    orders: [
      { order_id: 10, customer_id: 1, total: 9.5 },
      { order_id: 11, customer_id: 2, total: 20 },
      { order_id: 12, customer_id: 1, total: 0.25 },
    ],
  }),
];

/** The fixture of that name; throws when there is none. */
export function targetFixture(name: string): TargetFixture {
  const found = TARGET_FIXTURES.find((item) => item.name === name);
  if (!found) throw new Error(`no standard target fixture named "${name}"`);
  return found;
}

/** The text of a fixture's `.singer` file. */
export function readFixture(nameOrFixture: string | TargetFixture): string {
  const item = typeof nameOrFixture === 'string' ? targetFixture(nameOrFixture) : nameOrFixture;
  return readFileSync(item.path, 'utf8');
}

import {
  clearBookmark,
  getBookmark,
  normalizeState,
  readStateFile,
  setBookmark,
  setCurrentlySyncing,
  StateError,
  type State,
} from '../src';
import { thrown } from './thrown';
import { tempFiles } from './tmp-files';

describe('state helpers', () => {
  const state: State = Object.freeze({
    currently_syncing: null,
    bookmarks: Object.freeze({ a: { lsn: 1, version: 2 } }),
  });

  test('normalizeState accepts {}, null and missing bookmarks', () => {
    expect(normalizeState({})).toEqual({ bookmarks: {} });
    expect(normalizeState(null)).toEqual({ bookmarks: {} });
    expect(normalizeState({ currently_syncing: 'a' })).toEqual({ currently_syncing: 'a', bookmarks: {} });
    expect(normalizeState(state)).toEqual(state);
  });

  test.each([[[]], ['x'], [{ bookmarks: [] }], [{ bookmarks: { a: 1 } }], [{ currently_syncing: 3 }]])(
    'normalizeState refuses %j',
    (value) => expect(() => normalizeState(value)).toThrow(StateError),
  );

  test('pure helpers return new objects', () => {
    const set = setBookmark(state, 'a', { lsn: 5, version: undefined });
    expect(set.bookmarks.a).toEqual({ lsn: 5 });
    expect(state.bookmarks.a).toEqual({ lsn: 1, version: 2 });
    expect(getBookmark(set, 'b')).toBeUndefined();
    expect(getBookmark(setBookmark(state, 'b', { x: 1 }), 'b')).toEqual({ x: 1 });
    expect(clearBookmark(state, 'a')).toEqual({ currently_syncing: null, bookmarks: {} });
    expect(clearBookmark(state, 'a', 'lsn').bookmarks.a).toEqual({ version: 2 });
    expect(setCurrentlySyncing(state, 'a').currently_syncing).toBe('a');
    expect(getBookmark(state, 'toString')).toBeUndefined();
  });
});

describe('readStateFile', () => {
  test('reads and normalizes; `{}` is the empty state', () => {
    const files = tempFiles({ good: '{"bookmarks":{"a":{"lsn":3}}}', start: '{}\n' });
    expect(readStateFile(files.good)).toEqual({ bookmarks: { a: { lsn: 3 } } });
    expect(readStateFile(files.start)).toEqual({ bookmarks: {} });
  });

  test.each([
    ['0 bytes', ''],
    ['a newline', '\n'],
    ['blanks', ' \t\r\n '],
  ])('an empty file (%s) is an error saying how to start over, not an empty state', (_name, text) => {
    const files = tempFiles({ truncated: text });
    const error = thrown(() => readStateFile(files.truncated), StateError);
    expect(error).toMatchObject({ code: 'STATE_EMPTY', known: true });
    expect(error.message).toMatch(/^--state .*truncated: the file is empty$/);
    expect(error.fix).toMatch(/restore .*truncated from the last state line .* writing \{\} into it/);
  });

  test('errors name the flag and path', () => {
    const files = tempFiles({ bad: '{nope', list: '[]' });
    expect(() => readStateFile(`${files.bad}-missing`)).toThrow(/^--state .*-missing: file not found$/);
    expect(() => readStateFile(files.bad)).toThrow(/^--state .*bad: not valid JSON/);
    expect(() => readStateFile(files.list)).toThrow(/^--state .*list: state must be a JSON object/);
  });
});

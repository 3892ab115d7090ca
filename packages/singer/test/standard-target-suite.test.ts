import { existsSync } from 'node:fs';
import {
  checkTargetFixture,
  compareRows,
  defineStandardTargetSuite,
  FIXTURES_DIR,
  printedStates,
  readFixture,
  TARGET_FIXTURES,
  targetFixture,
  valuesMatch,
} from '../src/testing';
import { memoryTarget } from './memory-target';

describe('the fixtures', () => {
  test('the required fixtures exist as .singer files in the package', () => {
    const names = TARGET_FIXTURES.map((fixture) => fixture.name);
    for (const name of [
      'record-before-schema',
      'schema-update',
      'key-updates',
      'duplicate-records-in-one-batch',
      'special-characters',
      'several-state-messages',
      'no-key-properties',
      'camelcase-and-reserved-names',
      'nested-objects',
      'hard-delete',
      'multiple-streams-interleaved-states',
    ]) {
      expect(names).toContain(name);
    }
    for (const fixture of TARGET_FIXTURES) expect(existsSync(fixture.path)).toBe(true);
    expect(FIXTURES_DIR).toMatch(/packages\/singer\/fixtures$/);
    expect(readFixture('special-characters')).toContain('\\ud834\\udd1e');
  });
});

describe('a reference in-memory target passes', () => {
  defineStandardTargetSuite(memoryTarget());
});

describe('the suite catches wrong targets', () => {
  test.each([
    ['duplicate-records-in-one-batch', { noDedupe: true }],
    ['key-updates', { noDedupe: true }],
    ['several-state-messages', { reverseStates: true }],
    ['hard-delete', { ignoreHardDelete: true }],
  ])('%s with %j', async (name, faults) => {
    await expect(checkTargetFixture(memoryTarget(faults), targetFixture(name))).rejects.toThrow();
  });

  test('a target that succeeds on record-before-schema fails the suite', async () => {
    const adapter = { ...memoryTarget(), runTarget: () => Promise.resolve({ code: 0, stdout: '', stderr: '' }) };
    await expect(checkTargetFixture(adapter, targetFixture('record-before-schema'))).rejects.toThrow();
  });

  test('a stack trace on a known failure fails the suite', async () => {
    const stderr = 'CRITICAL no schema\n    at Object.<anonymous> (/x/y.js:1:2)\n';
    const adapter = { ...memoryTarget(), runTarget: () => Promise.resolve({ code: 1, stdout: '', stderr }) };
    await expect(checkTargetFixture(adapter, targetFixture('record-before-schema'))).rejects.toThrow();
  });
});

describe('value matching is target-neutral', () => {
  test.each([
    [1, '1'],
    [1.5, '1.50'],
    [12, BigInt(12)],
    [true, 't'],
    [false, 'false'],
    ['2024-01-02T03:04:05.000000+00:00', new Date('2024-01-02T03:04:05Z')],
    [{ a: [1, { b: null }] }, '{"a": [1, {"b": null}]}'],
    [['x'], ['x']],
    [null, undefined],
  ])('%j matches %j', (expected, actual) => expect(valuesMatch(expected, actual)).toBe(true));

  test.each([
    [1, '2'],
    [true, 'f'],
    ['a', 'b'],
    [{ a: 1 }, '{"a": 2}'],
    [null, 0],
  ])('%j does not match %j', (expected, actual) => expect(valuesMatch(expected, actual)).toBe(false));

  test('compareRows finds columns ignoring case and ignores extra columns', () => {
    const compared = compareRows(
      's',
      [
        { id: 2, firstName: 'b' },
        { id: 1, firstName: 'a' },
      ],
      [
        { id: '1', firstname: 'a', _sdc_batched_at: new Date() },
        { id: '2', firstname: 'b', _sdc_batched_at: new Date() },
      ],
    );
    expect(compared.actual).toEqual(compared.expected);
  });

  test('printedStates reads one JSON value per line', () => {
    expect(printedStates('{"a":1}\n\n{"b":2}\n')).toEqual([{ a: 1 }, { b: 2 }]);
  });
});

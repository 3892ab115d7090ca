import fc from 'fast-check';
import { testDatabase } from '@pgsinger/testkit';
import {
  canonicalInstant,
  canonicalLocal,
  canonicalNumber,
  canonicalUuid,
  keyCanonicalizer,
} from '../../src/encode/key-text';

const db = testDatabase({ prefix: 'tgt_keytext' });

describe('key canonicalisers: equal key values share one dedupe key, as PostgreSQL compares them', () => {
  it.each([
    [
      [
        '1234567890123456789012345678901234567890',
        '1234567890123456789012345678901234567890.0',
        '1.234567890123456789012345678901234567890e39',
      ],
    ],
    [['0', '-0', '0.000', '0e10', '-0.0E-3']],
    [['-12.5', '-12.50', '-1.25e1', '-125e-1', '-0012.500']],
    [['0.001', '1e-3', '.001', '0.0010']],
    [['100', '1e2', '100.00', '1E+2']],
  ])('numbers %j', (spellings) => {
    const canonical = new Set(spellings.map(canonicalNumber));
    expect(canonical.size).toBe(1);
  });

  it('leaves what it cannot read as it is', () => {
    expect(canonicalNumber('NaN')).toBe('NaN');
    expect(canonicalNumber('12abc')).toBe('12abc');
    expect(canonicalInstant('infinity')).toBe('infinity');
    expect(canonicalInstant('4713-01-01 00:00:00 BC')).toBe('4713-01-01 00:00:00 BC');
    expect(canonicalUuid('not-a-uuid')).toBe('not-a-uuid');
    expect(keyCanonicalizer('text')).toBeUndefined();
    expect(keyCanonicalizer('double precision')).toBeUndefined();
  });

  it("keeps our tap's spellings as they are (no work for them)", () => {
    for (const text of ['2024-01-02T03:04:05+00:00', '2024-01-02T03:04:05.123456+00:00'])
      expect(canonicalInstant(text)).toBe(text);
    expect(canonicalNumber('12345678901234567890')).toBe('12345678901234567890');
    expect(canonicalUuid('550e8400-e29b-41d4-a716-446655440000')).toBe('550e8400-e29b-41d4-a716-446655440000');
  });

  it.each([
    [
      [
        '2020-01-01T00:00:00Z',
        '2020-01-01T00:00:00+00:00',
        '2020-01-01 00:00:00',
        '2020-01-01T01:00:00+01:00',
        '2019-12-31T19:00:00-05:00',
        '2020-01-01T00:00:00.000000Z',
        '2020-01-01t00:00:00z',
        '2020-01-01T05:30:00+0530',
      ],
    ],
    [['2024-02-29T23:59:59.5Z', '2024-03-01T00:59:59.500000+01:00', '2024-02-29 23:59:59.500']],
  ])('instants %j', (spellings) => {
    expect(new Set(spellings.map(canonicalInstant)).size).toBe(1);
  });

  it('local timestamps ignore the offset, as PostgreSQL does for timestamp without time zone', () => {
    expect(canonicalLocal('2020-01-01T00:00:00+05:00')).toBe(canonicalLocal('2020-01-01 00:00:00'));
    expect(canonicalLocal('2020-01-01T00:00:00.1')).toBe(canonicalLocal('2020-01-01T00:00:00.100000Z'));
  });

  it('uuids in any case, with braces or without hyphens', () => {
    const spellings = [
      '550E8400-E29B-41D4-A716-446655440000',
      '{550e8400-e29b-41d4-a716-446655440000}',
      '550e8400e29b41d4a716446655440000',
    ];
    expect(new Set(spellings.map(canonicalUuid))).toEqual(new Set(['550e8400-e29b-41d4-a716-446655440000']));
  });

  const decimal = fc
    .tuple(
      fc.constantFrom('', '-'),
      fc.stringMatching(/^[0-9]{0,4}$/),
      fc.option(fc.stringMatching(/^[0-9]{0,4}$/), { nil: undefined }),
      fc.option(fc.integer({ min: -6, max: 6 }), { nil: undefined }),
    )
    .filter(([, int, frac]) => int !== '' || (frac ?? '') !== '')
    .map(
      ([sign, int, frac, exp]) =>
        `${sign}${int}${frac === undefined ? '' : `.${frac}`}${exp === undefined ? '' : `e${exp}`}`,
    );

  it('numbers: two spellings have one canonical text exactly when PostgreSQL finds them equal', async () => {
    const pairs = fc.sample(fc.tuple(decimal, decimal), 3000);
    // Many pairs that are equal, too: each spelling against respellings of itself.
    for (const [a] of pairs.slice(0, 500)) pairs.push([a, `${a}0`], [a, canonicalNumber(a)]);
    const res = await db.query<{ eq: boolean[] }>(
      `SELECT array_agg(a::numeric = b::numeric ORDER BY i) AS eq FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS p(a, b, i)`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    const wrong = pairs.filter(([a, b], i) => (canonicalNumber(a) === canonicalNumber(b)) !== res.rows[0]?.eq[i]);
    expect(wrong).toEqual([]);
  });

  it('instants: two spellings have one canonical text exactly when PostgreSQL finds them equal', async () => {
    const instant = fc
      .tuple(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom('Z', '+00:00', '', '+01:00', '-05:30', '+0530', '+14'),
        fc.constantFrom('T', ' '),
      )
      .map(([date, micros, zone, sep]) => {
        const iso = date.toISOString(); // 2024-01-02T03:04:05.678Z
        const fraction = micros === 0 ? iso.slice(19, 23) : `${iso.slice(19, 23)}${String(micros).padStart(3, '0')}`;
        return `${iso.slice(0, 10)}${sep}${iso.slice(11, 19)}${fraction}${zone}`;
      });
    // One instant written at two offsets: equal.
    const at = (date: Date, minutes: number): string => {
      const local = new Date(date.getTime() + minutes * 60_000).toISOString().slice(0, 23);
      const hhmm = `${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;
      return `${local}${minutes < 0 ? '-' : '+'}${hhmm}`;
    };
    const offsets = fc.integer({ min: -14 * 60, max: 14 * 60 });
    const shifted = fc
      .tuple(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        offsets,
        offsets,
      )
      .map(([date, a, b]): [string, string] => [at(date, a), at(date, b)]);
    const pairs = [...fc.sample(fc.tuple(instant, instant), 1000), ...fc.sample(shifted, 500)];
    for (const [a] of pairs.slice(0, 300)) pairs.push([a, canonicalInstant(a)]);
    const res = await db.query<{ eq: boolean[] }>(
      `SELECT array_agg(a::timestamptz = b::timestamptz ORDER BY i) AS eq
         FROM (SELECT set_config('TimeZone', 'UTC', true)) s, unnest($1::text[], $2::text[]) WITH ORDINALITY AS p(a, b, i)`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    const wrong = pairs.filter(([a, b], i) => (canonicalInstant(a) === canonicalInstant(b)) !== res.rows[0]?.eq[i]);
    expect(wrong).toEqual([]);
  });
});

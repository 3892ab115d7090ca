import { SingerError } from '@pgsinger/singer';
import { toQueryError } from '../../src/query-error';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('toQueryError: connection loss is a known error', () => {
  it.each([
    ['pg_terminate_backend (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['connection failure (08006)', withCode('connection failure', '08006')],
    ['read ECONNRESET', withCode('read ECONNRESET', 'ECONNRESET')],
    ['write EPIPE', withCode('write EPIPE', 'EPIPE')],
    ['Connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    ['the replication connection closed', new Error('The replication connection closed')],
    ['a wrapped loss', new Error('Replication failed', { cause: withCode('read ECONNRESET', 'ECONNRESET') })],
  ])('%s: one line naming the server, with the fix', (_name, error) => {
    const known = toQueryError(error, 'db.example:5432/app');
    expect(known).toBeInstanceOf(SingerError);
    const { message, code, fix } = known as SingerError;
    expect(message).toMatch(/^Lost the connection to PostgreSQL at db\.example:5432\/app: /);
    expect(message).not.toContain('\n');
    expect(code).toBe('PG_CONNECTION_LOST');
    expect(fix).toMatch(/rerun the tap from the last state/);
  });

  it('other server errors keep their SQLSTATE; anything else is left alone', () => {
    const denied = toQueryError(withCode('permission denied for table t', '42501'), 'h:5432/d') as SingerError;
    expect(denied.message).toBe('PostgreSQL error 42501: permission denied for table t');
    expect(denied.fix).toMatch(/USAGE on the schema, SELECT on the table/);
    const bug = new TypeError('x is undefined');
    expect(toQueryError(bug, 'h:5432/d')).toBe(bug);
    const known = new SingerError('known', 'K', 'fix');
    expect(toQueryError(known)).toBe(known);
  });
});

describe("toQueryError keeps PostgreSQL's DETAIL and HINT", () => {
  const serverError = (message: string, code: string, fields: { detail?: string; hint?: string }): Error =>
    Object.assign(new Error(message), { code, ...fields });

  it.each([
    [
      serverError('materialized view "r" has not been populated', '55000', {
        hint: 'Use the REFRESH MATERIALIZED VIEW command.',
      }),
      'PostgreSQL error 55000: materialized view "r" has not been populated',
      'Use the REFRESH MATERIALIZED VIEW command.',
    ],
    [
      serverError('all replication slots are in use', '53400', {
        hint: 'Free one or increase max_replication_slots.',
      }),
      'PostgreSQL error 53400: all replication slots are in use',
      'Free one or increase max_replication_slots.',
    ],
    [
      serverError('boom', 'P0001', { detail: 'row 7\nwas odd', hint: 'fix row 7' }),
      'PostgreSQL error P0001: boom (DETAIL: row 7 was odd)',
      'fix row 7',
    ],
  ])('%#: the message with its DETAIL, the HINT as the fix', (error, message, fix) => {
    const known = toQueryError(error) as SingerError;
    expect(known.message).toBe(message);
    expect(known.fix).toBe(fix);
  });

  it.each([
    ['22012', /a value could not be computed/],
    ['40001', /concurrent transaction: rerun/],
    ['53100', /ran out of a resource/],
    ['42P01', /--discover/],
    ['57014', /statement_timeout/],
    ['XX000', /SQLSTATE XX000/],
  ])('without a HINT, SQLSTATE %s gets the fix of its class, never "see the server log"', (code, fix) => {
    const known = toQueryError(serverError('failed', code, {})) as SingerError;
    expect(known.fix).toMatch(fix);
    expect(known.fix).not.toMatch(/server log/);
  });
});

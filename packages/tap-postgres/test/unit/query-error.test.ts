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
    const bug = new TypeError('x is undefined');
    expect(toQueryError(bug, 'h:5432/d')).toBe(bug);
    const known = new SingerError('known', 'K', 'fix');
    expect(toQueryError(known)).toBe(known);
  });
});

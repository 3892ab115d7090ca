import { serverErrorFields } from '@pgsinger/postgres';
import { loadAccess } from '../../src/load-access';
import { targetErrorFix } from '../../src/server-error-fix';

const serverError = (message: string, code: string, fields: Record<string, string> = {}): Error =>
  Object.assign(new Error(message), { code, ...fields });
const access = loadAccess({ user: 'loader', dbname: 'dw', hard_delete: false, activate_version: 'ignore' });
const place = { schema: 'warehouse', table: 'Orders' };
const fix = (error: Error, using = access): string => {
  const fields = serverErrorFields(error);
  if (fields === undefined) throw new Error('not a server error');
  return targetErrorFix(fields, using, place);
};

describe('targetErrorFix: the fix of a destination error by SQLSTATE class', () => {
  it.each([
    ['permission denied for table Orders', 'GRANT SELECT, INSERT, UPDATE ON "warehouse"."Orders" TO "loader"'],
    ['must be owner of table Orders', 'ALTER TABLE "warehouse"."Orders" OWNER TO "loader"'],
    ['permission denied for schema warehouse', 'GRANT USAGE, CREATE ON SCHEMA "warehouse" TO "loader"'],
    ['permission denied for database dw', 'GRANT CREATE ON DATABASE "dw" TO "loader"'],
    ['permission denied to create temporary tables in database "dw"', 'GRANT TEMPORARY ON DATABASE "dw" TO "loader"'],
  ])('42501 %s → the grant or ownership, never the value', (message, expected) => {
    const text = fix(serverError(message, '42501'));
    expect(text).toContain(expected);
    expect(text).not.toMatch(/value/);
  });

  it('DELETE is part of the grant with hard deletes or activate_version hard', () => {
    for (const config of [
      { hard_delete: true, activate_version: 'ignore' as const },
      { hard_delete: false, activate_version: 'hard' as const },
    ])
      expect(
        fix(
          serverError('permission denied for table Orders', '42501'),
          loadAccess({ user: 'loader', dbname: 'dw', ...config }),
        ),
      ).toContain('GRANT SELECT, INSERT, UPDATE, DELETE ON');
  });

  it.each([
    ['23505', { constraint: 'orders_pkey' }, /the row breaks constraint orders_pkey of "warehouse"."Orders"/],
    ['23502', { column: 'label' }, /the row breaks the NOT NULL constraint of column label/],
    ['23514', {}, /the row breaks a constraint of/],
    ['22003', {}, /fix the value in the source or the column type/],
    ['08006', {}, /the connection to the destination failed/],
    ['40P01', {}, /deadlock or serialization/],
    ['53100', {}, /ran out of a resource/],
    ['57014', {}, /statement_timeout/],
    ['XX000', {}, /SQLSTATE XX000/],
  ])('%s → the fix of its class', (code, fields, expected) => {
    expect(fix(serverError('failed', code, fields))).toMatch(expected);
  });

  it("the server's HINT wins, except for privileges", () => {
    expect(fix(serverError('x', '55000', { hint: 'Use the REFRESH MATERIALIZED VIEW command.' }))).toMatch(
      /^Use the REFRESH MATERIALIZED VIEW command\.; /,
    );
  });
});

import { PostgresConnectionError } from '@pgsinger/postgres';

/** The PostgresConnectionError a connection attempt rejects with (fails the test when it resolves or throws else). */
export async function connectionFailure(attempt: Promise<unknown>): Promise<PostgresConnectionError> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PostgresConnectionError);
  return error as PostgresConnectionError;
}

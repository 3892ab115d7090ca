import { failure, findSecrets, runBin } from '@pgsinger/testkit';

/** Enough input to make the target connect (it connects lazily). */
export const ONE_RECORD = [
  '{"type":"SCHEMA","stream":"probe","schema":{"properties":{"id":{"type":"integer"}}},"key_properties":["id"]}',
  '{"type":"RECORD","stream":"probe","record":{"id":1}}',
  '',
].join('\n');

/**
 * Runs the target on ONE_RECORD with a config that cannot connect (e.g. a wrong secret): it must exit 1 with one
 * CRITICAL line and no stack, and print none of `secrets`. Returns that line.
 */
export async function refusedTarget(config: string, secrets: readonly string[]): Promise<string> {
  const result = await runBin('target-postgres', ['--config', config], { input: ONE_RECORD });
  expect(findSecrets(result.stderr, secrets)).toEqual([]);
  expect(result.code).toBe(1);
  return failure(result);
}

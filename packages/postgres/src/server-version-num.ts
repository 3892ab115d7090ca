import type { Queryable } from './queryable';

/** The server's `server_version_num` (e.g. 150004 for 15.4). */
export async function serverVersionNum(client: Queryable): Promise<number> {
  const result = await client.query<{ server_version_num: string }>('SHOW server_version_num');
  const value = Number(result.rows[0]?.server_version_num);
  if (!Number.isInteger(value)) throw new Error('The server did not report server_version_num');
  return value;
}

/** The major version of a `server_version_num` (150004 → 15; 90624 → 9.6). */
export function majorVersion(versionNum: number): number {
  const major = Math.floor(versionNum / 10000);
  return versionNum >= 100000 ? major : major + (Math.floor(versionNum / 100) % 100) / 10;
}

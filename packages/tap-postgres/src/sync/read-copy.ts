import { Byte } from '@pgsinger/singer';
import type { Client, ClientBase } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { copyStatement } from './copy-statement';
import type { SelectQuery } from './select-query';

/**
 * Runs a query as `COPY (…) TO STDOUT` and yields its output in pieces of whole lines (COPY text: one row per line,
 * each ending in `\n`); a row split across network reads is carried to the next piece. Waiting between pieces pauses
 * the socket. Leaving early ends the connection: a COPY cannot be stopped midway on it, and every early exit (a stop
 * by signal, a failed stdout, a bug) ends the run; the server rolls the read-only transaction back. A server error
 * ends the COPY itself and leaves the connection usable.
 */
export async function* readCopyLines(client: ClientBase, query: SelectQuery): AsyncGenerator<Buffer, void, undefined> {
  const statement = copyStatement(query);
  if (statement.settings !== undefined) await client.query(statement.settings.text, statement.settings.values);
  const stream = client.query(copyTo(statement.copy));
  let done = false;
  // The row a network read splits is joined alone (not the whole read with it); a row longer than a read (a large
  // bytea, say) gathers its pieces here and is joined once.
  const partial: Buffer[] = [];
  try {
    for await (const chunk of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      let from = 0;
      if (partial.length > 0) {
        const firstNewline = chunk.indexOf(Byte.Newline);
        if (firstNewline === -1) {
          partial.push(chunk);
          continue;
        }
        from = firstNewline + 1;
        yield Buffer.concat([...partial.splice(0), chunk.subarray(0, from)]);
      }
      const lastNewline = chunk.lastIndexOf(Byte.Newline);
      if (lastNewline + 1 > from) yield chunk.subarray(from, lastNewline + 1);
      if (Math.max(lastNewline + 1, from) < chunk.length) partial.push(chunk.subarray(Math.max(lastNewline + 1, from)));
    }
    done = true;
  } finally {
    if (!done && !stream.readableEnded && stream.errored === null) {
      stream.on('error', () => undefined); // "Connection terminated": the end asked for
      await (client as Client).end().catch(() => undefined);
    }
  }
}

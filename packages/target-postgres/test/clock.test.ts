import { connect } from '@pgsinger/postgres';
import { createLogger, ManualClock } from '@pgsinger/singer';
import { testDatabase } from '@pgsinger/testkit';
import { resolveSettings } from '../src/config';
import { ConnectionPool } from '../src/load/connection-pool';
import { Target } from '../src/target';
import { rec, schemaMsg, SCHEMA, singer, state } from './harness';

const db = testDatabase({ prefix: 'tgt_clock' });
const logger = createLogger({ name: 'target-postgres', level: 'error' });

/** Input whose first chunk is handed over at once; `handled` resolves once the loop asks for more, `end()` ends it. */
function gatedInput(first: string): { input: NodeJS.ReadableStream; handled: Promise<void>; end: () => void } {
  let handledNow!: () => void;
  let endNow!: () => void;
  const handled = new Promise<void>((resolve) => (handledNow = resolve));
  const ended = new Promise<void>((resolve) => (endNow = resolve));
  async function* chunks(): AsyncGenerator<Buffer> {
    yield Buffer.from(first);
    handledNow();
    await ended;
  }
  return { input: chunks() as unknown as NodeJS.ReadableStream, handled, end: endNow };
}

describe('the target with an injected clock', () => {
  it('batch_flush_interval: an idle stream loads when the clock passes the interval, and its state is printed', async () => {
    const settings = resolveSettings(
      { ...db.settings, default_target_schema: SCHEMA, batch_flush_interval: 60 },
      logger,
    );
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    const pool = new ConnectionPool(() => connect(settings.config), 1);
    const printed: string[] = [];
    let onPrint = (): void => undefined;
    const writer = {
      writeLine: (line: string): Promise<void> => {
        printed.push(line);
        onPrint();
        return Promise.resolve();
      },
      flush: (): Promise<void> => Promise.resolve(),
    };
    const { input, handled, end } = gatedInput(
      singer([schemaMsg('aged', { id: { type: 'integer' } }), rec('aged', { id: 1 }), state({ n: 1 })]),
    );
    try {
      const run = new Target({ settings, logger, pool, writer, clock }).run(input);
      await handled;
      clock.advance(59_000);
      await new Promise((resolve) => setImmediate(resolve));
      expect(printed).toEqual([]);
      const firstPrint = new Promise<void>((resolve) => (onPrint = resolve));
      clock.advance(1_000);
      await firstPrint;
      expect(printed).toEqual(['{"n":1}']);
      expect((await db.query(`SELECT id FROM ${SCHEMA}.aged`)).rows).toEqual([{ id: '1' }]);
      end();
      await run;
      expect(printed).toEqual(['{"n":1}']);
    } finally {
      end();
      await pool.close();
    }
  });
});

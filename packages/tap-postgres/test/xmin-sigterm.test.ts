import { choose, runBinWatched, signalAt, testDatabase } from '@pgsinger/testkit';
import { bigTableSql, configFile, parseOutput, selectedCatalog } from './helpers';

const db = testDatabase({ prefix: 'tap_xmin_sigterm' });
const ROWS = 200_000;

beforeAll(async () => {
  await db.query(bigTableSql(ROWS));
});

describe('XMIN and SIGTERM', () => {
  it('SIGTERM mid XMIN: exits 143 and the last stdout line is a STATE', async () => {
    const config = configFile(db, { itersize: 1000 });
    const catalog = await selectedCatalog(config, choose(['public-big'], { method: 'XMIN' }));
    const args = ['-c', config, '--catalog', catalog];
    const result = await runBinWatched('tap-postgres', args, signalAt('"type":"RECORD"', 'SIGTERM'));
    expect(result.code).toBe(143);
    const messages = parseOutput(result.stdout);
    expect(messages.filter((m) => m.type === 'RECORD').length).toBeLessThan(ROWS);
    const last = messages[messages.length - 1];
    expect(last.type).toBe('STATE');
    // The bookmark has not moved: a rerun reads the rows again (at least once), never skips them.
    expect(last.value?.bookmarks['public-big']?.xmin).toBeUndefined();
  });
});

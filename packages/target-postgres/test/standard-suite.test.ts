import { defineStandardTargetSuite } from '@pgsinger/singer/testing';
import { SCHEMA, targetHarness } from './harness';

const h = targetHarness('tgt_std');

describe('target-postgres', () => {
  defineStandardTargetSuite(
    {
      // The suite's no-key fixture expects append-only loading; our default (pipelinewise's) refuses keyless streams.
      runTarget: (text, overrides) => h.run(text, { primary_key_required: false, ...overrides }),
      readRows: async (stream) => {
        const table = stream.replace(/[.-]/g, '_').toLowerCase();
        return (await h.db.query(`SELECT * FROM "${SCHEMA}"."${table}"`)).rows as Record<string, unknown>[];
      },
      resetDestination: h.reset,
    },
    { timeout: 30_000 },
  );
});

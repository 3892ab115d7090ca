import { resolveSettings } from '../../src/config';

const base = { host: 'h', user: 'u', password: 'p', dbname: 'd', default_target_schema: 's' };
const quiet = { warn: jest.fn() };

describe('resolveSettings', () => {
  it('fills pipelinewise defaults', () => {
    const { config, workers, metadataColumns, tableVersionColumn } = resolveSettings(base, quiet);
    expect(config).toMatchObject({
      port: 5432,
      batch_size_rows: 100000,
      batch_flush_interval: 60,
      flush_all_streams: false,
      parallelism: 0,
      max_parallelism: 16,
      add_metadata_columns: false,
      hard_delete: false,
      data_flattening_max_level: 0,
      primary_key_required: true,
      validate_records: false,
      activate_version: 'ignore',
    });
    expect(workers).toBe(16);
    expect(metadataColumns).toBe(false);
    expect(tableVersionColumn).toBe(false);
  });

  it('accepts the aliases and derives implied options', () => {
    const s = resolveSettings(
      {
        ...base,
        parallelism: 4,
        parallelism_max: 2,
        default_target_schema_select_permission: 'Reader',
        hard_delete: true,
      },
      quiet,
    );
    expect(s.workers).toBe(2);
    expect(s.defaultGrantees).toEqual(['reader']);
    expect(s.metadataColumns).toBe(true);
    expect(resolveSettings({ ...base, activate_version: 'soft' }, quiet)).toMatchObject({
      metadataColumns: true,
      tableVersionColumn: true,
    });
  });

  it('warns about unknown keys and reports every problem at once', () => {
    const warn = jest.fn();
    resolveSettings({ ...base, some_orchestrator_key: 1 }, { warn });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('some_orchestrator_key'));
    expect(() => resolveSettings({ ...base, batch_size_rows: 0, activate_version: 'x' }, quiet)).toThrow(
      /2 problems.*batch_size_rows.*activate_version/,
    );
    expect(() => resolveSettings({ host: 'h', user: 'u', dbname: 'd' }, quiet)).toThrow(/default_target_schema/);
  });
});

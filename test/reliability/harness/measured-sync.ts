import { collect, discoverCatalog, feed, selectStreams, spawnBin, writeJsonTemp } from '@pgsinger/testkit';
import type { BinResult, StreamChoice } from '@pgsinger/testkit';
import { watchPeakRss } from './peak-rss';

/** Connection settings as the CLIs take them. */
export interface DbSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly dbname: string;
}

/** A measured `tap | target` run. */
export interface MeasuredSync {
  readonly tap: BinResult;
  readonly target: BinResult;
  readonly streams: number;
  readonly discoverMs: number;
  readonly syncMs: number;
  readonly tapPeakMb: number;
  readonly targetPeakMb: number;
  /** The target's last state line (the next run's `--state`), if it printed one (its stdout holds only that). */
  readonly state: string | undefined;
}

/** What measuredSync syncs: `tap` and `target` add config keys, `state` is the previous run's state line. */
export interface MeasuredSyncOptions {
  readonly schemas: string[];
  readonly targetSchema: string;
  readonly selection: StreamChoice;
  readonly timeoutMs: number;
  readonly tap?: object;
  readonly target?: object;
  readonly state?: string;
}

/** Discovers `schemas`, selects every stream with `method`, runs tap | target into `targetSchema`, measuring it. */
export async function measuredSync(settings: DbSettings, options: MeasuredSyncOptions): Promise<MeasuredSync> {
  const tapConfig = writeJsonTemp({ ...settings, filter_schemas: options.schemas, ...options.tap }, 'tap');
  const started = Date.now();
  const catalog = selectStreams(
    await discoverCatalog(tapConfig, { timeoutMs: options.timeoutMs }),
    () => options.selection,
  );
  const discoverMs = Date.now() - started;
  const targetConfig = writeJsonTemp(
    { ...settings, default_target_schema: options.targetSchema, ...options.target },
    'target',
  );
  const catalogFile = writeJsonTemp(catalog, 'catalog');
  const syncStarted = Date.now();
  const stateArgs = options.state === undefined ? [] : ['--state', writeJsonTemp(JSON.parse(options.state), 'state')];
  const tap = spawnBin('tap-postgres', ['--config', tapConfig, '--catalog', catalogFile, ...stateArgs]);
  const target = spawnBin('target-postgres', ['--config', targetConfig]);
  feed(tap, undefined);
  target.stdin?.on('error', () => undefined);
  tap.stdout?.pipe(target.stdin!);
  target.once('exit', () => tap.stdout?.destroy());
  const rss = watchPeakRss([tap.pid ?? 0, target.pid ?? 0]);
  const [tapResult, targetResult] = await Promise.all([
    collect(tap, options.timeoutMs, { stdout: false }),
    collect(target, options.timeoutMs, { stdout: 'last-line' }),
  ]);
  const peaks = rss.stop();
  return {
    state: targetResult.stdout.trim() === '' ? undefined : targetResult.stdout.trim(),
    tap: tapResult,
    target: targetResult,
    streams: catalog.streams.length,
    discoverMs,
    syncMs: Date.now() - syncStarted,
    tapPeakMb: peaks[tap.pid ?? 0] ?? 0,
    targetPeakMb: peaks[target.pid ?? 0] ?? 0,
  };
}

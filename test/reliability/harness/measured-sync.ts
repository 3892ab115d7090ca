import { collect, feed, spawnBin, writeJsonTemp } from '@pgsinger/testkit';
import type { BinResult } from '@pgsinger/testkit';
import { discover, selectCatalog } from './catalog';
import type { StreamSelection } from './catalog';
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
}

/** Discovers `schemas`, selects every stream with `method`, runs tap | target into `targetSchema`, measuring it. */
export async function measuredSync(
  settings: DbSettings,
  options: { schemas: string[]; targetSchema: string; selection: StreamSelection; timeoutMs: number; target?: object },
): Promise<MeasuredSync> {
  const tapConfig = writeJsonTemp({ ...settings, filter_schemas: options.schemas }, 'tap');
  const started = Date.now();
  const catalog = selectCatalog(await discover(tapConfig, options.timeoutMs), () => options.selection);
  const discoverMs = Date.now() - started;
  const targetConfig = writeJsonTemp(
    { ...settings, default_target_schema: options.targetSchema, ...options.target },
    'target',
  );
  const catalogFile = writeJsonTemp(catalog, 'catalog');
  const syncStarted = Date.now();
  const tap = spawnBin('tap-postgres', ['--config', tapConfig, '--catalog', catalogFile]);
  const target = spawnBin('target-postgres', ['--config', targetConfig]);
  feed(tap, undefined);
  target.stdin?.on('error', () => undefined);
  tap.stdout?.pipe(target.stdin!);
  target.once('exit', () => tap.stdout?.destroy());
  const rss = watchPeakRss([tap.pid ?? 0, target.pid ?? 0]);
  const [tapResult, targetResult] = await Promise.all([
    collect(tap, options.timeoutMs, { stdout: false }),
    collect(target, options.timeoutMs),
  ]);
  const peaks = rss.stop();
  return {
    tap: tapResult,
    target: targetResult,
    streams: catalog.streams.length,
    discoverMs,
    syncMs: Date.now() - syncStarted,
    tapPeakMb: peaks[tap.pid ?? 0] ?? 0,
    targetPeakMb: peaks[target.pid ?? 0] ?? 0,
  };
}

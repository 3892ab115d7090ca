import { isKnownError, SingerError, type Logger } from '@pgsinger/singer';
import { sqlState } from '@pgsinger/postgres';
import { connectionLoss, toQueryError } from './query-error';

/** The exit code of a run that synced every stream it could but where some failed (docs/operations.md). */
export const STREAMS_FAILED_EXIT_CODE = 3;

/** What StreamFailures needs from the run. */
export interface StreamFailuresOptions {
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** `stop_on_stream_error`: the first stream error ends the run (pipelinewise's behaviour). */
  readonly stopOnError: boolean;
}

/**
 * The streams of a run that failed. A failure that concerns only its streams — a server error on their tables, a
 * catalog, permission or replication problem of theirs — is logged as one ERROR line and the run goes on; the loss of
 * the connection, a stop by signal, a failed stdout or an unexpected error (a bug) end the run at once.
 */
export class StreamFailures {
  private readonly failed = new Map<string, string>();

  constructor(private readonly options: StreamFailuresOptions) {}

  /** How many streams failed so far. */
  get count(): number {
    return this.failed.size;
  }

  /** Whether this error ends the whole run (it is then rethrown by `fail`). */
  endsRun(error: unknown): boolean {
    if (this.options.signal.aborted || this.options.stopOnError) return true;
    if (connectionLoss(error) !== undefined) return true;
    return sqlState(error) === undefined && !isKnownError(error);
  }

  /** Records that these streams failed with this error and logs it; rethrows the error when it ends the run. */
  fail(tapStreamIds: readonly string[], error: unknown): void {
    if (this.endsRun(error)) throw error;
    const known = toQueryError(error);
    const { message, fix } = isKnownError(known) ? known : { message: String(known), fix: undefined };
    const ids = tapStreamIds.filter((id) => !this.failed.has(id));
    if (ids.length === 0) return;
    for (const id of ids) this.failed.set(id, message);
    const what = ids.length === 1 ? `stream ${ids[0]}` : `streams ${ids.join(', ')}`;
    this.options.logger.error(
      `${what} failed and was skipped: ${message}${fix === undefined ? '' : ` — ${fix}`} (the other streams go on)`,
    );
  }

  /** The error that ends a run whose failed streams were skipped (exit 3), or undefined when none failed. */
  summary(total: number): SingerError | undefined {
    if (this.failed.size === 0) return undefined;
    const ids = [...this.failed.keys()];
    return new SingerError(
      `${ids.length} of ${total} streams failed: ${ids.join(', ')}; the other streams were synced`,
      'STREAMS_FAILED',
      'fix what the ERROR line of each says and rerun; the final state covers the synced streams and keeps the ' +
        "failed ones' bookmarks as they were (keep it as the next --state)",
      { exitCode: STREAMS_FAILED_EXIT_CODE },
    );
  }
}

import type { Logger } from '../logging/logger';

/** What `runMain` hands to a CLI's main function (and to its `--test`). */
export interface MainContext<A> {
  /** Aborted on SIGINT/SIGTERM: finish the current batch, write the last state, return. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  readonly argv: A;
}

/** A CLI's `--test`: connect with the merged raw config, check permissions, throw a known error on a problem. */
export type ConnectionTest<A> = (config: Readonly<Record<string, unknown>>, context: MainContext<A>) => Promise<void>;

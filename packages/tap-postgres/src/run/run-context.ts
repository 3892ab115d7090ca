import type { Clock, Logger, MessageWriter } from '@pgsinger/singer';
import type { ClientBase } from 'pg';
import type { TapConfig } from '../config';

/** What every part of a sync run works with; strategies and their helpers extend it, never restate it. */
export interface RunContext {
  /** The tap's connection (a replica with use_secondary): every value as the server's text. */
  readonly client: ClientBase;
  readonly config: TapConfig;
  /** The one writer of stdout. */
  readonly writer: MessageWriter;
  readonly logger: Logger;
  /** Aborted on SIGTERM/SIGINT: stop after a STATE that covers what was written. */
  readonly signal: AbortSignal;
  /** The one source of time: table versions, time_extracted, LOG_BASED run limits and intervals. */
  readonly clock: Clock;
}

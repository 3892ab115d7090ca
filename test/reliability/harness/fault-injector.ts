import type { ChildProcess } from 'node:child_process';
import type { LocalPgServer } from '@pgsinger/testkit';
import type { FaultKind } from './scenarios';

/** application_name of each end (set in their configs), so their backends can be terminated server-side. */
export const TAP_APPLICATION = 'reliability-tap';
export const TARGET_APPLICATION = 'reliability-target';

/** A cluster and the database of the run on it. */
export interface FaultEndpoint {
  readonly server: LocalPgServer;
  readonly dbname: string;
}

/** What a fault can act on. */
export interface FaultContext {
  /** Where the tap reads. */
  readonly source: FaultEndpoint;
  /** Where the target writes. */
  readonly destination: FaultEndpoint;
  readonly tap: ChildProcess;
  readonly target: ChildProcess;
  /** When the run started (Date.now()), for the moment the fault actually came. */
  readonly startedAt: number;
}

/** What the fault actually did (it can come after its victim already exited). */
export interface FaultRecord {
  readonly kind: FaultKind;
  /** When it came, from the start of the run (a backend fault waits for its victim's connection). */
  readonly afterMs: number;
  /** False when the victim had already exited (nothing to do). */
  readonly hit: boolean;
  /** Backends terminated (pg_terminate_backend faults). */
  readonly terminated?: number;
}

const running = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

/** A terminate-backend fault waits this long at most for its victim to hold a connection. */
const BACKEND_WAIT_MS = 10_000;

/** Injects one fault now. */
export async function injectFault(context: FaultContext, kind: FaultKind): Promise<FaultRecord> {
  const { tap, target } = context;
  const now = (): number => Date.now() - context.startedAt;
  switch (kind) {
    case 'kill-tap':
    case 'term-tap': {
      const hit = running(tap);
      if (hit) tap.kill(kind === 'kill-tap' ? 'SIGKILL' : 'SIGTERM');
      return { kind, afterMs: now(), hit };
    }
    case 'kill-target':
    case 'term-target': {
      const hit = running(target);
      if (hit) target.kill(kind === 'kill-target' ? 'SIGKILL' : 'SIGTERM');
      return { kind, afterMs: now(), hit };
    }
    case 'restart-source':
    case 'restart-destination': {
      const { server } = kind === 'restart-source' ? context.source : context.destination;
      const hit = running(tap) || running(target);
      const afterMs = now();
      await server.stopImmediate();
      await server.start();
      return { kind, afterMs, hit };
    }
    case 'terminate-tap-backend':
    case 'terminate-target-backend': {
      const tapSide = kind === 'terminate-tap-backend';
      const victim = tapSide ? tap : target;
      const { server, dbname } = tapSide ? context.source : context.destination;
      const application = tapSide ? TAP_APPLICATION : TARGET_APPLICATION;
      // The victim may be running without a connection yet (starting, or the target before its first batch):
      // the fault comes as soon as it holds one.
      const deadline = Date.now() + BACKEND_WAIT_MS;
      for (;;) {
        const result = await retryOnce(() =>
          server.adminQuery<{ n: number }>(
            `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
              WHERE datname = $1 AND application_name = $2`,
            [dbname, application],
          ),
        );
        const terminated = result.rows[0]?.n ?? 0;
        if (terminated > 0 || !running(victim) || Date.now() > deadline)
          return { kind, afterMs: now(), hit: terminated > 0, terminated };
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }
}

async function retryOnce<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch {
    // A pooled admin connection that died in an earlier server restart: the pool replaces it.
    return fn();
  }
}

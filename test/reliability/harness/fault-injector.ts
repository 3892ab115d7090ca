import type { ChildProcess } from 'node:child_process';
import type { LocalPgServer } from '@pgsinger/testkit';
import type { FaultKind } from './scenarios';

/** application_name of each end (set in their configs), so their backends can be terminated server-side. */
export const TAP_APPLICATION = 'reliability-tap';
export const TARGET_APPLICATION = 'reliability-target';

/** What a fault can act on. */
export interface FaultContext {
  readonly server: LocalPgServer;
  readonly dbname: string;
  readonly tap: ChildProcess;
  readonly target: ChildProcess;
}

/** What the fault actually did (it can come after its victim already exited). */
export interface FaultRecord {
  readonly kind: FaultKind;
  readonly afterMs: number;
  /** False when the victim had already exited (nothing to do). */
  readonly hit: boolean;
  /** Backends terminated (pg_terminate_backend faults). */
  readonly terminated?: number;
}

const running = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

/** Injects one fault now. */
export async function injectFault(context: FaultContext, kind: FaultKind, afterMs: number): Promise<FaultRecord> {
  const { tap, target, server } = context;
  switch (kind) {
    case 'kill-tap':
    case 'term-tap': {
      const hit = running(tap);
      if (hit) tap.kill(kind === 'kill-tap' ? 'SIGKILL' : 'SIGTERM');
      return { kind, afterMs, hit };
    }
    case 'kill-target':
    case 'term-target': {
      const hit = running(target);
      if (hit) target.kill(kind === 'kill-target' ? 'SIGKILL' : 'SIGTERM');
      return { kind, afterMs, hit };
    }
    case 'restart-source': {
      const hit = running(tap) || running(target);
      await server.stopImmediate();
      await server.start();
      return { kind, afterMs, hit };
    }
    case 'terminate-tap-backend':
    case 'terminate-target-backend': {
      const application = kind === 'terminate-tap-backend' ? TAP_APPLICATION : TARGET_APPLICATION;
      const result = await retryOnce(() =>
        server.adminQuery<{ n: number }>(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
            WHERE datname = $1 AND application_name = $2`,
          [context.dbname, application],
        ),
      );
      const terminated = result.rows[0]?.n ?? 0;
      return { kind, afterMs, hit: terminated > 0, terminated };
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

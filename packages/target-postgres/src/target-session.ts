import { connect, type ConnectionSettings, type SessionSettings } from '@pgsinger/postgres';
import type { Client } from 'pg';

/**
 * Settings of every target session, whatever the destination database's or role's defaults: a date-time without an
 * offset is read as UTC, and dates in the one order the taps write them.
 */
export const TARGET_SESSION_SETTINGS: SessionSettings = {
  TimeZone: 'UTC',
  DateStyle: 'ISO, MDY',
  IntervalStyle: 'postgres',
};

/** application_name of target sessions when the config names none. */
export const TARGET_APPLICATION_NAME = 'target-postgres';

/** Opens a target session (loads, DDL, `--test`). */
export function connectTarget(settings: ConnectionSettings): Promise<Client> {
  return connect(settings, { applicationName: TARGET_APPLICATION_NAME, sessionSettings: TARGET_SESSION_SETTINGS });
}
